// What the window shows: the open page or the trash, and which overlay is up.
import { writable } from 'svelte/store';

export type Overlay = 'none' | 'palette' | 'shortcuts';

export interface UiState {
  view: 'page' | 'trash';
  pageId: string | null;
  overlay: Overlay;
}

const lastPageKey = 'longhand.lastPage';

function remembered(): string | null {
  try {
    return localStorage.getItem(lastPageKey);
  } catch {
    return null;
  }
}

const state = writable<UiState>({ view: 'page', pageId: null, overlay: 'none' });

export const ui = {
  subscribe: state.subscribe,
  rememberedPage: remembered,
  openPage(id: string | null): void {
    state.update((s) => ({ ...s, view: 'page', pageId: id, overlay: 'none' }));
    try {
      if (id) localStorage.setItem(lastPageKey, id);
      else localStorage.removeItem(lastPageKey);
    } catch {
      // storage may be unavailable; remembering the page is a nicety
    }
  },
  showTrash(): void {
    state.update((s) => ({ ...s, view: 'trash', overlay: 'none' }));
  },
  overlay(o: Overlay): void {
    state.update((s) => ({ ...s, overlay: o }));
  },
};
