// The channels store against a fake client: a feed is loaded when a screen
// shows it, kept while one does and for the last few shown, and dropped
// after, so that a window does not hold every channel it ever showed.
import { get } from 'svelte/store';
import { describe, expect, it, vi } from 'vitest';
import type { PostChanged, PostSummaryView } from '../api/types';

const h = vi.hoisted(() => ({
  lists: [] as string[],
  posted: null as ((ev: PostChanged) => void) | null,
  pending: new Map<string, () => void>(),
  hold: false,
}));

const post = (id: string, channelId: string): PostSummaryView =>
  ({ id, channelId, title: id, excerpt: '', deleted: false, pinned: false, lastActivity: '2026-12-01T00:00:00Z', reactions: [], mentions: [] }) as unknown as PostSummaryView;

vi.mock('../api/client', () => ({
  api: {
    listChannels: async () => [],
    listPosts: (channelId: string) => {
      h.lists.push(channelId);
      const posts = [post(`${channelId}-1`, channelId)];
      if (!h.hold) return Promise.resolve(posts);
      return new Promise((resolve) => h.pending.set(channelId, () => resolve(posts)));
    },
  },
  events: {
    onChannelChanged: () => () => {},
    onPostChanged: (f: (ev: PostChanged) => void) => ((h.posted = f), () => {}),
  },
}));
vi.mock('./toasts', () => ({ toasts: { error: () => {}, info: () => {} } }));

const { channels } = await import('./channels');

/** show subscribes to a channel's feed as its screen does, and waits for it to load. */
async function show(id: string): Promise<() => void> {
  const feed = channels.feed(id);
  const stop = feed.subscribe(() => {});
  await vi.waitFor(() => expect(get(feed).loaded).toBe(true));
  return stop;
}

describe('channel feeds', () => {
  it('keeps the feeds on screen and the last three shown, and loads the others again', async () => {
    await channels.start();
    const a = await show('a');
    for (const id of ['b', 'c', 'd', 'e']) (await show(id))();
    expect(h.lists).toEqual(['a', 'b', 'c', 'd', 'e']);

    // Back to the last ones shown: no new load. Back to 'b': loaded again.
    for (const id of ['e', 'd']) (await show(id))();
    expect(h.lists).toHaveLength(5);
    (await show('b'))();
    expect(h.lists).toEqual(['a', 'b', 'c', 'd', 'e', 'b']);

    // 'a' is still on screen, so it was kept and follows new posts.
    h.posted?.({ kind: 'created', post: post('a-2', 'a') } as PostChanged);
    const feed = channels.feed('a');
    const stop = feed.subscribe(() => {});
    expect(get(feed).posts.map((p) => p.id).sort()).toEqual(['a-1', 'a-2']);
    stop();
    a();
    expect(h.lists).toHaveLength(6);
  });

  it('does not bring back a feed dropped while it was loading', async () => {
    h.hold = true;
    const feed = channels.feed('slow');
    const stop = feed.subscribe(() => {});
    stop();
    for (const id of ['x', 'y', 'z']) {
      const s = channels.feed(id).subscribe(() => {});
      h.pending.get(id)?.();
      s();
    }
    h.pending.get('slow')?.();
    await new Promise((r) => setTimeout(r, 0));
    h.hold = false;
    // Shown again, it loads again: it was not put back by the late answer.
    const before = h.lists.filter((id) => id === 'slow').length;
    (await show('slow'))();
    expect(h.lists.filter((id) => id === 'slow').length).toBe(before + 1);
  });
});
