import { describe, expect, it } from 'vitest';
import type { ConversationView, MessageView } from '../api/types';
import { byDay, chatName, chatRows, seenLine, whenIn } from './chat';
import { configureTime } from '../time.svelte';

// These tests read British English on a 24-hour clock; time.test.ts covers the other formats.
configureTime({ locale: 'en-GB', hours: '', zone: 'UTC' });

const conv: ConversationView = {
  id: 'c',
  members: [
    { id: 'ada', name: 'Ada', timeZone: 'Europe/London' },
    { id: 'bo', name: 'Bo', timeZone: 'Asia/Tokyo' },
    { id: 'cy', name: 'Cy', timeZone: 'UTC' },
  ],
  lastAt: '',
  last: '',
  lastBy: '',
  unread: 0,
};
const msg = (id: string, at: string, authorId = 'ada'): MessageView => ({ id, authorId, authorName: authorId, body: id, at, editedAt: '', deleted: false });

describe('chat', () => {
  it('is named by the others in it', () => {
    expect(chatName(conv, 'ada')).toBe('Bo and Cy');
    expect(chatName({ ...conv, members: conv.members.slice(0, 2) }, 'bo')).toBe('Ada');
  });
  it('groups messages by my day', () => {
    const now = Date.parse('2026-01-13T10:00:00Z');
    // 23:30 UTC on the 12th is already the 13th in Tokyo.
    const ms = [msg('a', '2026-01-10T09:00:00Z'), msg('b', '2026-01-12T23:30:00Z'), msg('c', '2026-01-13T09:00:00Z')];
    expect(byDay(ms, 'UTC', now).map((g) => [g.label, g.messages.length])).toEqual([
      ['Sat 10 Jan', 1],
      ['Yesterday', 1],
      ['Today', 1],
    ]);
    expect(byDay(ms, 'Asia/Tokyo', now).map((g) => [g.label, g.messages.length])).toEqual([
      ['Sat 10 Jan', 1],
      ['Today', 2],
    ]);
  });
  it('lays the days out as one list, each heading before its messages', () => {
    const ms = [msg('a', '2026-01-10T09:00:00Z'), msg('b', '2026-01-12T09:00:00Z'), msg('c', '2026-01-12T10:00:00Z')];
    const rows = chatRows(byDay(ms, 'UTC', Date.parse('2026-01-13T12:00:00Z')));
    expect(rows.map((r) => (r.kind === 'day' ? r.label : r.message.id))).toEqual(['Sat 10 Jan', 'a', 'Yesterday', 'b', 'c']);
    // Keys are unique, or the virtual list would draw one row for two.
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });
  it('says who saw my last message', () => {
    const ms = [msg('a', '2026-01-13T09:00:00Z')];
    const seen = [
      { memberId: 'bo', name: 'Bo', at: '2026-01-13T09:00:00Z' },
      { memberId: 'cy', name: 'Cy', at: '2026-01-13T08:00:00Z' },
    ];
    expect(seenLine(ms, seen, 'ada')).toBe('Seen by Bo');
    expect(seenLine([...ms, msg('b', '2026-01-13T09:05:00Z', 'bo')], seen, 'ada')).toBe('');
  });
  it('shows times in a zone', () => {
    expect(whenIn('2026-01-13T00:00:00Z', 'Asia/Tokyo')).toBe('Tue 13 Jan, 09:00');
  });
});
