// Pure state changes for the spaces of the sidebar and the trash, driven by
// space:created and space:changed events.
import type { SpaceChanged, SpaceView } from '../api/types';

export interface SpacesState {
  loaded: boolean;
  /** Live spaces, in their order. */
  list: SpaceView[];
  /** Spaces in the trash, most recently deleted first. */
  trash: SpaceView[];
}

export const emptySpaces: SpacesState = { loaded: false, list: [], trash: [] };

/** bySpaceOrder sorts as Go does: by position, then creation, then id. */
export function bySpaceOrder(a: SpaceView, b: SpaceView): number {
  const pa = a.position ?? '';
  const pb = b.position ?? '';
  if (pa !== pb) return pa < pb ? -1 : 1;
  const ca = a.createdAt ?? '';
  const cb = b.createdAt ?? '';
  if (ca !== cb) return ca < cb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const byDeleted = (a: SpaceView, b: SpaceView) => (b.deletedAt ?? '').localeCompare(a.deletedAt ?? '') || a.id.localeCompare(b.id);

function without(list: SpaceView[], id: string): SpaceView[] {
  return list.some((x) => x.id === id) ? list.filter((x) => x.id !== id) : list;
}

/** withSpace adds sp to the list unless it is there (an event and a reply may both bring it). */
export function withSpace(list: SpaceView[], sp: SpaceView): SpaceView[] {
  return list.some((x) => x.id === sp.id) ? list.map((x) => (x.id === sp.id ? sp : x)) : [...list, sp];
}

/** reduceSpaceChange applies one space:changed event. */
export function reduceSpaceChange(s: SpacesState, ev: SpaceChanged): SpacesState {
  const sp = ev.space;
  switch (ev.kind) {
    case 'updated':
    case 'moved': {
      // Only what is listed changes: an event about a space in the trash
      // keeps it there.
      if (s.trash.some((x) => x.id === sp.id) && !s.list.some((x) => x.id === sp.id)) {
        return { ...s, trash: s.trash.map((x) => (x.id === sp.id ? { ...sp, deletedAt: x.deletedAt } : x)) };
      }
      return { ...s, list: withSpace(s.list, sp).sort(bySpaceOrder) };
    }
    case 'trashed':
      return { ...s, list: without(s.list, sp.id), trash: withSpace(s.trash, sp).sort(byDeleted) };
    case 'restored':
      return { ...s, list: withSpace(s.list, { ...sp, deletedAt: '' }).sort(bySpaceOrder), trash: without(s.trash, sp.id) };
    case 'purged':
      return { ...s, list: without(s.list, sp.id), trash: without(s.trash, sp.id) };
    default:
      return s;
  }
}

/** created adds a new space in its place. */
export function reduceSpaceCreated(s: SpacesState, sp: SpaceView): SpacesState {
  return { ...s, list: withSpace(s.list, sp).sort(bySpaceOrder) };
}

/**
 * moveTarget says where "Move up" or "Move down" puts a space: the id of the
 * space it goes before ("" = last), or null when it cannot move that way.
 */
export function moveTarget(list: readonly SpaceView[], id: string, dir: -1 | 1): string | null {
  const i = list.findIndex((x) => x.id === id);
  if (i < 0) return null;
  if (dir < 0) return i === 0 ? null : list[i - 1].id;
  if (i === list.length - 1) return null;
  return i + 2 < list.length ? list[i + 2].id : '';
}

/** dropBefore says which space a dragged space goes before when dropped on target's upper or lower half ("" = last), or null for no move. */
export function dropBefore(list: readonly SpaceView[], dragged: string, target: string, lower: boolean): string | null {
  if (dragged === target) return null;
  const rest = list.filter((x) => x.id !== dragged);
  const t = rest.findIndex((x) => x.id === target);
  if (t < 0) return null;
  const at = lower ? t + 1 : t;
  const before = at < rest.length ? rest[at].id : '';
  // Dropping it where it already is changes nothing.
  const i = list.findIndex((x) => x.id === dragged);
  const now = i + 1 < list.length ? list[i + 1].id : '';
  return before === now ? null : before;
}
