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

export interface TreeNode {
  page: PageSummary;
  children: TreeNode[];
}

/**
 * effectiveParents maps each page of the space to the parent it is shown
 * under: its parentId when that page is in the same space (and is not the
 * space's home, which stands for the space itself), else '' (top level).
 * Cycles are broken at their smallest id, which goes to the top.
 */
function effectiveParents(pages: PageSummary[], homeId: string): Map<string, string> {
  const ids = new Set(pages.map((p) => p.id));
  const parent = new Map<string, string>();
  for (const p of pages) {
    const pid = p.parentId ?? '';
    parent.set(p.id, pid && pid !== homeId && pid !== p.id && ids.has(pid) ? pid : '');
  }
  for (const p of pages) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let cur = p.id;
    while (cur && !onPath.has(cur)) {
      onPath.add(cur);
      path.push(cur);
      cur = parent.get(cur) ?? '';
    }
    if (cur) {
      const cycle = path.slice(path.indexOf(cur));
      parent.set(cycle.reduce((a, b) => (a < b ? a : b)), '');
    }
  }
  return parent;
}

/** inSpace is the live, non-template pages of a space, without its home page. */
function inSpace(pages: PageSummary[], spaceId: string, homeId: string): PageSummary[] {
  return pages.filter((p) => (p.spaceId ?? '') === spaceId && !p.template && !p.deletedAt && p.id !== homeId);
}

/**
 * buildTree nests a space's pages under their parents, siblings sorted by
 * position then id. The home page is the space itself and is left out; a
 * page whose parent is missing (or is the home page) is at the top.
 */
export function buildTree(pages: PageSummary[], spaceId: string, homeId = ''): TreeNode[] {
  const mine = inSpace(pages, spaceId, homeId);
  const parent = effectiveParents(mine, homeId);
  const nodes = new Map(mine.map((p) => [p.id, { page: p, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const p of [...mine].sort(compareSiblings)) {
    const pid = parent.get(p.id) ?? '';
    (pid ? nodes.get(pid)!.children : roots).push(nodes.get(p.id)!);
  }
  return roots;
}

/** flatten lists the nodes depth-first with their depth (0 = top), skipping collapsed subtrees when isOpen says so. */
export function flatten(nodes: TreeNode[], isOpen: (id: string) => boolean = () => true, depth = 0): { node: TreeNode; depth: number }[] {
  const out: { node: TreeNode; depth: number }[] = [];
  for (const n of nodes) {
    out.push({ node: n, depth });
    if (n.children.length > 0 && isOpen(n.page.id)) out.push(...flatten(n.children, isOpen, depth + 1));
  }
  return out;
}

/** descendants is the ids of every page under id (not id itself), following parentId. */
export function descendants(pages: PageSummary[], id: string): Set<string> {
  const kids = new Map<string, string[]>();
  for (const p of pages) {
    const pid = p.parentId ?? '';
    if (!pid) continue;
    const list = kids.get(pid);
    if (list) list.push(p.id);
    else kids.set(pid, [p.id]);
  }
  const out = new Set<string>();
  const stack = [...(kids.get(id) ?? [])];
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (c === id || out.has(c)) continue;
    out.add(c);
    stack.push(...(kids.get(c) ?? []));
  }
  return out;
}

/** Where over a row the pointer is: its upper third, middle or lower third. */
export type DropZone = 'before' | 'inside' | 'after';

export function zoneAt(offsetY: number, height: number): DropZone {
  if (offsetY < height / 3) return 'before';
  if (offsetY > (height * 2) / 3) return 'after';
  return 'inside';
}

export type DropOn = { kind: 'space'; spaceId: string } | { kind: 'row'; pageId: string; zone: DropZone; expanded?: boolean };

export interface Place {
  spaceId: string;
  parentId: string;
  beforeId: string;
}

/**
 * dropTarget turns a drop of page dragId onto a space header or a row into
 * the arguments of Pages.Move, or null when the drop is not allowed (onto the
 * page itself or one of its subpages) or would change nothing. After an
 * expanded row with children means "first child", as the line is drawn there.
 */
export function dropTarget(pages: PageSummary[], dragId: string, on: DropOn, homeIds: ReadonlySet<string> = new Set()): Place | null {
  const dragged = pages.find((p) => p.id === dragId);
  if (!dragged) return null;
  let place: Place;
  if (on.kind === 'space') {
    place = { spaceId: on.spaceId, parentId: '', beforeId: '' };
  } else {
    const target = pages.find((p) => p.id === on.pageId);
    if (!target || target.id === dragId || descendants(pages, dragId).has(target.id)) return null;
    const spaceId = target.spaceId ?? '';
    const home = homeIds.has(target.parentId ?? '') ? (target.parentId ?? '') : '';
    const tree = buildTree(pages, spaceId, home);
    const parentOf = new Map<string, string>();
    const siblingsOf = new Map<string, TreeNode[]>();
    const walk = (list: TreeNode[], pid: string) => {
      for (const n of list) {
        parentOf.set(n.page.id, pid);
        siblingsOf.set(n.page.id, list);
        walk(n.children, n.page.id);
      }
    };
    walk(tree, '');
    const parentId = parentOf.get(target.id) ?? '';
    const kids = (siblingsOf.get(target.id) ?? []).find((n) => n.page.id === target.id)?.children ?? [];
    if (on.zone === 'inside') {
      place = { spaceId, parentId: target.id, beforeId: '' };
    } else if (on.zone === 'before') {
      place = { spaceId, parentId, beforeId: target.id };
    } else if (on.expanded && kids.some((k) => k.page.id !== dragId)) {
      place = { spaceId, parentId: target.id, beforeId: kids.find((k) => k.page.id !== dragId)!.page.id };
    } else {
      const sibs = (siblingsOf.get(target.id) ?? []).filter((n) => n.page.id !== dragId);
      const i = sibs.findIndex((n) => n.page.id === target.id);
      place = { spaceId, parentId, beforeId: sibs[i + 1]?.page.id ?? '' };
    }
  }
  return samePlace(pages, dragged, place) ? null : place;
}

/** samePlace reports whether moving p to place would leave it where it is. */
function samePlace(pages: PageSummary[], p: PageSummary, place: Place): boolean {
  if ((p.spaceId ?? '') !== place.spaceId || (p.parentId ?? '') !== place.parentId) return false;
  const sibs = pages
    .filter((x) => x.id !== p.id && (x.spaceId ?? '') === place.spaceId && (x.parentId ?? '') === place.parentId && !x.template && !x.deletedAt)
    .sort(compareSiblings);
  const next = sibs.find((x) => compareSiblings(x, p) > 0);
  return (next?.id ?? '') === place.beforeId;
}
