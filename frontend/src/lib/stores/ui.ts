// What the window shows: the open page or the trash, and which overlay is up.
import { writable } from 'svelte/store';

export type Overlay = 'none' | 'palette' | 'shortcuts';

export interface UiState {
  view: 'page' | 'trash';
  pageId: string | null;
  overlay: Overlay;
  /** freshPage is a page just created here: its title gets focus once. */
  freshPage: string | null;
}

const lastPageKey = 'longhand.lastPage';

function remembered(): string | null {
  try {
    return localStorage.getItem(lastPageKey);
  } catch {
    return null;
  }
}

const state = writable<UiState>({ view: 'page', pageId: null, overlay: 'none', freshPage: null });

export const ui = {
  subscribe: state.subscribe,
  rememberedPage: remembered,
  openPage(id: string | null, fresh = false): void {
    state.update((s) => ({ ...s, view: 'page', pageId: id, overlay: 'none', freshPage: fresh ? id : null }));
    try {
      if (id) localStorage.setItem(lastPageKey, id);
      else localStorage.removeItem(lastPageKey);
    } catch {
      // storage may be unavailable; remembering the page is a nicety
    }
  },
  /** takeFresh reports once whether id was just created here. */
  takeFresh(id: string): boolean {
    let fresh = false;
    state.update((s) => {
      fresh = s.freshPage === id;
      return fresh ? { ...s, freshPage: null } : s;
    });
    return fresh;
  },
  showTrash(): void {
    state.update((s) => ({ ...s, view: 'trash', overlay: 'none' }));
  },
  overlay(o: Overlay): void {
    state.update((s) => ({ ...s, overlay: o }));
  },
};
