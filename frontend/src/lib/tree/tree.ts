import type { PageSummary } from '../api/types';

/** Siblings are ordered by position, then id (both compared as plain strings). */
export function compareSiblings(a: PageSummary, b: PageSummary): number {
  const pa = a.position ?? '';
  const pb = b.position ?? '';
  if (pa !== pb) return pa < pb ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/**
 * The chain of pages from the top of the page's space down to its parent
 * (the page itself is not included), for breadcrumbs. A missing parent or a
 * cycle ends the chain: what was found so far is returned, top first.
 */
export function ancestors(pages: PageSummary[], id: string): PageSummary[] {
  const byId = new Map(pages.map((p) => [p.id, p]));
  const chain: PageSummary[] = [];
  const seen = new Set<string>([id]);
  let parentId = byId.get(id)?.parentId ?? '';
  while (parentId) {
    const parent = byId.get(parentId);
    if (!parent || seen.has(parent.id)) break;
    seen.add(parent.id);
    chain.push(parent);
    parentId = parent.parentId ?? '';
  }
  return chain.reverse();
}
