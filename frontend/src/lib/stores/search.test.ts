import { get } from 'svelte/store';
import { describe, expect, it, vi } from 'vitest';
import { createSearch } from './search';

describe('createSearch', () => {
  it('debounces and drops late answers', async () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    const search = createSearch(async (q) => {
      calls.push(q);
      return [{ id: q, kind: 'page', title: q, snippet: '' }];
    }, 120);
    search.setQuery('a');
    search.setQuery('ab');
    await vi.advanceTimersByTimeAsync(130);
    expect(calls).toEqual(['ab']);
    expect(get(search).hits.map((h) => h.id)).toEqual(['ab']);
    search.setQuery('');
    expect(get(search).hits).toEqual([]);
    vi.useRealTimers();
  });
});
