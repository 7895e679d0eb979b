// What the window shows: the open page or the trash, and which overlay is up.
import { writable } from 'svelte/store';

export type Overlay = 'none' | 'palette' | 'shortcuts';

/** How pages are shown: as Markdown source in the editor, or rendered. */
export type PageMode = 'edit' | 'read';

/** The screens besides a page. */
export type View = 'page' | 'trash' | 'reviews' | 'people' | 'chat' | 'inbox' | 'goals' | 'channel' | 'post';

export interface UiState {
  view: View;
  pageId: string | null;
  /** chatId is the conversation shown by the chat view. */
  chatId: string | null;
  overlay: Overlay;
  /** freshPage is a page just created here: its title gets focus once. */
  freshPage: string | null;
  /** mode is one choice for all pages, kept for the session (not per page). */
  mode: PageMode;
  /** The channel on screen, or the channel of the post on screen. */
  channelId?: string | null;
  /** The post whose thread is on screen. */
  postId?: string | null;
}

const lastPageKey = 'longhand.lastPage';

function remembered(): string | null {
  try {
    return localStorage.getItem(lastPageKey);
  } catch {
    return null;
  }
}

const modeKey = 'longhand.pageMode';

function sessionMode(): PageMode {
  try {
    return sessionStorage.getItem(modeKey) === 'read' ? 'read' : 'edit';
  } catch {
    return 'edit';
  }
}

function keepMode(mode: PageMode): void {
  try {
    sessionStorage.setItem(modeKey, mode);
  } catch {
    // storage may be unavailable; the mode still holds until the window reloads
  }
}

const state = writable<UiState>({ view: 'page', pageId: null, chatId: null, overlay: 'none', freshPage: null, mode: sessionMode() });

export const ui = {
  subscribe: state.subscribe,
  rememberedPage: remembered,
  openPage(id: string | null, fresh = false): void {
    // A page just created is there to be written: it opens in the editor.
    if (fresh) keepMode('edit');
    state.update((s) => ({ ...s, view: 'page', pageId: id, overlay: 'none', freshPage: fresh ? id : null, mode: fresh ? 'edit' : s.mode }));
    try {
      if (id) localStorage.setItem(lastPageKey, id);
      else localStorage.removeItem(lastPageKey);
    } catch {
      // storage may be unavailable; remembering the page is a nicety
    }
  },
  /** readPage opens a page in Read view: one made to be read, such as a promoted post. */
  readPage(id: string): void {
    ui.setMode('read');
    ui.openPage(id);
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
  showGoals(): void {
    state.update((s) => ({ ...s, view: 'goals', overlay: 'none' }));
  },
  showTrash(): void {
    state.update((s) => ({ ...s, view: 'trash', overlay: 'none' }));
  },
  /** openChannel shows a channel's feed. */
  openChannel(id: string): void {
    state.update((s) => ({ ...s, view: 'channel', channelId: id, postId: null, overlay: 'none' }));
  },
  /** openPost shows a post's thread. */
  openPost(id: string): void {
    state.update((s) => ({ ...s, view: 'post', postId: id, overlay: 'none' }));
  },
  /** inChannel tells the sidebar which channel the post on screen is in. */
  inChannel(id: string): void {
    state.update((s) => (s.channelId === id ? s : { ...s, channelId: id }));
  },
  /** show opens one of the screens that is not a page. */
  openChat(id: string): void {
    state.update((s) => ({ ...s, view: 'chat', chatId: id, overlay: 'none' }));
  },
  show(view: Exclude<View, 'page' | 'chat' | 'channel' | 'post'>): void {
    state.update((s) => ({ ...s, view, overlay: 'none' }));
  },
  setMode(mode: PageMode): void {
    keepMode(mode);
    state.update((s) => (s.mode === mode ? s : { ...s, mode }));
  },
  toggleMode(): void {
    let next: PageMode = 'read';
    state.update((s) => ({ ...s, mode: (next = s.mode === 'read' ? 'edit' : 'read') }));
    keepMode(next);
  },
  overlay(o: Overlay): void {
    state.update((s) => ({ ...s, overlay: o }));
  },
};
