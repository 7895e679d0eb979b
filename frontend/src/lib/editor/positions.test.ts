import { describe, expect, it } from 'vitest';
import { cpToUtf16, utf16ToCp } from './splices';

describe('code point ⇄ UTF-16 positions', () => {
  const s = 'a😀b€c🎉';
  it('maps code points to UTF-16 offsets', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((cp) => cpToUtf16(s, cp))).toEqual([0, 1, 3, 4, 5, 6, 8]);
  });
  it('clamps past the end and below zero', () => {
    expect(cpToUtf16(s, 99)).toBe(s.length);
    expect(cpToUtf16(s, -3)).toBe(0);
  });
  it('maps UTF-16 offsets back', () => {
    expect([0, 1, 3, 4, 5, 6, 8].map((o) => utf16ToCp(s, o))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(utf16ToCp(s, 100)).toBe(6);
  });
  it('round-trips every code point boundary', () => {
    for (let cp = 0; cp <= 6; cp++) expect(utf16ToCp(s, cpToUtf16(s, cp))).toBe(cp);
  });
});
