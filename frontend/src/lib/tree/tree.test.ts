import { describe, expect, it } from 'vitest';
import type { PageSummary } from '../api/types';
import { ancestors } from './tree';

function page(id: string, parentId = '', spaceId = 's1', position = 'a'): PageSummary {
  return { id, title: id.toUpperCase(), excerpt: '', spaceId, parentId, position, template: false, updatedAt: '', deletedAt: '', damaged: '' };
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
