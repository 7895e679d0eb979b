// The spaces of the knowledge base, loaded once and kept current by
// space:created events.
import { writable } from 'svelte/store';
import { api, events } from '../api/client';
import { toApiError } from '../api/errors';
import type { SpaceView } from '../api/types';
import { toasts } from './toasts';

export interface SpacesState {
  loaded: boolean;
  list: SpaceView[];
}

const state = writable<SpacesState>({ loaded: false, list: [] });
let started = false;

/** withSpace adds sp to the list unless it is there (an event and a reply may both bring it). */
export function withSpace(list: SpaceView[], sp: SpaceView): SpaceView[] {
  return list.some((x) => x.id === sp.id) ? list.map((x) => (x.id === sp.id ? sp : x)) : [...list, sp];
}

export const spaces = {
  subscribe: state.subscribe,

  async start(): Promise<void> {
    if (started) return;
    started = true;
    const early: SpaceView[] = [];
    let loading = true;
    events.onSpaceCreated((sp) => {
      if (loading) early.push(sp);
      else state.update((s) => ({ ...s, list: withSpace(s.list, sp) }));
    });
    try {
      let list = await api.listSpaces();
      for (const sp of early) list = withSpace(list, sp);
      state.set({ loaded: true, list });
    } catch (e) {
      state.update((s) => ({ ...s, loaded: true }));
      toasts.error(toApiError(e).message);
    } finally {
      loading = false;
    }
  },

  /** create makes a space; it throws ApiError so that a dialog can show the message next to its fields. */
  async create(name: string, description: string, icon: string): Promise<SpaceView> {
    const sp = await api.createSpace(name, description, icon);
    state.update((s) => ({ ...s, list: withSpace(s.list, sp) }));
    return sp;
  },
};
