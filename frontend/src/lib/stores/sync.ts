// Sync with other devices: the status Go reports as it changes, and the
// actions a person takes (sync now, add or forget an address).
import { writable } from 'svelte/store';
import { api, events } from '../api/client';
import type { SyncStatusView } from '../api/types';

const empty: SyncStatusView = { available: false, why: '', syncing: false, done: 0, total: 0, peers: [], addresses: [], listening: '' };
const state = writable<SyncStatusView>(empty);
let started = false;

function start(): void {
  if (started) return;
  started = true;
  events.onSyncStatus((s) => state.set(s));
  void api.syncStatus().then(state.set, () => {});
}

export const syncStatus = {
  subscribe(run: (s: SyncStatusView) => void): () => void {
    start();
    return state.subscribe(run);
  },
  async syncNow(): Promise<void> {
    state.update((s) => ({ ...s, syncing: true }));
    try {
      state.set(await api.syncNow());
    } catch (e) {
      void api.syncStatus().then(state.set, () => {});
      throw e;
    }
  },
  async addAddress(addr: string): Promise<void> {
    state.set(await api.addSyncAddress(addr));
  },
  async removeAddress(addr: string): Promise<void> {
    state.set(await api.removeSyncAddress(addr));
  },
};

/** summary is the one line the sidebar shows. */
export function summary(s: SyncStatusView, now = Date.now()): { text: string; tone: 'ok' | 'busy' | 'warn' | 'off' } {
  if (!s.available) return { text: 'Only on this device', tone: 'off' };
  if (s.syncing) {
    return { text: s.total > 0 ? `Syncing ${s.done} of ${s.total}` : 'Syncing…', tone: 'busy' };
  }
  const known = s.peers.filter((p) => p.device);
  if (known.length === 0) {
    return s.peers.some((p) => p.state === 'unreachable') ? { text: 'No device reachable', tone: 'warn' } : { text: 'No other devices yet', tone: 'off' };
  }
  const behind = known.reduce((n, p) => n + (p.state === 'behind' ? p.behind : 0), 0);
  if (behind > 0) return { text: `${behind} change${behind === 1 ? '' : 's'} still to receive`, tone: 'warn' };
  const unsent = known.reduce((n, p) => n + (p.state === 'unsent' ? p.unsent : 0), 0);
  if (unsent > 0) return { text: `${unsent} change${unsent === 1 ? '' : 's'} not yet sent`, tone: 'warn' };
  const last = Math.max(...known.map((p) => (p.lastSync ? Date.parse(p.lastSync) : 0)));
  if (!last) return { text: 'Not synced yet', tone: 'warn' };
  return { text: `Synced ${ago(now - last)}`, tone: 'ok' };
}

export function ago(ms: number): string {
  const m = Math.floor(ms / 60000);
  if (m < 1) return 'just now';
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.floor(h / 24);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}
