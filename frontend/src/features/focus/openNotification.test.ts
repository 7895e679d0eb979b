// A clicked desktop notification opens where its inbox item happened, and
// marks it read; anything unknown opens the inbox.
import { get } from 'svelte/store';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { InboxItemView } from '../../lib/api/types';

const item = (key: string, extra: Partial<InboxItemView>): InboxItemView => ({
  key, kind: 'reply', actorId: 'bo', actorName: 'Bo', pageId: '', postId: '', threadId: '', checkInId: '',
  title: 'Plan', snippet: '', at: '2026-06-02T10:00:00Z', due: '', read: false, done: false, snoozedUntil: '', ...extra,
});

const h = vi.hoisted(() => ({ read: [] as string[][], items: [] as InboxItemView[] }));

vi.mock('../../lib/api/client', () => ({
  api: {
    inbox: async () => h.items,
    inboxUnread: async () => 0,
    inboxRead: async (keys: string[]) => void h.read.push(keys),
  },
  events: {},
}));
vi.mock('../../lib/stores/toasts', () => ({ toasts: { error: () => {}, info: () => {} } }));

const { openNotification } = await import('./openNotification');
const { ui } = await import('../../lib/stores/ui');
const { goalsUi } = await import('../../lib/stores/goalsUi');

describe('openNotification', () => {
  beforeEach(() => {
    h.read = [];
    h.items = [
      item('reply:1', { pageId: 'page-1' }),
      item('post-reply:2', { kind: 'post-reply', postId: 'post-2' }),
    ];
    ui.show('trash');
  });
  it('opens the page of a comment and marks it read', async () => {
    await openNotification('reply:1');
    expect(get(ui).view).toBe('page');
    expect(get(ui).pageId).toBe('page-1');
    expect(h.read).toEqual([['reply:1']]);
  });
  it('opens the thread of a post', async () => {
    await openNotification('post-reply:2');
    expect(get(ui).view).toBe('post');
    expect(get(ui).postId).toBe('post-2');
  });
  it('opens my check-in', async () => {
    await openNotification('checkin-due');
    expect(get(ui).view).toBe('goals');
    expect(get(goalsUi).checkInOpen).toBe(true);
  });
  it('opens the inbox for the digest or an item that is gone', async () => {
    await openNotification('');
    expect(get(ui).view).toBe('inbox');
    ui.show('trash');
    await openNotification('reply:gone');
    expect(get(ui).view).toBe('inbox');
    expect(h.read).toEqual([]);
  });
});
