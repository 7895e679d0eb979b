import { describe, expect, it } from 'vitest';
import { seenLongEnough, verb } from './inboxLogic';

describe('inbox logic', () => {
  it('marks read only what stayed on screen long enough', () => {
    const visible = new Map([
      ['a', 1000],
      ['b', 1900],
      ['c', 500],
    ]);
    expect(seenLongEnough(visible, new Set(['a', 'b']), 2000)).toEqual(['a']);
    expect(seenLongEnough(visible, new Set(['a', 'b', 'c']), 2700).sort()).toEqual(['a', 'b', 'c']);
    expect(seenLongEnough(new Map(), new Set(['a']), 9999)).toEqual([]);
  });
  it('says what happened', () => {
    const base = { key: 'k', actorId: '', actorName: 'Bo', pageId: '', threadId: '', title: '', snippet: '', at: '', due: '', read: false, done: false, snoozedUntil: '' };
    expect(verb({ ...base, kind: 'review' })).toBe('asked you to review');
    expect(verb({ ...base, kind: 'mention' })).toBe('mentioned you on');
    expect(verb({ ...base, kind: 'checkin', checkInId: 'c1', title: 'your check-in of 2026-12-01' })).toBe('commented on');
  });
});
