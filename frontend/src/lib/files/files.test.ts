import { describe, expect, it } from 'vitest';
import { arrival, fileSize } from './files';

describe('fileSize', () => {
  it('writes sizes as file managers do', () => {
    expect(fileSize(1)).toBe('1 byte');
    expect(fileSize(820)).toBe('820 bytes');
    expect(fileSize(14_200)).toBe('14 KB');
    expect(fileSize(2_700_000)).toBe('2.7 MB');
    expect(fileSize(209_715_200)).toBe('210 MB');
    expect(fileSize(1_200_000_000)).toBe('1.2 GB');
  });
});

describe('arrival', () => {
  const base = { hash: 'h', name: 'a.pdf', size: 10, mime: 'application/pdf', image: false, video: false, refused: '' };
  it('says how far a file has come', () => {
    expect(arrival({ ...base, known: false, have: 0, parts: 0, complete: false })).toBe('on its way from a teammate’s device');
    expect(arrival({ ...base, known: true, have: 1, parts: 3, complete: false })).toBe('arriving, 33%');
    expect(arrival({ ...base, known: true, have: 3, parts: 3, complete: true })).toBe('');
  });
});

describe('insertAt', () => {
  it('puts an attachment on a line of its own', async () => {
    const { insertAt } = await import('./files');
    expect(insertAt('', 0, 0, '[a](x)')).toEqual({ value: '[a](x)', caret: 6 });
    expect(insertAt('See this', 8, 8, '[a](x)')).toEqual({ value: 'See this\n[a](x)', caret: 15 });
    expect(insertAt('ab', 1, 1, '[a](x)')).toEqual({ value: 'a\n[a](x)\nb', caret: 8 });
    expect(insertAt('one\ntwo', 4, 4, '[a](x)')).toEqual({ value: 'one\n[a](x)\ntwo', caret: 10 });
  });
});
