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

/** summaryOf picks the summary fields out of anything page-shaped. */
export function summaryOf(p: PageSummary & { body?: string }): PageSummary {
  return {
    id: p.id,
    title: p.title,
    excerpt: p.excerpt ?? (p.body ?? '').slice(0, 160),
    updatedAt: p.updatedAt,
    deletedAt: p.deletedAt ?? '',
  };
}

export function setLists(pages: PageSummary[], trash: PageSummary[]): PagesState {
  return { loaded: true, pages: [...pages].sort(byUpdated), trash: [...trash].sort(byDeleted) };
}

/** reducePageChange applies one page:changed event. */
export function reducePageChange(s: PagesState, ev: PageChanged): PagesState {
  const p = summaryOf(ev.page);
  switch (ev.kind) {
    case 'created':
    case 'renamed':
    case 'edited':
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
