// Where the goals screen is: which view, which goal, whose check-ins,
// and whether the check-in form is open.
import { writable } from 'svelte/store';

export type GoalsTab = 'tree' | 'mine' | 'people' | 'divisions' | 'checkins' | 'scoreboard';

export interface GoalsUiState {
  tab: GoalsTab;
  /** The goal open in detail, over the tab; null for the tab itself. */
  goalId: string | null;
  /** Whose check-ins the timeline shows; "" for everyone's. */
  person: string;
  checkInOpen: boolean;
}

const state = writable<GoalsUiState>({ tab: 'tree', goalId: null, person: '', checkInOpen: false });

export const goalsUi = {
  subscribe: state.subscribe,
  tab(tab: GoalsTab): void {
    state.update((s) => ({ ...s, tab, goalId: null }));
  },
  openGoal(goalId: string | null): void {
    state.update((s) => ({ ...s, goalId }));
  },
  person(person: string): void {
    state.update((s) => ({ ...s, tab: 'checkins', goalId: null, person }));
  },
  checkIn(open: boolean): void {
    state.update((s) => ({ ...s, checkInOpen: open }));
  },
};
