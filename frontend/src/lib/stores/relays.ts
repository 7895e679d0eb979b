// The relays this device syncs through: loaded when the security tab
// opens, updated by relay:status events from Go as they connect or fail.
import { writable } from 'svelte/store';
import { api, events } from '../api/client';
import { toApiError } from '../api/errors';
import type { RelayView } from '../api/types';

export interface RelaysState {
  loaded: boolean;
  relays: RelayView[];
  error: string;
}

const state = writable<RelaysState>({ loaded: false, relays: [], error: '' });
let unsubscribe: (() => void) | null = null;

/** upsert puts a relay's fresh status in the list, keeping the order. */
export function upsert(list: RelayView[], r: RelayView): RelayView[] {
  const i = list.findIndex((x) => x.url === r.url);
  if (i < 0) return [...list, r];
  const out = list.slice();
  out[i] = r;
  return out;
}

async function load(): Promise<void> {
  if (!unsubscribe) {
    unsubscribe = events.onRelayStatus((r) => state.update((s) => (s.relays.some((x) => x.url === r.url) ? { ...s, relays: upsert(s.relays, r) } : s)));
  }
  try {
    state.set({ loaded: true, relays: await api.listRelays(), error: '' });
  } catch (e) {
    state.set({ loaded: true, relays: [], error: toApiError(e).message });
  }
}

export const relays = {
  subscribe: state.subscribe,
  load,
  async add(url: string): Promise<RelayView> {
    const r = await api.addRelay(url);
    state.update((s) => ({ ...s, relays: upsert(s.relays, r) }));
    return r;
  },
  async remove(url: string): Promise<void> {
    await api.removeRelay(url);
    state.update((s) => ({ ...s, relays: s.relays.filter((x) => x.url !== url) }));
  },
};
