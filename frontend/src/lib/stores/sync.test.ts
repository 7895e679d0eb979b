import { describe, expect, it, vi } from 'vitest';

vi.mock('../api/client', () => ({ api: {}, events: {} }));

import type { PeerStatusView, SyncStatusView } from '../api/types';
import { ago, summary } from './sync';

const base: SyncStatusView = { available: true, why: '', syncing: false, done: 0, total: 0, peers: [], addresses: [], listening: '' };
const peer = (p: Partial<PeerStatusView>): PeerStatusView => ({
  device: 'd1', name: 'Bo', address: '10.0.0.2:7447', state: 'in sync', lastSync: '', lastError: '', inSync: 10, unsent: 0, behind: 0, ...p,
});

describe('sync summary', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  it('says when sync is off', () => {
    expect(summary({ ...base, available: false }, now).tone).toBe('off');
  });
  it('shows progress of a first sync', () => {
    expect(summary({ ...base, syncing: true, done: 3, total: 40 }, now)).toEqual({ text: 'Syncing 3 of 40', tone: 'busy' });
  });
  it('counts changes not yet sent, from what peers confirmed', () => {
    const s = { ...base, peers: [peer({ state: 'unsent', unsent: 2, lastSync: '2026-12-01T11:00:00Z' })] };
    expect(summary(s, now)).toEqual({ text: '2 changes not yet sent', tone: 'warn' });
  });
  it('says when a session was cut short before the peer’s changes arrived', () => {
    const s = { ...base, peers: [peer({ state: 'behind', behind: 3, lastSync: '2026-12-01T11:00:00Z' })] };
    expect(summary(s, now)).toEqual({ text: '3 changes still to receive', tone: 'warn' });
  });
  it('gives the time of the latest sync', () => {
    const s = { ...base, peers: [peer({ lastSync: '2026-12-01T11:55:00Z' }), peer({ device: 'd2', lastSync: '2026-12-01T10:00:00Z' })] };
    expect(summary(s, now)).toEqual({ text: 'Synced 5 min ago', tone: 'ok' });
  });
  it('says when only typed-in addresses exist and none answers', () => {
    const s = { ...base, peers: [peer({ device: '', state: 'unreachable', lastError: 'refused' })] };
    expect(summary(s, now)).toEqual({ text: 'No device reachable', tone: 'warn' });
  });
  it('words durations', () => {
    expect(ago(30_000)).toBe('just now');
    expect(ago(3 * 3600_000)).toBe('3 h ago');
    expect(ago(49 * 3600_000)).toBe('2 days ago');
  });
});
