import { describe, expect, it } from 'vitest';
import type { ChannelView, PostSummaryView } from '../api/types';
import { hasUnread, isEmlFile, isNew, plainExcerpt, postLinkId, postTime, reactedBy, toBase64, withChannel, withPost } from './channelsLogic';
import { configureTime } from '../time.svelte';

// These tests read British English on a 24-hour clock; time.test.ts covers the other formats.
configureTime({ locale: 'en-GB', hours: '', zone: 'UTC' });

function ch(id: string, name: string, extra: Partial<ChannelView> = {}): ChannelView {
  return { id, name, description: '', icon: '', default: false, adminsOnly: false, archived: false, createdBy: '', joined: true, muted: false, canPost: true, unread: 0, lastSeen: '', lastPost: '', ...extra };
}

function post(id: string, lastActivity: string, extra: Partial<PostSummaryView> = {}): PostSummaryView {
  return { id, channelId: 'c', title: id, excerpt: '', authorId: 'a', createdAt: lastActivity, editedAt: '', deleted: false, pinned: false, replyCount: 0, lastActivity, reactions: [], ackRequested: false, ackCount: 0, ackedByMe: false, promotedTo: '', promotedName: '', emailFrom: '', emailSubject: '', mentions: [], lastActorId: 'a', videoPoster: '', videoSummary: '', ...extra };
}

describe('withChannel', () => {
  it('keeps the defaults first in their order and sorts the rest by name', () => {
    let list = [ch('g', 'General', { default: true }), ch('a', 'Announcements', { default: true })];
    list = withChannel(list, ch('z', 'zeta'));
    list = withChannel(list, ch('b', 'Beta'));
    expect(list.map((c) => c.name)).toEqual(['General', 'Announcements', 'Beta', 'zeta']);
    list = withChannel(list, ch('g', 'General', { default: true, unread: 3 }));
    expect(list[0].unread).toBe(3);
    expect(list).toHaveLength(4);
  });
});

describe('withPost', () => {
  it('puts pinned posts on top, then the latest activity', () => {
    let feed = [post('old', '2026-01-01T00:00:00Z'), post('new', '2026-01-03T00:00:00Z')];
    feed = withPost(feed, post('old', '2026-01-04T00:00:00Z'));
    expect(feed.map((p) => p.id)).toEqual(['old', 'new']);
    feed = withPost(feed, post('new', '2026-01-03T00:00:00Z', { pinned: true }));
    expect(feed.map((p) => p.id)).toEqual(['new', 'old']);
  });
  it('drops a deleted post with no replies and keeps one with replies', () => {
    const feed = [post('a', '2026-01-01T00:00:00Z'), post('b', '2026-01-02T00:00:00Z')];
    expect(withPost(feed, post('a', '2026-01-01T00:00:00Z', { deleted: true })).map((p) => p.id)).toEqual(['b']);
    expect(withPost(feed, post('a', '2026-01-01T00:00:00Z', { deleted: true, replyCount: 2 }))).toHaveLength(2);
  });
});

describe('small helpers', () => {
  it('shows unread dots only for joined, unmuted, live channels', () => {
    expect(hasUnread(ch('a', 'a', { unread: 1 }))).toBe(true);
    expect(hasUnread(ch('a', 'a', { unread: 1, muted: true }))).toBe(false);
    expect(hasUnread(ch('a', 'a', { unread: 1, joined: false }))).toBe(false);
    expect(hasUnread(ch('a', 'a'))).toBe(false);
  });
  it('knows who reacted', () => {
    expect(reactedBy([{ emoji: '👍', members: ['m'] }], '👍', 'm')).toBe(true);
    expect(reactedBy([{ emoji: '👍', members: ['m'] }], '🎉', 'm')).toBe(false);
  });
  it('recognizes emails and post links', () => {
    expect(isEmlFile('Invoice.EML', '')).toBe(true);
    expect(isEmlFile('x.txt', 'message/rfc822')).toBe(true);
    expect(isEmlFile('x.html', 'text/html')).toBe(false);
    expect(postLinkId('#post/0123456789abcdef0123456789abcdef')).toBe('0123456789abcdef0123456789abcdef');
    expect(postLinkId('#post/../../x')).toBe(null);
    expect(postLinkId('javascript:alert(1)')).toBe(null);
  });
  it('encodes bytes as base64', () => {
    expect(toBase64(new TextEncoder().encode('From: a'))).toBe(btoa('From: a'));
    const big = new Uint8Array(100_000).fill(65);
    expect(atob(toBase64(big))).toHaveLength(100_000);
  });
});

describe('postTime', () => {
  it('shows the time in the reader\'s zone, with the day when it is not today', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    // 23:30 UTC the day before is already today in Tokyo.
    expect(postTime('2026-11-30T23:30:00Z', 'Asia/Tokyo', now)).toMatch(/^08:30( AM)?$/);
    expect(postTime('2026-11-30T23:30:00Z', 'UTC', now)).toMatch(/Nov.*(23:30|11:30 PM)/);
    expect(postTime('nonsense', 'UTC', now)).toBe('');
  });
});

describe('plainExcerpt', () => {
  it('reads as text', () => {
    expect(plainExcerpt('1. Page the **on-call** and _then_ see [the doc](https://x.y) or `make test` [[Runbook]]')).toBe(
      '1. Page the on-call and then see the doc or make test Runbook',
    );
    expect(plainExcerpt('2 * 3 = 6 and snake_case_name')).toBe('2 * 3 = 6 and snake_case_name');
  });
});

describe('isNew', () => {
  it('marks posts with others\' activity since the last visit', () => {
    const seen = '2026-01-02T00:00:00Z';
    expect(isNew(post('p', '2026-01-03T00:00:00Z', { lastActorId: 'bo' }), seen, 'me')).toBe(true);
    expect(isNew(post('p', '2026-01-03T00:00:00Z', { lastActorId: 'me' }), seen, 'me')).toBe(false);
    expect(isNew(post('p', '2026-01-01T00:00:00Z', { lastActorId: 'bo' }), seen, 'me')).toBe(false);
    expect(isNew(post('p', '2026-01-03T00:00:00Z', { lastActorId: 'bo' }), '', 'me')).toBe(false);
  });
});
