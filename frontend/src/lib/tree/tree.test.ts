import { describe, expect, it } from 'vitest';
import type { PageSummary } from '../api/types';
import { ancestors, buildTree, descendants, dropTarget, flatten, zoneAt, type TreeNode } from './tree';

function page(id: string, parentId = '', spaceId = 's1', position = 'm'): PageSummary {
  return { id, title: id.toUpperCase(), excerpt: '', spaceId, parentId, position, template: false, updatedAt: '', deletedAt: '', damaged: '' };
}

/** shape writes a tree as "a(b,c(d)),e". */
function shape(nodes: TreeNode[]): string {
  return nodes.map((n) => (n.children.length ? `${n.page.id}(${shape(n.children)})` : n.page.id)).join(',');
}

describe('ancestors', () => {
  it('returns the chain from the top down to the parent', () => {
    const pages = [page('c', 'b'), page('a'), page('b', 'a')];
    expect(ancestors(pages, 'c').map((p) => p.id)).toEqual(['a', 'b']);
  });
  it('is empty for a top-level page and an unknown id', () => {
    expect(ancestors([page('a')], 'a')).toEqual([]);
    expect(ancestors([page('a')], 'zz')).toEqual([]);
  });
  it('stops at a missing parent', () => {
    const pages = [page('c', 'b'), page('b', 'gone')];
    expect(ancestors(pages, 'c').map((p) => p.id)).toEqual(['b']);
  });
  it('does not loop on a cycle', () => {
    const pages = [page('a', 'b'), page('b', 'a'), page('c', 'a')];
    expect(ancestors(pages, 'c').map((p) => p.id)).toEqual(['b', 'a']);
  });
});

describe('buildTree', () => {
  it('nests pages and sorts siblings by position, then id', () => {
    const pages = [page('c', '', 's1', 'b'), page('a', '', 's1', 'c'), page('b', '', 's1', 'b'), page('d', 'c', 's1', 'z'), page('e', 'c', 's1', 'a')];
    expect(shape(buildTree(pages, 's1'))).toBe('b,c(e,d),a');
  });
  it('keeps to one space and leaves out its home page, templates and trashed pages', () => {
    const pages = [page('home'), page('a'), page('x', '', 's2'), { ...page('t'), template: true }, { ...page('gone'), deletedAt: '2026-01-01' }];
    expect(shape(buildTree(pages, 's1', 'home'))).toBe('a');
  });
  it('puts children of the home page at the top', () => {
    expect(shape(buildTree([page('home'), page('a', 'home')], 's1', 'home'))).toBe('a');
  });
  it('shows a page whose parent is missing at the top of its space', () => {
    expect(shape(buildTree([page('a', 'gone'), page('b', 'a')], 's1'))).toBe('a(b)');
  });
  it('shows a page whose parent is in another space at the top of its own', () => {
    expect(shape(buildTree([page('p', '', 's2'), page('a', 'p', 's1')], 's1'))).toBe('a');
  });
  it('breaks a cycle at its smallest id and loses no page', () => {
    const pages = [page('b', 'c'), page('c', 'b'), page('d', 'c'), page('a', 'a')];
    expect(shape(buildTree(pages, 's1'))).toBe('a,b(c(d))');
  });
});

describe('flatten', () => {
  it('lists depth-first with depths and skips closed subtrees', () => {
    const tree = buildTree([page('a'), page('b', 'a'), page('c', 'b'), page('d')], 's1');
    expect(flatten(tree).map((x) => `${x.node.page.id}${x.depth}`)).toEqual(['a0', 'b1', 'c2', 'd0']);
    expect(flatten(tree, (id) => id !== 'b').map((x) => x.node.page.id)).toEqual(['a', 'b', 'd']);
  });
});

describe('descendants', () => {
  it('collects every subpage and survives cycles', () => {
    const pages = [page('a'), page('b', 'a'), page('c', 'b'), page('d'), page('x', 'y'), page('y', 'x')];
    expect([...descendants(pages, 'a')].sort()).toEqual(['b', 'c']);
    expect([...descendants(pages, 'x')].sort()).toEqual(['y']);
  });
});

describe('zoneAt', () => {
  it('splits a row in thirds', () => {
    expect(zoneAt(2, 30)).toBe('before');
    expect(zoneAt(15, 30)).toBe('inside');
    expect(zoneAt(28, 30)).toBe('after');
  });
});

describe('dropTarget', () => {
  // s1: a(b,c), d ; s2: e
  const pages = [page('a', '', 's1', 'a'), page('b', 'a', 's1', 'a'), page('c', 'a', 's1', 'b'), page('d', '', 's1', 'b'), page('e', '', 's2', 'a')];

  it('puts a page before a row', () => {
    expect(dropTarget(pages, 'd', { kind: 'row', pageId: 'c', zone: 'before' })).toEqual({ spaceId: 's1', parentId: 'a', beforeId: 'c' });
  });
  it('puts a page after a row: before its next sibling, or last', () => {
    expect(dropTarget(pages, 'd', { kind: 'row', pageId: 'b', zone: 'after' })).toEqual({ spaceId: 's1', parentId: 'a', beforeId: 'c' });
    expect(dropTarget(pages, 'd', { kind: 'row', pageId: 'c', zone: 'after' })).toEqual({ spaceId: 's1', parentId: 'a', beforeId: '' });
  });
  it('after an open row with children means its first child', () => {
    expect(dropTarget(pages, 'd', { kind: 'row', pageId: 'a', zone: 'after', expanded: true })).toEqual({ spaceId: 's1', parentId: 'a', beforeId: 'b' });
    expect(dropTarget(pages, 'e', { kind: 'row', pageId: 'a', zone: 'after', expanded: false })).toEqual({ spaceId: 's1', parentId: '', beforeId: 'd' });
  });
  it('makes a page the last child of a row dropped in its middle', () => {
    expect(dropTarget(pages, 'e', { kind: 'row', pageId: 'd', zone: 'inside' })).toEqual({ spaceId: 's1', parentId: 'd', beforeId: '' });
  });
  it('moves a page to the top level of a space', () => {
    expect(dropTarget(pages, 'b', { kind: 'space', spaceId: 's2' })).toEqual({ spaceId: 's2', parentId: '', beforeId: '' });
  });
  it('refuses a drop onto the page itself or its subpages', () => {
    expect(dropTarget(pages, 'a', { kind: 'row', pageId: 'a', zone: 'inside' })).toBeNull();
    expect(dropTarget(pages, 'a', { kind: 'row', pageId: 'b', zone: 'inside' })).toBeNull();
    expect(dropTarget(pages, 'a', { kind: 'row', pageId: 'c', zone: 'before' })).toBeNull();
  });
  it('returns null when nothing would change', () => {
    expect(dropTarget(pages, 'b', { kind: 'row', pageId: 'c', zone: 'before' })).toBeNull();
    expect(dropTarget(pages, 'c', { kind: 'row', pageId: 'b', zone: 'after' })).toBeNull();
    expect(dropTarget(pages, 'c', { kind: 'row', pageId: 'a', zone: 'inside' })).toBeNull();
    expect(dropTarget(pages, 'zz', { kind: 'space', spaceId: 's1' })).toBeNull();
  });
});
