// Focus and notifications: my settings, the unread badge that stays still
// while I focus, and opening what a clicked desktop notification is about.
import { derived, get, writable, type Readable } from 'svelte/store';
import { api, events } from '../api/client';
import { toApiError } from '../api/errors';
import type { FocusSettingsInput, FocusSettingsView } from '../api/types';
import { badge, focusing, type Badge } from '../people/focus';
import { now } from './clock';
import { inbox } from './inbox';
import { memberById } from './members';
import { toasts } from './toasts';

interface SettingsState {
  loaded: boolean;
  saving: boolean;
  view: FocusSettingsView | null;
}

const state = writable<SettingsState>({ loaded: false, saving: false, view: null });

export const focusSettings = {
  subscribe: state.subscribe,
  async load(): Promise<void> {
    try {
      const view = await api.focusSettings();
      state.set({ loaded: true, saving: false, view });
    } catch (e) {
      state.update((s) => ({ ...s, loaded: true }));
      toasts.error(toApiError(e).message);
    }
  },
  /** save changes some settings and keeps the rest as they are. */
  async save(change: Partial<FocusSettingsInput>): Promise<boolean> {
    const v = get(state).view;
    if (!v) return false;
    const input: FocusSettingsInput = {
      mentionsBreakThrough: v.mentionsBreakThrough,
      blocks: v.blocks.map(({ days, start, end }) => ({ days, start, end })),
      keepInTray: v.keepInTray,
      hidePresence: v.hidePresence,
      startAtLogin: v.startAtLogin,
      ...change,
    };
    state.update((s) => ({ ...s, saving: true }));
    try {
      const view = await api.saveFocusSettings(input);
      state.set({ loaded: true, saving: false, view });
      return true;
    } catch (e) {
      state.update((s) => ({ ...s, saving: false }));
      toasts.error(toApiError(e).message);
      return false;
    }
  },
};

/** shownUnread is the inbox badge: still while I focus (focus never changes it). */
export function shownUnread(meId: string): Readable<number> {
  let prev: Badge = { focusing: false, count: 0 };
  return derived([inbox, memberById, now], ([$inbox, $byId, $now]) => {
    prev = badge(prev, focusing($byId.get(meId)?.focusUntil, $now), $inbox.unread);
    return prev.count;
  });
}

/**
 * onNotificationOpen opens what a clicked desktop notification is about:
 * an inbox item by its key, my check-in, or the inbox.
 */
export function onNotificationOpen(open: (key: string) => void): () => void {
  return events.onNotificationOpen(open);
}
