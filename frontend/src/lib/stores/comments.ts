// The open page's comment threads: loaded with List, refetched on
// threads:changed for that page (and when asked, e.g. after edits are saved).
import { writable, type Readable } from 'svelte/store';
import { api, events } from '../api/client';
import { toApiError } from '../api/errors';
import type { ThreadView } from '../api/types';
import { toasts } from './toasts';

export interface CommentsState {
  pageId: string;
  threads: ThreadView[];
  loaded: boolean;
  error: string;
}

export interface CommentsStore extends Readable<CommentsState> {
  refresh(): Promise<void>;
  start(rev: string, start: number, end: number, body: string, mentions: string[]): Promise<ThreadView | null>;
  reply(threadId: string, body: string, mentions: string[]): Promise<boolean>;
  resolve(threadId: string, resolved: boolean): Promise<boolean>;
  dispose(): void;
}

export interface CommentsApi {
  listThreads(pageId: string): Promise<ThreadView[]>;
  startThread(pageId: string, rev: string, start: number, end: number, body: string, mentions: string[]): Promise<ThreadView>;
  replyThread(pageId: string, threadId: string, body: string, mentions: string[]): Promise<ThreadView>;
  resolveThread(pageId: string, threadId: string, resolved: boolean): Promise<ThreadView>;
}

/** upsert puts a thread Go returned into the list (new or replaced). */
export function upsert(threads: readonly ThreadView[], t: ThreadView): ThreadView[] {
  const i = threads.findIndex((x) => x.id === t.id);
  return i < 0 ? [...threads, t] : threads.map((x) => (x.id === t.id ? t : x));
}

export function createComments(
  pageId: string,
  deps: { api: CommentsApi; onThreadsChanged: (h: (pageId: string) => void) => () => void; report: (msg: string) => void } = {
    api,
    onThreadsChanged: events.onThreadsChanged,
    report: (m) => toasts.error(m),
  },
): CommentsStore {
  const state = writable<CommentsState>({ pageId, threads: [], loaded: false, error: '' });
  // Answers can overtake each other; only the latest List counts.
  let seq = 0;
  let alive = true;

  async function refresh(): Promise<void> {
    const n = ++seq;
    try {
      const threads = await deps.api.listThreads(pageId);
      if (alive && n === seq) state.set({ pageId, threads, loaded: true, error: '' });
    } catch (e) {
      if (alive && n === seq) state.update((s) => ({ ...s, loaded: true, error: toApiError(e).message }));
    }
  }

  function put(t: ThreadView) {
    seq++; // a List already on its way may not have this yet
    state.update((s) => ({ ...s, threads: upsert(s.threads, t) }));
  }

  const off = deps.onThreadsChanged((id) => {
    if (id === pageId) void refresh();
  });
  void refresh();

  return {
    subscribe: state.subscribe,
    refresh,
    async start(rev, start, end, body, mentions) {
      try {
        const t = await deps.api.startThread(pageId, rev, start, end, body, mentions);
        put(t);
        return t;
      } catch (e) {
        deps.report(toApiError(e).message);
        return null;
      }
    },
    async reply(threadId, body, mentions) {
      try {
        put(await deps.api.replyThread(pageId, threadId, body, mentions));
        return true;
      } catch (e) {
        deps.report(toApiError(e).message);
        return false;
      }
    },
    async resolve(threadId, resolved) {
      try {
        put(await deps.api.resolveThread(pageId, threadId, resolved));
        return true;
      } catch (e) {
        deps.report(toApiError(e).message);
        return false;
      }
    },
    dispose() {
      alive = false;
      off();
    },
  };
}
