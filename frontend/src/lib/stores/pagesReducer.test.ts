import { describe, expect, it } from 'vitest';
import type { PageChanged, PageSummary } from '../api/types';
import { reducePageChange, setLists } from './pagesReducer';

const p = (id: string, updatedAt: string, deletedAt = '', title = id): PageSummary => ({ id, title, excerpt: '', updatedAt, deletedAt });
const ev = (kind: PageChanged['kind'], page: PageSummary): PageChanged => ({ kind, page, origin: '', prevHeads: '', heads: '', splices: [] });

describe('reducePageChange', () => {
  const start = setLists([p('a', '2026-01-01T00:00:00Z'), p('b', '2026-01-02T00:00:00Z')], []);

  it('lists pages newest first', () => {
    expect(start.pages.map((x) => x.id)).toEqual(['b', 'a']);
  });

  it('moves an edited page to the top', () => {
    const s = reducePageChange(start, ev('edited', p('a', '2026-01-03T00:00:00Z')));
    expect(s.pages.map((x) => x.id)).toEqual(['a', 'b']);
  });

  it('keeps a newer version than a late event', () => {
    const s = reducePageChange(start, ev('renamed', p('b', '2025-12-01T00:00:00Z', '', 'old')));
    expect(s.pages.find((x) => x.id === 'b')!.title).toBe('b');
  });

  it('moves pages to the trash and back, and purges them', () => {
    let s = reducePageChange(start, ev('trashed', p('a', '2026-01-01T00:00:00Z', '2026-01-05T00:00:00Z')));
    expect(s.pages.map((x) => x.id)).toEqual(['b']);
    expect(s.trash.map((x) => x.id)).toEqual(['a']);
    s = reducePageChange(s, ev('restored', p('a', '2026-01-06T00:00:00Z')));
    expect(s.pages.map((x) => x.id)).toEqual(['a', 'b']);
    expect(s.trash).toEqual([]);
    s = reducePageChange(s, ev('trashed', p('a', '2026-01-06T00:00:00Z', '2026-01-07T00:00:00Z')));
    s = reducePageChange(s, ev('purged', p('a', '2026-01-06T00:00:00Z', '2026-01-07T00:00:00Z')));
    expect(s.trash).toEqual([]);
    expect(s.pages.map((x) => x.id)).toEqual(['b']);
  });

  it('adds created pages', () => {
    const s = reducePageChange(start, ev('created', p('c', '2026-02-01T00:00:00Z')));
    expect(s.pages[0].id).toBe('c');
  });
});
