import { describe, expect, it } from 'vitest';
import { playedSeconds, seenLine, watched } from './seen';

const ranges = (r: [number, number][]) => ({ length: r.length, start: (i: number) => r[i][0], end: (i: number) => r[i][1] });
const p = (name: string) => ({ memberId: name, name, at: '' });

describe('seen by', () => {
  it('counts a viewer after three seconds played, however they skipped, or at the end of a shorter video', () => {
    expect(playedSeconds(ranges([[0, 1.5], [40, 41]]))).toBe(2.5);
    expect(watched(2.5, false)).toBe(false);
    expect(watched(playedSeconds(ranges([[0, 1.5], [40, 41.6]])), false)).toBe(true);
    expect(watched(1.2, true)).toBe(true);
  });

  it('writes who watched out of whom it was sent to', () => {
    expect(seenLine({ audience: 5, seen: [p('Ada'), p('Grace')] })).toBe('Seen by Ada, Grace · 2 of 5');
    expect(seenLine({ audience: 5, seen: [] })).toBe('Not seen yet · 0 of 5');
    expect(seenLine({ audience: 9, seen: ['A', 'B', 'C', 'D', 'E'].map(p) })).toBe('Seen by A, B, C and 2 more · 5 of 9');
    expect(seenLine({ audience: 0, seen: [] })).toBe('');
  });
});
