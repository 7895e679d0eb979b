// The search palette's state: a debounced query whose late answers never
// overwrite newer ones.
import { writable, type Readable } from 'svelte/store';
import { toApiError } from '../api/errors';
import type { SearchHit } from '../api/types';

export interface SearchState {
  query: string;
  hits: SearchHit[];
  loading: boolean;
  error: string;
}

export interface SearchController extends Readable<SearchState> {
  setQuery(q: string): void;
  reset(): void;
}

export function createSearch(search: (q: string) => Promise<SearchHit[]>, delay = 120): SearchController {
  const initial: SearchState = { query: '', hits: [], loading: false, error: '' };
  const state = writable<SearchState>(initial);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;

  function setQuery(q: string): void {
    clearTimeout(timer);
    const mine = ++seq;
    if (q.trim() === '') {
      state.set({ ...initial, query: q });
      return;
    }
    state.update((s) => ({ ...s, query: q, loading: true }));
    timer = setTimeout(async () => {
      try {
        const hits = await search(q.trim());
        if (mine === seq) state.set({ query: q, hits, loading: false, error: '' });
      } catch (e) {
        if (mine === seq) state.set({ query: q, hits: [], loading: false, error: toApiError(e).message });
      }
    }, delay);
  }

  return {
    subscribe: state.subscribe,
    setQuery,
    reset() {
      clearTimeout(timer);
      seq++;
      state.set(initial);
    },
  };
}
