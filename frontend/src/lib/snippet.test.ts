import { describe, expect, it } from 'vitest';
import { parseSnippet, plainSnippet } from './snippet';

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

describe('plainSnippet', () => {
  const m = (s: string) => s.replace(/\[\[?m:([^\]]*)\]/g, '\u0002$1\u0003');
  it('reads as the page reads', () => {
    expect(plainSnippet(m('## Rollout plan\n- [ ] ship the **[m:canary]** on _Friday_'))).toBe(m('Rollout plan\nship the [m:canary] on Friday'));
    expect(plainSnippet(m('see [the [m:runbook]](https://example.com/rb) and [[Incident review|the review]]'))).toBe(m('see the [m:runbook] and the review'));
    expect(plainSnippet(m('> quoted `[m:code]` here'))).toBe(m('quoted [m:code] here'));
    expect(plainSnippet('| Team | Seats |')).toBe('Team · Seats');
    expect(plainSnippet('1. first\n2. second')).toBe('first\nsecond');
    expect(plainSnippet('![diagram](attachment:' + 'ab'.repeat(32) + ')')).toBe('diagram');
  });
  it('keeps a URL when the match is in it, and keeps words with underscores and stars inside', () => {
    expect(plainSnippet(m('[](https://[m:github].com)'))).toBe(m('https://[m:github].com'));
    expect(plainSnippet('snake_case and 2*3*4')).toBe('snake_case and 2*3*4');
  });
  it('drops syntax cut off at the ends of the fragment', () => {
    expect(plainSnippet('…ended with **bold')).toBe('…ended with bold');
    expect(plainSnippet('[link text](https://exa')).toBe('link text');
  });
});
