import { describe, expect, it } from 'vitest';
import { currentChapter, mediaFragment } from './transcript';

describe('currentChapter', () => {
  const chapters = [
    { start: 300, title: 'the report is ready' },
    { start: 7500, title: 'next week we will' },
  ];
  it('is none before the first word', () => expect(currentChapter(chapters, 0)).toBe(-1));
  it('is the first until the second starts', () => expect(currentChapter(chapters, 7499)).toBe(0));
  it('is the last from its start on', () => expect(currentChapter(chapters, 7500)).toBe(1));
  it('is none without chapters', () => expect(currentChapter([], 5000)).toBe(-1));
});

describe('mediaFragment', () => {
  it('starts at the tenth of a second', () => expect(mediaFragment(4540)).toBe('#t=4.5'));
  it('is nothing at the start or for nonsense', () => {
    expect(mediaFragment(0)).toBe('');
    expect(mediaFragment(undefined)).toBe('');
    expect(mediaFragment(-5)).toBe('');
    expect(mediaFragment(NaN)).toBe('');
  });
});
