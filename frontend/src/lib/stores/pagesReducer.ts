// Pure state changes for the pages a window knows and the trash, driven by
// page:changed. A window does not hold every page: it starts with the most
// recently updated, and learns of others as they are opened or change.
import type { PageChanged, PageSummary } from '../api/types';

export interface PagesState {
  loaded: boolean;
  /** The live pages this window knows, most recently updated first: not every page of a large workspace. */
  pages: PageSummary[];
  trash: PageSummary[];
  /** Pages being looked up (opened from a link, the tree or search), shown while they load. */
  pending: string[];
}

export const emptyPages: PagesState = { loaded: false, pages: [], trash: [], pending: [] };

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
    spaceId: p.spaceId ?? '',
    parentId: p.parentId ?? '',
    position: p.position ?? '',
    template: p.template ?? false,
    updatedAt: p.updatedAt,
    deletedAt: p.deletedAt ?? '',
    damaged: p.damaged ?? '',
  };
}

export function setLists(pages: PageSummary[], trash: PageSummary[], pending: string[] = []): PagesState {
  return { loaded: true, pages: pages.filter((p) => !p.template).sort(byUpdated), trash: trash.filter((p) => !p.template).sort(byDeleted), pending };
}

/** knowPages adds summaries looked up (a page and its ancestors, or every page) to what the window knows; newer ones it has win. */
export function knowPages(s: PagesState, found: PageSummary[]): PagesState {
  let { pages, trash } = s;
  for (const raw of found) {
    const p = summaryOf(raw);
    if (p.template) continue;
    if (p.deletedAt !== '') {
      if (!pages.some((x) => x.id === p.id)) trash = upsert(trash, p, byDeleted);
    } else if (!trash.some((x) => x.id === p.id && x.updatedAt > p.updatedAt)) {
      pages = upsert(pages, p, byUpdated);
    }
  }
  return { ...s, pages, trash };
}

/** chainKnown tells whether the window knows a page and every ancestor it names (for its breadcrumbs). */
export function chainKnown(pages: PageSummary[], id: string): boolean {
  const byId = new Map(pages.map((p) => [p.id, p]));
  const seen = new Set<string>();
  for (let at: string = id; at !== '' && !seen.has(at); ) {
    seen.add(at);
    const p = byId.get(at);
    if (!p) return false;
    at = p.parentId ?? '';
  }
  return true;
}

/**
 * moved puts p in its new place and carries its subpages into its space
 * (they move with it; their own events may not come).
 */
function moved(s: PagesState, p: PageSummary): PagesState {
  const old = s.pages.find((x) => x.id === p.id);
  if (!old) return p.deletedAt !== '' ? s : { ...s, pages: upsert(s.pages, p, byUpdated) };
  const spaceId = p.spaceId ?? '';
  const under = new Set<string>([p.id]);
  // Subpages, found by walking down parentId links in the old list.
  for (let grew = true; grew; ) {
    grew = false;
    for (const x of s.pages) {
      if (!under.has(x.id) && under.has(x.parentId ?? '')) {
        under.add(x.id);
        grew = true;
      }
    }
  }
  const next = s.pages.map((x) => {
    if (x.id === p.id) return { ...x, spaceId, parentId: p.parentId ?? '', position: p.position ?? '', updatedAt: p.updatedAt > x.updatedAt ? p.updatedAt : x.updatedAt };
    return under.has(x.id) && x.spaceId !== spaceId ? { ...x, spaceId } : x;
  });
  return { ...s, pages: next.sort(byUpdated) };
}

/** reducePageChange applies one page:changed event. */
export function reducePageChange(s: PagesState, ev: PageChanged): PagesState {
  const p = summaryOf(ev.page);
  // Templates are not pages of the tree: they never join the lists.
  if (p.template) return { ...s, pages: without(s.pages, p.id), trash: without(s.trash, p.id) };
  switch (ev.kind) {
    case 'moved':
      return moved(s, p);
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
