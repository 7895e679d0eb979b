import { describe, expect, it } from 'vitest';
import type { TreeRowView } from '../api/types';
import { dropPlace, flattenSpace, type TreeSource } from './flat';

const row = (id: string, children = 0, parentId = ''): TreeRowView => ({ id, title: id, spaceId: 's', parentId, position: id, children, updatedAt: '', damaged: '' });

function source(): TreeSource {
  const rows = new Map([row('a', 2), row('b'), row('a1', 0, 'a'), row('a2', 0, 'a'), row('c', 3)].map((r) => [r.id, r]));
  return {
    rows,
    branches: new Map([
      ['top:s', { total: 4, ids: ['a', 'b', 'c', undefined] }],
      ['a', { total: 2, ids: ['a1', 'a2'] }],
    ]),
    strays: new Map(),
  };
}

describe('flattenSpace', () => {
  it('lists the top, open branches under their rows, and rows still loading', () => {
    const open = new Set(['a', 'c']);
    const es = flattenSpace(source(), 's', (id) => open.has(id));
    expect(es.map((e) => `${e.depth}:${e.row?.id ?? '…'}`)).toEqual(['1:a', '2:a1', '2:a2', '1:b', '1:c', '2:…', '2:…', '2:…', '1:…']);
    expect(es[1].ancestors).toEqual(['a']);
  });

  it('shows a closed branch as one row, and a stray at the top only', () => {
    const src = source();
    src.strays.set('s', ['a1']);
    const es = flattenSpace(src, 's', (id) => id === 'a');
    expect(es.map((e) => e.row?.id ?? '…')).toEqual(['a', 'a2', 'b', 'c', '…', 'a1']);
  });

  it('shows a page once while the branches it moved between still both list it', () => {
    const src = source();
    // b moved into a: a's branch is reloaded, the top not yet.
    src.branches.set('a', { total: 3, ids: ['a1', 'a2', 'b'] });
    const es = flattenSpace(src, 's', (id) => id === 'a');
    const keys = es.map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => k === 'b')).toHaveLength(1);
  });
});

describe('dropPlace', () => {
  const es = flattenSpace(source(), 's', (id) => id === 'a');
  const at = (id: string) => es.find((e) => e.key === id)!;
  it('turns a drop into Pages.Move arguments', () => {
    expect(dropPlace(es, 's', 'b', at('a1'), 'before')).toEqual({ spaceId: 's', parentId: 'a', beforeId: 'a1' });
    expect(dropPlace(es, 's', 'b', at('a'), 'inside')).toEqual({ spaceId: 's', parentId: 'a', beforeId: '' });
    // After an open row: its first subpage.
    expect(dropPlace(es, 's', 'b', at('a'), 'after')).toEqual({ spaceId: 's', parentId: 'a', beforeId: 'a1' });
    expect(dropPlace(es, 's', 'a1', at('a2'), 'after')).toEqual({ spaceId: 's', parentId: 'a', beforeId: '' });
  });
  it('refuses a drop onto itself, under itself, next to a row still loading, or where it is', () => {
    expect(dropPlace(es, 's', 'a', at('a'), 'inside')).toBeNull();
    expect(dropPlace(es, 's', 'a', at('a1'), 'inside')).toBeNull();
    expect(dropPlace(es, 's', 'b', at('c'), 'after')).toBeNull();
    expect(dropPlace(es, 's', 'a1', at('a2'), 'before')).toBeNull();
  });
});
