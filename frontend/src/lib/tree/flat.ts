// The sidebar tree as a flat list of rows, for a virtualized list: one
// entry per row that would show, loaded or not, in order.
import type { TreeRowView } from '../api/types';
import type { BranchState } from '../stores/tree';
import type { DropZone, Place } from './tree';

export interface Entry {
  /** Unique among the entries: the page id, or the branch and index of a row still loading. */
  key: string;
  /** The row, or null while its chunk loads. */
  row: TreeRowView | null;
  branch: string;
  index: number;
  /** 1 at the top of a space. */
  depth: number;
  /** The pages above it, top first. */
  ancestors: string[];
  open: boolean;
}

export interface TreeSource {
  rows: Map<string, TreeRowView>;
  branches: Map<string, BranchState>;
  strays: Map<string, string[]>;
}

/**
 * flattenSpace lists the rows of a space's tree that show: the top, the
 * subpages of each open row, then the strays. A branch not loaded yet
 * shows as many rows still loading as its parent's count says. A page
 * never shows under itself (a cycle of parents ends there), and shows
 * once: while a move is reloading the branches it left and joined, both
 * may list it for a moment, and the first place wins until they agree.
 */
export function flattenSpace(src: TreeSource, spaceId: string, isOpen: (id: string) => boolean): Entry[] {
  const out: Entry[] = [];
  const strays = src.strays.get(spaceId) ?? [];
  const atTop = new Set(strays);
  const shown = new Set<string>();
  const walk = (key: string, ids: (string | undefined)[], total: number, depth: number, ancestors: string[]) => {
    for (let i = 0; i < total; i++) {
      const id = ids[i];
      const row = id ? src.rows.get(id) : undefined;
      if (!id || !row) {
        out.push({ key: `${key}#${i}`, row: null, branch: key, index: i, depth, ancestors, open: false });
        continue;
      }
      if (ancestors.includes(id) || (depth > 1 && atTop.has(id)) || shown.has(id)) continue;
      shown.add(id);
      const open = row.children > 0 && isOpen(id);
      out.push({ key: id, row, branch: key, index: i, depth, ancestors, open });
      if (open) {
        const b = src.branches.get(id);
        const sub = [...ancestors, id];
        walk(id, b?.ids ?? [], b?.total ?? row.children, depth + 1, sub);
      }
    }
  };
  const top = src.branches.get(`top:${spaceId}`);
  if (top && top.total !== null) walk(`top:${spaceId}`, top.ids, top.total, 1, []);
  walk(`strays:${spaceId}`, strays, strays.length, 1, []);
  return out;
}

/**
 * dropPlace turns a drop of the row dragId onto the entry `on` into the
 * arguments of Pages.Move, or null when the drop is not allowed (onto the
 * page itself or one of its subpages), would change nothing, or lands next
 * to a row that has not loaded. After an open row with subpages means
 * "first subpage", as the line is drawn there.
 */
export function dropPlace(entries: Entry[], spaceId: string, dragId: string, on: Entry, zone: DropZone): Place | null {
  const target = on.row;
  if (!target || target.id === dragId || on.ancestors.includes(dragId)) return null;
  const parentOf = (e: Entry) => (e.depth === 1 ? '' : e.ancestors[e.ancestors.length - 1]);
  const siblings = (e: Entry) => entries.filter((x) => x.branch === e.branch && x.depth === e.depth);
  let place: Place;
  if (zone === 'inside') {
    place = { spaceId, parentId: target.id, beforeId: '' };
  } else if (zone === 'before') {
    place = { spaceId, parentId: parentOf(on), beforeId: target.id };
  } else {
    const firstKid = on.open ? entries.find((x) => x.branch === target.id && x.key !== dragId) : undefined;
    if (firstKid) {
      if (!firstKid.row) return null;
      place = { spaceId, parentId: target.id, beforeId: firstKid.row.id };
    } else {
      const sibs = siblings(on).filter((x) => x.key !== dragId);
      const next = sibs[sibs.findIndex((x) => x.key === on.key) + 1];
      if (next && !next.row) return null;
      place = { spaceId, parentId: parentOf(on), beforeId: next?.row?.id ?? '' };
    }
  }
  const dragged = entries.find((x) => x.key === dragId);
  if (dragged && parentOf(dragged) === place.parentId && dragged.row?.spaceId === place.spaceId && dragged.branch !== `strays:${spaceId}`) {
    const sibs = siblings(dragged).filter((x) => x.key !== dragId);
    const after = sibs.find((x) => x.index > dragged.index);
    if ((after?.row?.id ?? '') === place.beforeId && (after || allLoaded(sibs))) return null;
  }
  return place;
}

function allLoaded(es: Entry[]): boolean {
  return es.every((e) => e.row !== null);
}

/** zoneAt says where over a row the pointer is: its upper third, middle or lower third. */
export { zoneAt } from './tree';
