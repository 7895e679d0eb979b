// The page list and the trash, loaded once and then kept current by
// page:changed events (never by polling).
import { get, writable } from 'svelte/store';
import { api, events } from '../api/client';
import { toApiError } from '../api/errors';
import type { MoveInput, NewPageInput, PageChanged, PageView, TemplateView } from '../api/types';
import { chainKnown, emptyPages, knowPages, reducePageChange, setLists, summaryOf, type PagesState } from './pagesReducer';
import { toasts } from './toasts';
import { applyPageChange } from './tree';

const state = writable<PagesState>(emptyPages);
type Listener = (ev: PageChanged) => void;
const listeners = new Set<Listener>();
let started = false;
/** The pages a window knows at start: the most recently updated (the palette's recent pages, the last one open). */
const startWith = 500;
const lookups = new Map<string, Promise<boolean>>();
let everything: Promise<void> | null = null;

function report(e: unknown): void {
  toasts.error(toApiError(e).message);
}

/** local applies a change made here at once, before its event comes back. */
function local(ev: PageChanged): void {
  state.update((s) => reducePageChange(s, ev));
  applyPageChange(ev);
}

export const pages = {
  subscribe: state.subscribe,

  /** start subscribes to events, then loads the lists; events that race the load are replayed. */
  async start(): Promise<void> {
    if (started) return;
    started = true;
    let queue: PageChanged[] | null = [];
    events.onPageChanged((ev) => {
      applyPageChange(ev);
      if (queue) queue.push(ev);
      else state.update((s) => reducePageChange(s, ev));
      for (const l of listeners) l(ev);
    });
    try {
      const [list, trash] = await Promise.all([api.recentPages(startWith), api.listTrash()]);
      state.update((s) => {
        let next = knowPages(setLists(list, trash, s.pending), s.pages);
        for (const ev of queue ?? []) next = reducePageChange(next, ev);
        return next;
      });
    } catch (e) {
      state.update((s) => ({ ...s, loaded: true }));
      report(e);
    } finally {
      queue = null;
    }
  },

  /**
   * ensure makes sure this window knows a page and its ancestors (a page
   * opened from a link, a search, the tree or a notification): true when it
   * is a live page. One lookup per page at a time.
   */
  ensure(id: string): Promise<boolean> {
    const s = get(state);
    if (chainKnown(s.pages, id)) return Promise.resolve(true);
    const running = lookups.get(id);
    if (running) return running;
    state.update((x) => ({ ...x, pending: [...x.pending, id] }));
    const lookup = api
      .pageCrumbs(id)
      .then(
        (chain) => {
          state.update((x) => knowPages(x, chain));
          const p = chain.at(-1);
          return p?.id === id && p.deletedAt === '';
        },
        () => false,
      )
      .finally(() => {
        lookups.delete(id);
        state.update((x) => ({ ...x, pending: x.pending.filter((y) => y !== id) }));
      });
    lookups.set(id, lookup);
    return lookup;
  },

  /**
   * loadAll learns every live page, for what needs the whole tree at once
   * (the Move dialog): a cost paid when it is opened, never at start.
   */
  loadAll(): Promise<void> {
    everything ??= api.listPages().then(
      (list) => state.update((s) => knowPages(s, list)),
      (e) => {
        everything = null;
        report(e);
      },
    );
    return everything;
  },

  /** onChange lets the open editor hear every page:changed event. */
  onChange(l: Listener): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },

  async create(title = ''): Promise<PageView | null> {
    try {
      const p = await api.createPage(title);
      local({ kind: 'created', page: summaryOf({ ...p, excerpt: '' }), origin: '', prevRev: '', rev: p.rev, splices: [] });
      return p;
    } catch (e) {
      report(e);
      return null;
    }
  },

  /** createIn makes a page in a space or under a page, blank or from a template. */
  async createIn(input: NewPageInput): Promise<PageView | null> {
    try {
      const p = await api.createPageWith(input);
      local({ kind: 'created', page: summaryOf({ ...p, excerpt: '' }), origin: '', prevRev: '', rev: p.rev, splices: [] });
      return p;
    } catch (e) {
      report(e);
      return null;
    }
  },

  /** move puts a page (with its subpages) somewhere else in the tree; a refusal is shown as a toast. */
  async move(id: string, to: MoveInput): Promise<boolean> {
    try {
      const p = await api.movePage(id, to);
      local({ kind: 'moved', page: p, origin: '', prevRev: '', rev: '', splices: [] });
      return true;
    } catch (e) {
      report(e);
      return false;
    }
  },

  /** templates lists what a new page can start from; [] (and a toast) when they cannot be read. */
  async templates(): Promise<TemplateView[]> {
    try {
      return await api.templates();
    } catch (e) {
      report(e);
      return [];
    }
  },

  async saveAsTemplate(id: string): Promise<boolean> {
    try {
      const t = await api.saveAsTemplate(id);
      toasts.info(`Saved “${t.title.trim() || 'Untitled'}” as a template`);
      return true;
    } catch (e) {
      report(e);
      return false;
    }
  },

  async rename(id: string, title: string): Promise<boolean> {
    try {
      const p = await api.renamePage(id, title);
      local({ kind: 'renamed', page: p, origin: '', prevRev: '', rev: '', splices: [] });
      return true;
    } catch (e) {
      report(e);
      return false;
    }
  },

  async trash(id: string): Promise<boolean> {
    try {
      await api.deletePage(id);
      const p = get(state).pages.find((x) => x.id === id);
      if (p) local({ kind: 'trashed', page: { ...p, deletedAt: new Date().toISOString() }, origin: '', prevRev: '', rev: '', splices: [] });
      return true;
    } catch (e) {
      report(e);
      return false;
    }
  },

  async restore(id: string): Promise<boolean> {
    try {
      await api.restorePage(id);
      const p = get(state).trash.find((x) => x.id === id);
      if (p) local({ kind: 'restored', page: { ...p, deletedAt: '' }, origin: '', prevRev: '', rev: '', splices: [] });
      return true;
    } catch (e) {
      report(e);
      return false;
    }
  },

  async purge(id: string): Promise<boolean> {
    try {
      await api.purgePage(id);
      const p = get(state).trash.find((x) => x.id === id);
      if (p) local({ kind: 'purged', page: p, origin: '', prevRev: '', rev: '', splices: [] });
      return true;
    } catch (e) {
      report(e);
      return false;
    }
  },
};
