import { describe, expect, it } from 'vitest';
import type { SpaceView } from '../api/types';
import { withSpace } from './spaces';
import { bySpaceOrder, dropBefore, emptySpaces, moveTarget, reduceSpaceChange, reduceSpaceCreated, type SpacesState } from './spacesReducer';

const sp = (id: string, position = id, extra: Partial<SpaceView> = {}): SpaceView => ({
  id,
  name: id.toUpperCase(),
  description: '',
  icon: '📁',
  homeId: `h-${id}`,
  position,
  createdAt: '2026-01-01T00:00:00Z',
  deletedAt: '',
  ...extra,
});

const ids = (list: SpaceView[]) => list.map((s) => s.id).join(' ');
const start = (): SpacesState => ({ ...emptySpaces, loaded: true, list: [sp('a', '1'), sp('b', '2'), sp('c', '3')] });

describe('withSpace', () => {
  it('adds a new space at the end', () => {
    expect(withSpace([sp('a')], sp('b')).map((s) => s.id)).toEqual(['a', 'b']);
  });
  it('does not add a space twice (the reply and the event both bring it)', () => {
    const list = withSpace(withSpace([sp('a')], sp('b')), { ...sp('b'), name: 'B!' });
    expect(list.map((s) => `${s.id}:${s.name}`)).toEqual(['a:A', 'b:B!']);
  });
});

describe('bySpaceOrder', () => {
  it('sorts by position, then by creation for spaces without one, then by id', () => {
    const old1 = sp('o1', '', { createdAt: '2025-01-01T00:00:00Z' });
    const old2 = sp('o2', '', { createdAt: '2025-01-02T00:00:00Z' });
    const tieB = sp('tb', '5');
    const tieA = sp('ta', '5');
    expect(ids([tieB, sp('x', '3'), old2, tieA, old1].sort(bySpaceOrder))).toBe('o1 o2 x ta tb');
  });
});

describe('reduceSpaceChange', () => {
  it('renames a space in place', () => {
    const s = reduceSpaceChange(start(), { kind: 'updated', space: { ...sp('b', '2'), name: 'Runbooks', icon: '🛠️' } });
    expect(s.list.map((x) => x.name)).toEqual(['A', 'Runbooks', 'C']);
    expect(s.list[1].icon).toBe('🛠️');
  });
  it('puts a moved space at its new position', () => {
    let s = reduceSpaceChange(start(), { kind: 'moved', space: sp('c', '0V') });
    expect(ids(s.list)).toBe('c a b');
    s = reduceSpaceChange(s, { kind: 'moved', space: sp('c', '4') });
    expect(ids(s.list)).toBe('a b c');
  });
  it('applies the positions of a reorder that gave every space a new key', () => {
    const s0: SpacesState = { ...start(), list: [sp('a', ''), sp('b', ''), sp('c', '')] };
    const evs = [sp('a', '2'), sp('b', '3'), sp('c', '1')].map((space) => ({ kind: 'moved' as const, space }));
    expect(ids(evs.reduce(reduceSpaceChange, s0).list)).toBe('c a b');
  });
  it('moves a trashed space to the trash and back to its place', () => {
    let s = reduceSpaceChange(start(), { kind: 'trashed', space: sp('b', '2', { deletedAt: '2026-02-01T00:00:00Z' }) });
    expect(ids(s.list)).toBe('a c');
    expect(ids(s.trash)).toBe('b');
    // An edit by someone else while it is in the trash keeps it there.
    s = reduceSpaceChange(s, { kind: 'updated', space: { ...sp('b', '2'), name: 'Renamed' } });
    expect(ids(s.list)).toBe('a c');
    expect(s.trash[0].name).toBe('Renamed');
    expect(s.trash[0].deletedAt).toBe('2026-02-01T00:00:00Z');
    s = reduceSpaceChange(s, { kind: 'restored', space: sp('b', '2', { deletedAt: '' }) });
    expect(ids(s.list)).toBe('a b c');
    expect(s.trash).toEqual([]);
  });
  it('forgets a purged space everywhere, and a repeated event changes nothing', () => {
    let s = reduceSpaceChange(start(), { kind: 'trashed', space: sp('b', '2', { deletedAt: '2026-02-01T00:00:00Z' }) });
    s = reduceSpaceChange(s, { kind: 'purged', space: sp('b') });
    s = reduceSpaceChange(s, { kind: 'purged', space: sp('b') });
    expect(ids(s.list)).toBe('a c');
    expect(s.trash).toEqual([]);
  });
  it('adds a created space once, in its place', () => {
    const s = reduceSpaceCreated(reduceSpaceCreated(start(), sp('d', '4')), sp('d', '4'));
    expect(ids(s.list)).toBe('a b c d');
  });
});

describe('moveTarget', () => {
  const list = start().list;
  it('moves up before the previous space, and not past the top', () => {
    expect(moveTarget(list, 'b', -1)).toBe('a');
    expect(moveTarget(list, 'a', -1)).toBeNull();
  });
  it('moves down before the one after next, last at the end, and not past the bottom', () => {
    expect(moveTarget(list, 'a', 1)).toBe('c');
    expect(moveTarget(list, 'b', 1)).toBe('');
    expect(moveTarget(list, 'c', 1)).toBeNull();
  });
});

describe('dropBefore', () => {
  const list = start().list;
  it('drops before the target on its upper half and after it on its lower half', () => {
    expect(dropBefore(list, 'c', 'a', false)).toBe('a');
    expect(dropBefore(list, 'a', 'b', true)).toBe('c');
    expect(dropBefore(list, 'a', 'c', true)).toBe('');
  });
  it('is no move when the space would stay where it is', () => {
    expect(dropBefore(list, 'b', 'b', false)).toBeNull();
    expect(dropBefore(list, 'b', 'c', false)).toBeNull();
    expect(dropBefore(list, 'b', 'a', true)).toBeNull();
  });
});
