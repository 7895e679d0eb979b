import { describe, expect, it } from 'vitest';
import { parseSnippet } from './snippet';

describe('parseSnippet', () => {
  it('splits marked terms', () => {
    expect(parseSnippet('the \u0002quick\u0003 fox \u0002jumps\u0003')).toEqual([
      { text: 'the ', mark: false },
      { text: 'quick', mark: true },
      { text: ' fox ', mark: false },
      { text: 'jumps', mark: true },
    ]);
  });
  it('tolerates unbalanced markers and keeps markup as text', () => {
    expect(parseSnippet('<b>x</b> \u0002y')).toEqual([
      { text: '<b>x</b> ', mark: false },
      { text: 'y', mark: true },
    ]);
    expect(parseSnippet('a\u0003b')).toEqual([{ text: 'ab', mark: false }]);
    expect(parseSnippet('')).toEqual([]);
  });
});
