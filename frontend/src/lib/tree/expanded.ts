// Which tree rows and spaces are open, remembered for the session.
import { writable } from 'svelte/store';

const key = 'longhand.tree.open';

/** Rows are closed and spaces open unless the session says otherwise; the map holds the exceptions' choices. */
function load(): Record<string, boolean> {
  try {
    const v = JSON.parse(sessionStorage.getItem(key) ?? '{}');
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

const state = writable<Record<string, boolean>>(load());
state.subscribe((v) => {
  try {
    sessionStorage.setItem(key, JSON.stringify(v));
  } catch {
    // storage may be unavailable; the tree still remembers until a reload
  }
});

export const expanded = {
  subscribe: state.subscribe,
  set(id: string, open: boolean): void {
    state.update((s) => (s[id] === open ? s : { ...s, [id]: open }));
  },
  toggle(id: string, openByDefault = false): void {
    state.update((s) => ({ ...s, [id]: !(s[id] ?? openByDefault) }));
  },
};

/** isOpen reads a row's or space's state from the map. */
export function isOpen(map: Record<string, boolean>, id: string, openByDefault = false): boolean {
  return map[id] ?? openByDefault;
}
