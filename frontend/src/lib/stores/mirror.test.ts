import { describe, expect, it } from 'vitest';
import { mirrorSummary, newProblems } from './mirror';

describe('mirror status', () => {
  const base = { on: true, folder: '/home/ada/Notes', pages: 12, problems: [], error: '' };

  it('says what the mirror is doing in one line', () => {
    expect(mirrorSummary({ ...base, on: false, folder: '' })).toBe('Off');
    expect(mirrorSummary({ ...base, on: false })).toBe('Paused');
    expect(mirrorSummary(base)).toBe('12 pages mirrored · up to date');
    expect(mirrorSummary({ ...base, pages: 1, problems: [{ path: 'a.md', reason: 'r' }] })).toBe('1 page mirrored · 1 file needs attention');
    expect(mirrorSummary({ ...base, problems: [{ path: 'a.md', reason: 'r' }, { path: 'b.md', reason: 'r' }] })).toBe(
      '12 pages mirrored · 2 files need attention',
    );
  });

  it('finds problems that are new, also when a known file has a new reason', () => {
    const a = { path: 'Handbook/a.md', reason: 'It is not text.' };
    const b = { path: 'Handbook/b.md', reason: 'It is larger than 8 MB.' };
    expect(newProblems([], [a, b])).toEqual([a, b]);
    expect(newProblems([a], [a, b])).toEqual([b]);
    expect(newProblems([a, b], [a])).toEqual([]);
    const a2 = { ...a, reason: 'Its front matter could not be read.' };
    expect(newProblems([a], [a2])).toEqual([a2]);
  });
});
