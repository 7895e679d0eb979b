import { get } from 'svelte/store';
import { describe, expect, it, vi } from 'vitest';
import type { ThreadView } from '../api/types';
import { createComments, upsert } from './comments';
import { groupThreads, insertMention, matchPeople, mentionQuery, mentionsIn } from './commentsLogic';

vi.mock('../api/client', () => ({ api: {}, events: { onThreadsChanged: () => () => {} } }));
vi.mock('./toasts', () => ({ toasts: { error: () => {} } }));

function t(id: string, start: number, extra: Partial<ThreadView> = {}): ThreadView {
  return { id, pageId: 'p', start, end: start + 3, quote: 'abc', detached: false, resolved: false, resolvedBy: '', resolvedAt: '', replies: [], ...extra };
}

describe('groupThreads', () => {
  it('sorts open threads by position and separates resolved and detached ones', () => {
    const g = groupThreads([
      t('c', 30),
      t('a', 2),
      t('d', 0, { detached: true }),
      t('r1', 5, { resolved: true, resolvedAt: '2026-01-01T00:00:00Z' }),
      t('r2', 1, { resolved: true, resolvedAt: '2026-02-01T00:00:00Z' }),
      t('b', 2, { end: 9 }),
    ]);
    expect(g.open.map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(g.detached.map((x) => x.id)).toEqual(['d']);
    expect(g.resolved.map((x) => x.id)).toEqual(['r2', 'r1']);
  });
});

describe('mentions', () => {
  const people = [{ id: 'm1', name: 'Ada Lovelace' }, { id: 'm2', name: 'Grace Hopper' }];
  it('finds the @query before the caret', () => {
    expect(mentionQuery('hi @Ad', 6)).toEqual({ at: 3, query: 'Ad' });
    expect(mentionQuery('@', 1)).toEqual({ at: 0, query: '' });
    expect(mentionQuery('mail a@b', 8)).toBeNull();
    expect(mentionQuery('hi @Ad there', 12)).toBeNull();
  });
  it('matches people by any word of their name', () => {
    expect(matchPeople(people, 'lov').map((p) => p.id)).toEqual(['m1']);
    expect(matchPeople(people, '')).toHaveLength(2);
  });
  it('inserts the name and keeps only mentions still in the text', () => {
    const r = insertMention('hi @Gr', 3, 6, people[1]);
    expect(r).toEqual({ text: 'hi @Grace Hopper ', caret: 17 });
    expect(mentionsIn(r.text, people)).toEqual(['m2']);
    expect(mentionsIn('nobody', people)).toEqual([]);
  });
});

describe('comments store', () => {
  it('loads, refetches on threads:changed for its page only, and upserts answers', async () => {
    let handler: (id: string) => void = () => {};
    const list = vi.fn().mockResolvedValueOnce([t('a', 1)]).mockResolvedValueOnce([t('a', 1), t('b', 4)]);
    const api = {
      listThreads: list,
      startThread: vi.fn().mockResolvedValue(t('n', 7)),
      replyThread: vi.fn().mockRejectedValue({ code: 'invalid', message: 'empty reply' }),
      resolveThread: vi.fn().mockResolvedValue(t('a', 1, { resolved: true })),
    };
    const report = vi.fn();
    const s = createComments('p', { api, onThreadsChanged: (h) => ((handler = h), () => {}), report });
    await vi.waitFor(() => expect(get(s).loaded).toBe(true));
    expect(get(s).threads.map((x) => x.id)).toEqual(['a']);
    handler('other');
    expect(list).toHaveBeenCalledTimes(1);
    handler('p');
    await vi.waitFor(() => expect(get(s).threads).toHaveLength(2));
    expect(await s.start('rev1', 7, 10, 'hello', [])).not.toBeNull();
    expect(api.startThread).toHaveBeenCalledWith('p', 'rev1', 7, 10, 'hello', []);
    expect(get(s).threads.map((x) => x.id)).toEqual(['a', 'b', 'n']);
    await s.resolve('a', true);
    expect(get(s).threads[0].resolved).toBe(true);
    expect(await s.reply('a', '', [])).toBe(false);
    expect(report).toHaveBeenCalledWith('empty reply');
  });

  it('upsert replaces by id', () => {
    expect(upsert([t('a', 1)], t('a', 5))[0].start).toBe(5);
  });
});
