// The inbox: one tab's items and the unread count, refreshed when the
// documents it is worked out from change (comments, reviews, pages) or
// when I read, finish or put off an item.
import { writable } from 'svelte/store';
import { api, events } from '../api/client';
import { toApiError } from '../api/errors';
import type { InboxItemView } from '../api/types';
import { toasts } from './toasts';

export type InboxTab = '' | 'later' | 'done';

export interface InboxState {
  loaded: boolean;
  tab: InboxTab;
  items: InboxItemView[];
  unread: number;
}

const state = writable<InboxState>({ loaded: false, tab: '', items: [], unread: 0 });
let tab: InboxTab = '';
let started = false;
let timer: ReturnType<typeof setTimeout> | undefined;

async function reload(): Promise<void> {
  const shown = tab;
  try {
    const [items, unread] = await Promise.all([api.inbox(shown), api.inboxUnread()]);
    if (shown === tab) state.set({ loaded: true, tab: shown, items, unread });
  } catch (e) {
    state.update((s) => ({ ...s, loaded: true }));
    toasts.error(toApiError(e).message);
  }
}

function soon(): void {
  clearTimeout(timer);
  timer = setTimeout(() => void reload(), 150);
}

async function run(f: () => Promise<void>): Promise<boolean> {
  try {
    await f();
    await reload();
    return true;
  } catch (e) {
    toasts.error(toApiError(e).message);
    return false;
  }
}

export const inbox = {
  subscribe: state.subscribe,
  start(): void {
    if (started) return;
    started = true;
    events.onInboxChanged(soon);
    events.onThreadsChanged(soon);
    events.onReviewChanged(soon);
    events.onPageChanged((ev) => {
      if (ev.kind !== 'edited' && ev.kind !== 'saved') soon();
    });
    void reload();
    // Items put off come back when their time comes.
    setInterval(() => void reload(), 60_000);
  },
  show(t: InboxTab): void {
    tab = t;
    state.update((s) => ({ ...s, tab: t, loaded: false, items: [] }));
    void reload();
  },
  /** read records that items were actually on screen. */
  read: (keys: string[]) => run(() => api.inboxRead(keys)),
  done: (keys: string[], done = true) => run(() => api.inboxDone(keys, done)),
  later: (key: string, until: string) => run(() => api.inboxLater(key, until)),
};
