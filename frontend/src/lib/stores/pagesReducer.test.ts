import { describe, expect, it } from 'vitest';
import type { PageChanged, PageSummary } from '../api/types';
import { chainKnown, knowPages, reducePageChange, setLists } from './pagesReducer';

const p = (id: string, updatedAt: string, deletedAt = '', title = id, excerpt = ''): PageSummary => ({
  id,
  title,
  excerpt,
  spaceId: 's1',
  parentId: '',
  position: 'm',
  template: false,
  updatedAt,
  deletedAt,
  damaged: '',
});
const ev = (kind: PageChanged['kind'], page: PageSummary): PageChanged => ({ kind, page, origin: '', prevRev: '', rev: '', splices: [] });

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

  it('keeps the excerpt on "edited" (it comes empty) and takes it from "saved"', () => {
    let s = setLists([p('a', '2026-01-01T00:00:00Z', '', 'A', 'old text')], []);
    s = reducePageChange(s, ev('edited', p('a', '2026-01-02T00:00:00Z', '', 'A', '')));
    expect(s.pages[0]).toMatchObject({ excerpt: 'old text', updatedAt: '2026-01-02T00:00:00Z' });
    s = reducePageChange(s, ev('saved', p('a', '2026-01-02T00:00:01Z', '', 'A', 'new text')));
    expect(s.pages[0]).toMatchObject({ excerpt: 'new text', updatedAt: '2026-01-02T00:00:01Z' });
  });

  it('takes the excerpt of a "saved" that an edit already overtook, but keeps the newer time', () => {
    let s = setLists([p('a', '2026-01-01T00:00:00Z', '', 'A', 'old')], []);
    s = reducePageChange(s, ev('edited', p('a', '2026-01-03T00:00:00Z', '', 'A', '')));
    s = reducePageChange(s, ev('saved', p('a', '2026-01-02T00:00:00Z', '', 'A', 'newer')));
    expect(s.pages[0]).toMatchObject({ excerpt: 'newer', updatedAt: '2026-01-03T00:00:00Z' });
  });

  it('does not take a trashed page out of the trash on "edited"', () => {
    let s = setLists([], [p('a', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 'A', 'text')]);
    s = reducePageChange(s, ev('edited', p('a', '2026-01-03T00:00:00Z', '', 'A', '')));
    expect(s.pages).toEqual([]);
    expect(s.trash[0]).toMatchObject({ id: 'a', excerpt: 'text', deletedAt: '2026-01-02T00:00:00Z' });
  });

  it('carries whether a page is damaged', () => {
    const s = reducePageChange(start, ev('saved', { ...p('a', '2026-01-04T00:00:00Z'), damaged: 'Its stored data failed a check.' }));
    expect(s.pages[0]).toMatchObject({ id: 'a', damaged: 'Its stored data failed a check.' });
  });
});

describe('moved', () => {
  const t = '2026-01-01T00:00:00Z';
  const tree = setLists([p('a', t), { ...p('b', t), parentId: 'a' }, { ...p('c', t), parentId: 'b' }, p('d', t)], []);

  it('puts the page in its new place', () => {
    const s = reducePageChange(tree, ev('moved', { ...p('d', t), parentId: 'a', position: 'z' }));
    const d = s.pages.find((x) => x.id === 'd')!;
    expect([d.spaceId, d.parentId, d.position]).toEqual(['s1', 'a', 'z']);
  });

  it('carries subpages into the new space, and no other page', () => {
    const s = reducePageChange(tree, ev('moved', { ...p('b', t), spaceId: 's2', parentId: '' }));
    expect(Object.fromEntries(s.pages.map((x) => [x.id, `${x.spaceId}/${x.parentId}`]))).toEqual({ a: 's1/', b: 's2/', c: 's2/b', d: 's1/' });
  });

  it('adds a moved page it did not know', () => {
    const s = reducePageChange(tree, ev('moved', { ...p('e', t), spaceId: 's2' }));
    expect(s.pages.find((x) => x.id === 'e')?.spaceId).toBe('s2');
  });
});

describe('templates', () => {
  it('keeps templates out of the lists', () => {
    const t = '2026-01-01T00:00:00Z';
    const s = setLists([p('a', t), { ...p('tpl', t), template: true }], []);
    expect(s.pages.map((x) => x.id)).toEqual(['a']);
    expect(reducePageChange(s, ev('created', { ...p('tpl2', t), template: true })).pages.map((x) => x.id)).toEqual(['a']);
  });
});

const page = (o: Partial<PageSummary> & { id: string }): PageSummary => ({ ...p(o.id, o.updatedAt ?? '2026-01-01T00:00:00Z'), ...o });

describe('pages a window learns of', () => {
  it('adds a page and its ancestors looked up, keeping newer versions it has', () => {
    const s = setLists([page({ id: 'c', parentId: 'b', updatedAt: '2026-01-05T00:00:00Z', title: 'Newer' })], []);
    const next = knowPages(s, [
      page({ id: 'a', updatedAt: '2026-01-01T00:00:00Z' }),
      page({ id: 'b', parentId: 'a', updatedAt: '2026-01-02T00:00:00Z' }),
      page({ id: 'c', parentId: 'b', updatedAt: '2026-01-03T00:00:00Z', title: 'Older' }),
    ]);
    expect(next.pages.map((p) => p.id)).toEqual(['c', 'b', 'a']);
    expect(next.pages[0].title).toBe('Newer');
    expect(chainKnown(next.pages, 'c')).toBe(true);
    expect(chainKnown(s.pages, 'c')).toBe(false); // its parent was not known
  });
  it('puts a trashed page looked up in the trash, and never a template anywhere', () => {
    const next = knowPages(setLists([], []), [page({ id: 't', deletedAt: '2026-01-02T00:00:00Z' }), page({ id: 'x', template: true })]);
    expect(next.trash.map((p) => p.id)).toEqual(['t']);
    expect(next.pages).toEqual([]);
  });
  it('stops at a cycle of parents', () => {
    const ps = [page({ id: 'a', parentId: 'b' }), page({ id: 'b', parentId: 'a' })];
    expect(chainKnown(ps, 'a')).toBe(true);
  });
});
