// Which tab People shows; others (the sync indicator) can open a tab.
import { writable } from 'svelte/store';

export type PeopleTab = 'list' | 'org' | 'devices' | 'focus' | 'time';
export const peopleTab = writable<PeopleTab>('list');
