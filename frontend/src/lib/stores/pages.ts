// The page list and the trash, loaded once and then kept current by
// page:changed events (never by polling).
import { get, writable } from 'svelte/store';
import { api, events } from '../api/client';
import { toApiError } from '../api/errors';
import type { MoveInput, NewPageInput, PageChanged, PageView, TemplateView } from '../api/types';
import { emptyPages, reducePageChange, setLists, summaryOf, type PagesState } from './pagesReducer';
import { toasts } from './toasts';
import { applyPageChange } from './tree';

const state = writable<PagesState>(emptyPages);
type Listener = (ev: PageChanged) => void;
const listeners = new Set<Listener>();
let started = false;

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
      const [list, trash] = await Promise.all([api.listPages(), api.listTrash()]);
      state.update(() => {
        let next = setLists(list, trash);
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
