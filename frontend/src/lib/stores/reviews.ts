// Reviews: one store per open page, kept current by review:changed
// events, and the "needs review" list, refreshed when any review or page
// changes.
import { writable, type Readable } from 'svelte/store';
import { api, events } from '../api/client';
import { toApiError } from '../api/errors';
import type { PageStatus, ReviewItemView, ReviewView } from '../api/types';
import { toasts } from './toasts';

export interface ReviewStore extends Readable<ReviewView | null> {
  setStatus(s: PageStatus): Promise<boolean>;
  setOwner(memberId: string): Promise<boolean>;
  setReviewBy(date: string): Promise<boolean>;
  addReviewer(memberId: string, dueDate: string): Promise<boolean>;
  removeReviewer(memberId: string): Promise<boolean>;
  markRead(): Promise<boolean>;
  approve(approved: boolean): Promise<boolean>;
  setMeeting(meeting: boolean): Promise<boolean>;
  setPreRead(pageId: string): Promise<boolean>;
  setReady(ready: boolean): Promise<boolean>;
  addDecision(text: string): Promise<boolean>;
  deleteDecision(id: string): Promise<boolean>;
  dispose(): void;
}

/** createReview loads a page's review and follows its changes. */
export function createReview(pageId: string): ReviewStore {
  const state = writable<ReviewView | null>(null);
  let current: ReviewView | null = null;
  const unsubscribe = state.subscribe((r) => (current = r));
  const load = () =>
    api
      .review(pageId)
      .then((r) => state.set(r))
      .catch((e) => toasts.error(toApiError(e).message));
  const offReview = events.onReviewChanged((r) => {
    if (r.pageId === pageId) state.set(r);
  });
  // A meeting page shows its pre-read's title and status: follow them.
  const offPage = events.onPageChanged((ev) => {
    const pre = current?.meeting.preReadId;
    if (pre && ev.page.id === pre && ev.kind !== 'edited') void load();
  });
  void load();

  async function run(f: () => Promise<ReviewView>): Promise<boolean> {
    try {
      state.set(await f());
      return true;
    } catch (e) {
      toasts.error(toApiError(e).message);
      return false;
    }
  }

  return {
    subscribe: state.subscribe,
    setStatus: (s) => run(() => api.setStatus(pageId, s)),
    setOwner: (m) => run(() => api.setOwner(pageId, m)),
    setReviewBy: (d) => run(() => api.setReviewBy(pageId, d)),
    addReviewer: (m, d) => run(() => api.addReviewer(pageId, m, d)),
    removeReviewer: (m) => run(() => api.removeReviewer(pageId, m)),
    markRead: () => run(() => api.markRead(pageId)),
    approve: (a) => run(() => api.approve(pageId, a)),
    setMeeting: (m) => run(() => api.setMeeting(pageId, m)),
    setPreRead: (id) => run(() => api.setPreRead(pageId, id)),
    setReady: (r) => run(() => api.setReady(pageId, r)),
    addDecision: (t) => run(() => api.addDecision(pageId, t)),
    deleteDecision: (id) => run(() => api.deleteDecision(pageId, id)),
    dispose() {
      offReview();
      offPage();
      unsubscribe();
    },
  };
}

export interface NeedsReviewState {
  loaded: boolean;
  items: ReviewItemView[];
}

const needs = writable<NeedsReviewState>({ loaded: false, items: [] });
let needsStarted = false;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

async function refreshNeeds(): Promise<void> {
  try {
    needs.set({ loaded: true, items: await api.needsReview() });
  } catch (e) {
    needs.update((s) => ({ ...s, loaded: true }));
    toasts.error(toApiError(e).message);
  }
}

/** needsReview is what needs my review, soonest due first. */
export const needsReview = {
  subscribe: needs.subscribe,
  start(): void {
    if (needsStarted) return;
    needsStarted = true;
    const soon = () => {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => void refreshNeeds(), 150);
    };
    events.onReviewChanged(soon);
    // Only changes of place and name matter to the list: saves of the
    // body do not (status and reviewers arrive as review:changed).
    events.onPageChanged((ev) => {
      if (ev.kind !== 'edited' && ev.kind !== 'saved') soon();
    });
    void refreshNeeds();
  },
  refresh: refreshNeeds,
};
