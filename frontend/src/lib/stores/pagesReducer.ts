// Pure state changes for the page list and the trash, driven by page:changed.
import type { PageChanged, PageSummary } from '../api/types';

export interface PagesState {
  loaded: boolean;
  pages: PageSummary[];
  trash: PageSummary[];
}

export const emptyPages: PagesState = { loaded: false, pages: [], trash: [] };

const byUpdated = (a: PageSummary, b: PageSummary) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id);
const byDeleted = (a: PageSummary, b: PageSummary) => b.deletedAt.localeCompare(a.deletedAt) || a.id.localeCompare(b.id);

function without(list: PageSummary[], id: string): PageSummary[] {
  return list.some((p) => p.id === id) ? list.filter((p) => p.id !== id) : list;
}

/** upsert puts p in list unless the list already has a newer version of it. */
function upsert(list: PageSummary[], p: PageSummary, order: (a: PageSummary, b: PageSummary) => number): PageSummary[] {
  const old = list.find((x) => x.id === p.id);
  if (old && old.updatedAt > p.updatedAt) return list;
  return [...without(list, p.id), p].sort(order);
}

/** patch changes the entry for id, if the list has one, and keeps the order. */
function patch(list: PageSummary[], id: string, f: (old: PageSummary) => PageSummary, order: (a: PageSummary, b: PageSummary) => number): PageSummary[] {
  const i = list.findIndex((x) => x.id === id);
  if (i < 0) return list;
  const next = [...list];
  next[i] = f(list[i]);
  return next.sort(order);
}

/** summaryOf picks the summary fields out of anything page-shaped. */
export function summaryOf(p: PageSummary & { body?: string }): PageSummary {
  return {
    id: p.id,
    title: p.title,
    excerpt: p.excerpt ?? (p.body ?? '').slice(0, 160),
    updatedAt: p.updatedAt,
    deletedAt: p.deletedAt ?? '',
    damaged: p.damaged ?? '',
  };
}

export function setLists(pages: PageSummary[], trash: PageSummary[]): PagesState {
  return { loaded: true, pages: [...pages].sort(byUpdated), trash: [...trash].sort(byDeleted) };
}

/** reducePageChange applies one page:changed event. */
export function reducePageChange(s: PagesState, ev: PageChanged): PagesState {
  const p = summaryOf(ev.page);
  switch (ev.kind) {
    case 'edited': {
      // An edit's summary carries no excerpt (it comes with "saved"), nor
      // whether the page is in the trash: only its title and time are news.
      const known = s.pages.some((x) => x.id === p.id) || s.trash.some((x) => x.id === p.id);
      if (!known) return { ...s, pages: upsert(s.pages, p, byUpdated) };
      const f = (old: PageSummary): PageSummary => (old.updatedAt > p.updatedAt ? old : { ...old, title: p.title, updatedAt: p.updatedAt });
      return { ...s, pages: patch(s.pages, p.id, f, byUpdated), trash: patch(s.trash, p.id, f, byDeleted) };
    }
    case 'saved': {
      // The excerpt is the freshest there is even when a later edit already
      // moved the time on; the rest only if it is not older than what we have.
      const f = (old: PageSummary): PageSummary => (old.updatedAt > p.updatedAt ? { ...old, excerpt: p.excerpt, damaged: p.damaged } : p);
      if (p.deletedAt !== '') return { ...s, pages: without(s.pages, p.id), trash: s.trash.some((x) => x.id === p.id) ? patch(s.trash, p.id, f, byDeleted) : upsert(s.trash, p, byDeleted) };
      if (!s.pages.some((x) => x.id === p.id)) return { ...s, pages: upsert(s.pages, p, byUpdated), trash: without(s.trash, p.id) };
      return { ...s, pages: patch(s.pages, p.id, f, byUpdated) };
    }
    case 'created':
    case 'renamed':
    case 'restored':
      if (p.deletedAt !== '') return { ...s, pages: without(s.pages, p.id), trash: upsert(s.trash, p, byDeleted) };
      return { ...s, pages: upsert(s.pages, p, byUpdated), trash: without(s.trash, p.id) };
    case 'trashed':
      return { ...s, pages: without(s.pages, p.id), trash: upsert(s.trash, p, byDeleted) };
    case 'purged':
      return { ...s, pages: without(s.pages, p.id), trash: without(s.trash, p.id) };
    default:
      return s;
  }
}
