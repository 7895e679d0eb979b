// The spaces store against a fake client: it follows events (also those
// that race its first load) and asks Go for the moves Move up/down mean.
import { get } from 'svelte/store';
import { describe, expect, it, vi } from 'vitest';
import type { SpaceChanged, SpaceView } from '../api/types';

const sp = (id: string, position: string, extra: Partial<SpaceView> = {}): SpaceView => ({
  id,
  name: id,
  description: '',
  icon: '📁',
  homeId: `h-${id}`,
  position,
  createdAt: '2026-01-01T00:00:00Z',
  deletedAt: '',
  ...extra,
});

const h = vi.hoisted(() => ({
  changed: null as ((ev: SpaceChanged) => void) | null,
  created: null as ((s: SpaceView) => void) | null,
  release: null as (() => void) | null,
  moves: [] as [string, string][],
}));

vi.mock('../api/client', () => ({
  api: {
    listSpaces: () => new Promise((resolve) => (h.release = () => resolve([sp('a', '1'), sp('b', '2'), sp('c', '3')]))),
    listSpaceTrash: async () => [],
    moveSpace: async (id: string, before: string) => {
      h.moves.push([id, before]);
      return [sp(id, before === 'a' ? '0V' : '4')];
    },
  },
  events: {
    onSpaceChanged: (f: (ev: SpaceChanged) => void) => ((h.changed = f), () => {}),
    onSpaceCreated: (f: (s: SpaceView) => void) => ((h.created = f), () => {}),
  },
}));
vi.mock('./toasts', () => ({ toasts: { error: () => {}, info: () => {} } }));

const { spaces } = await import('./spaces');
const names = () => get(spaces).list.map((s) => s.id).join(' ');

describe('spaces store', () => {
  it('replays events that arrive while the lists load, then follows events', async () => {
    const started = spaces.start();
    h.changed!({ kind: 'updated', space: { ...sp('b', '2'), name: 'Renamed early' } });
    h.created!(sp('d', '4'));
    h.release!();
    await started;
    expect(names()).toBe('a b c d');
    expect(get(spaces).list[1].name).toBe('Renamed early');

    h.changed!({ kind: 'trashed', space: sp('c', '3', { deletedAt: '2026-02-01T00:00:00Z' }) });
    expect(names()).toBe('a b d');
    expect(get(spaces).trash.map((s) => s.id)).toEqual(['c']);
    h.changed!({ kind: 'moved', space: sp('d', '0') });
    expect(names()).toBe('d a b');
  });

  it('turns Move up and Move down into the space to go before', async () => {
    h.moves.length = 0;
    expect(await spaces.step('b', -1)).toBe(true); // d a b → b before a
    expect(h.moves).toEqual([['b', 'a']]);
    expect(names()).toBe('d b a');
    expect(await spaces.step('d', -1)).toBe(false); // already first: nothing asked
    expect(h.moves.length).toBe(1);
    await spaces.step('d', 1);
    expect(h.moves[1]).toEqual(['d', 'a']);
  });
});
