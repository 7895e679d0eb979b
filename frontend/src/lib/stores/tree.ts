// The sidebar's page tree, loaded a branch at a time: the top of a space
// when it shows, a page's subpages when it opens, and of a long branch
// only the chunks that scroll into view. Counts of subpages come from the
// database with each row. Kept current by page:changed events: an event
// touches the rows it names and reloads only the branches it moved pages
// in or out of (never by polling, never the whole tree).
import { writable } from 'svelte/store';
import { api } from '../api/client';
import { toApiError } from '../api/errors';
import type { PageChanged, SpaceView, TreeRowView } from '../api/types';
import { toasts } from './toasts';

/** Rows per request; a branch up to this size loads in one. */
export const CHUNK = 100;

export interface BranchState {
  /** How many rows the branch has; null until its first chunk arrives. */
  total: number | null;
  /** Row ids by index; undefined where a chunk has not loaded. */
  ids: (string | undefined)[];
}

export interface TreeState {
  rows: Map<string, TreeRowView>;
  branches: Map<string, BranchState>;
  /** Strays shown at the top of each space, after its other rows. */
  strays: Map<string, string[]>;
  /** The page to bring into view once its row is there. */
  reveal: string | null;
  version: number;
}

/** topKey names the branch at the top of a space; a page's subpages are keyed by its id. */
export const topKey = (spaceId: string) => `top:${spaceId}`;

const st: TreeState = { rows: new Map(), branches: new Map(), strays: new Map(), reveal: null, version: 0 };
const store = writable<TreeState>(st);
let scheduled = false;
function changed(): void {
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(() => {
    scheduled = false;
    st.version++;
    store.set(st);
  });
}

/** Where each loaded row is: the branch it was listed in. */
const branchOfRow = new Map<string, string>();
/** homes maps each space to its home page, whose subpages are at the top. */
const homes = new Map<string, string>();
const inflight = new Set<string>();
const stale = new Set<string>();
let staleTimer: ReturnType<typeof setTimeout> | null = null;

function report(e: unknown): void {
  toasts.error(toApiError(e).message);
}

function parse(key: string): { spaceId: string; parentId: string } {
  if (key.startsWith('top:')) return { spaceId: key.slice(4), parentId: '' };
  return { spaceId: st.rows.get(key)?.spaceId ?? '', parentId: key };
}

function put(key: string, r: TreeRowView): void {
  st.rows.set(r.id, r);
  branchOfRow.set(r.id, key);
}

/**
 * epochs counts, per branch, the reloads started: an answer asked for
 * before a reload began may predate the change that caused it, so it is
 * not stored over the reload's (a chunk asked for again, a reload dropped
 * for the newer one).
 */
const epochs = new Map<string, number>();
const epochOf = (key: string) => epochs.get(key) ?? 0;

async function loadChunk(key: string, chunk: number): Promise<void> {
  const flight = `${key}#${chunk}`;
  if (inflight.has(flight)) return;
  inflight.add(flight);
  let again = false;
  try {
    const { spaceId, parentId } = parse(key);
    const epoch = epochOf(key);
    const b = await api.treeBranch(spaceId, parentId, chunk * CHUNK, CHUNK);
    if (epochOf(key) !== epoch) {
      again = true;
    } else {
      const cur = st.branches.get(key);
      const next: BranchState = cur && cur.total === b.total ? cur : { total: b.total, ids: new Array(b.total) };
      next.total = b.total;
      if (next.ids.length !== b.total) next.ids.length = b.total;
      b.rows.forEach((r, i) => {
        next.ids[b.offset + i] = r.id;
        put(key, r);
      });
      st.branches.set(key, next);
      changed();
    }
  } catch (e) {
    report(e);
  } finally {
    inflight.delete(flight);
  }
  if (again) await loadChunk(key, chunk);
}

/** loadedChunks lists the chunks of a branch that hold rows. */
function loadedChunks(b: BranchState): number[] {
  const out: number[] = [];
  for (let c = 0; c * CHUNK < b.ids.length; c++) if (b.ids[c * CHUNK] !== undefined || b.ids[Math.min(b.ids.length - 1, c * CHUNK + CHUNK - 1)] !== undefined) out.push(c);
  return out;
}

/** reload fetches again what a branch showed, after a change moved pages in or out of it. */
async function reload(key: string): Promise<void> {
  const b = st.branches.get(key);
  if (!b) return;
  const chunks = loadedChunks(b);
  const epoch = epochOf(key) + 1;
  epochs.set(key, epoch);
  const { spaceId, parentId } = parse(key);
  try {
    const got = await Promise.all((chunks.length ? chunks : [0]).map((c) => api.treeBranch(spaceId, parentId, c * CHUNK, CHUNK)));
    if (epochOf(key) !== epoch) return; // a newer reload answers
    const total = got[0]?.total ?? 0;
    const next: BranchState = { total, ids: new Array(total) };
    for (const g of got) g.rows.forEach((r, i) => {
      if (g.offset + i < total) next.ids[g.offset + i] = r.id;
      put(key, r);
    });
    st.branches.set(key, next);
    changed();
  } catch (e) {
    report(e);
  }
}

/** refreshRows rereads rows whose count of subpages may have changed. */
async function refreshRows(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  try {
    for (const r of await api.treeRows(ids)) {
      const key = branchOfRow.get(r.id);
      if (key) put(key, r);
    }
    changed();
  } catch (e) {
    report(e);
  }
}

function markStale(key: string): void {
  epochs.set(key, epochOf(key) + 1); // what was asked before this change is old news
  stale.add(key);
  if (staleTimer) return;
  staleTimer = setTimeout(() => {
    staleTimer = null;
    const keys = [...stale];
    stale.clear();
    const rowIds: string[] = [];
    for (const k of keys) {
      if (st.branches.has(k)) void reload(k);
      // The row's count of subpages decides whether its branch shows at all.
      if (!k.startsWith('top:') && st.rows.has(k)) rowIds.push(k);
    }
    void refreshRows(rowIds);
  }, 30);
}

/** branchKeyFor is the branch a page shows in, from its stored place. */
function branchKeyFor(spaceId: string, parentId: string): string {
  return !parentId || parentId === homes.get(spaceId) ? topKey(spaceId) : parentId;
}

/** apply takes in one page:changed event. */
export function applyPageChange(ev: PageChanged): void {
  const p = ev.page;
  const known = st.rows.get(p.id);
  if (!known && !p.deletedAt) {
    // News of a page not listed yet: an answer on its way may predate it.
    const key = branchKeyFor(p.spaceId ?? '', p.parentId ?? '');
    epochs.set(key, epochOf(key) + 1);
  }
  if (ev.kind === 'edited') {
    // Only its title and time are news.
    if (known && p.title !== undefined && known.title !== p.title) {
      st.rows.set(p.id, { ...known, title: p.title, updatedAt: p.updatedAt || known.updatedAt });
      changed();
    }
    return;
  }
  const gone = ev.kind === 'trashed' || ev.kind === 'purged' || !!p.deletedAt || !!p.template;
  const oldKey = branchOfRow.get(p.id);
  const newKey = gone ? null : branchKeyFor(p.spaceId ?? '', p.parentId ?? '');
  const moved = oldKey !== (newKey ?? undefined);
  const reordered = known && !gone && (known.position !== (p.position ?? '') || known.spaceId !== (p.spaceId ?? ''));
  if (known && !gone) {
    st.rows.set(p.id, { ...known, title: p.title, spaceId: p.spaceId ?? '', parentId: p.parentId ?? '', position: p.position ?? '', updatedAt: p.updatedAt || known.updatedAt, damaged: p.damaged ?? known.damaged });
    changed();
  }
  if (ev.kind === 'renamed' || (ev.kind === 'saved' && known && !moved && !reordered)) return;
  if (!known && !newKey) return;
  if (oldKey && (moved || reordered)) markStale(oldKey);
  if (newKey && (moved || reordered || !known)) {
    // Only a branch that is loaded, or a row whose count shows, needs news.
    if (st.branches.has(newKey) || st.rows.has(newKey)) markStale(newKey);
  }
  if (gone && known) {
    st.rows.delete(p.id);
    branchOfRow.delete(p.id);
    changed();
  }
}

export const tree = {
  subscribe: store.subscribe,

  /** spaces tells the tree each space's home page, whose subpages show at the top. */
  setSpaces(list: SpaceView[]): void {
    for (const s of list) homes.set(s.id, s.homeId);
  },

  /** ensure loads the chunk that holds index i of a branch, unless it is there or on its way. */
  ensure(key: string, i = 0): void {
    const b = st.branches.get(key);
    if (b && b.total !== null && (b.total === 0 || b.ids[Math.min(i, b.total - 1)] !== undefined)) return;
    void loadChunk(key, Math.floor(Math.max(0, i) / CHUNK));
  },

  /** loadStrays reads the pages shown at the top of a space although they have a parent. */
  async loadStrays(spaceId: string): Promise<void> {
    try {
      const rs = await api.treeStrays(spaceId);
      for (const r of rs) put(topKey(spaceId), r);
      st.strays.set(spaceId, rs.map((r) => r.id));
      changed();
    } catch (e) {
      report(e);
    }
  },

  /** reveal opens the way down to a page, loading each branch's part that holds it, and asks for it to be shown. */
  async reveal(id: string, open: (key: string) => void): Promise<void> {
    let path;
    try {
      path = await api.treePath(id);
    } catch {
      return; // not in the tree: a template, in the trash, or gone
    }
    open(`space:${path.spaceId}`);
    const loads: Promise<void>[] = [];
    for (const [i, step] of path.steps.entries()) {
      const key = step.stray ? null : branchKeyFor(path.spaceId, step.parentId);
      if (i < path.steps.length - 1) open(step.id);
      if (!key) {
        if (!st.strays.has(path.spaceId)) loads.push(tree.loadStrays(path.spaceId));
        continue;
      }
      const b = st.branches.get(key);
      if (!b || b.ids[step.index] === undefined) loads.push(loadChunk(key, Math.floor(step.index / CHUNK)));
    }
    await Promise.all(loads);
    st.reveal = id;
    changed();
  },

  /** revealed says the page asked for is on screen. */
  revealed(): void {
    st.reveal = null;
  },
};

// For tests.
export function resetTree(): void {
  st.rows.clear();
  st.branches.clear();
  st.strays.clear();
  st.reveal = null;
  branchOfRow.clear();
  homes.clear();
}
