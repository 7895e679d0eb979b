import { describe, expect, it } from 'vitest';
import { diffLines, diffRows, diffSeq, diffWords } from './diff';

function apply(_a: string[], script: { op: string; item: string }[]): { a: string[]; b: string[] } {
  return { a: script.filter((s) => s.op !== 'add').map((s) => s.item), b: script.filter((s) => s.op !== 'del').map((s) => s.item) };
}

describe('diffSeq', () => {
  it('handles empty inputs', () => {
    expect(diffSeq([], [])).toEqual([]);
    expect(diffSeq(['a'], [])).toEqual([{ op: 'del', item: 'a' }]);
    expect(diffSeq([], ['a'])).toEqual([{ op: 'add', item: 'a' }]);
  });

  it('finds a shortest script', () => {
    const a = 'ABCABBA'.split('');
    const b = 'CBABAC'.split('');
    const s = diffSeq(a, b);
    expect(s.filter((x) => x.op !== 'same')).toHaveLength(5); // D = 5 for the classic example
    expect(apply(a, s)).toEqual({ a, b });
  });

  it('rebuilds both sides for random inputs', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 300; n++) {
      const a = Array.from({ length: Math.floor(rnd() * 12) }, () => 'abc'[Math.floor(rnd() * 3)]);
      const b = Array.from({ length: Math.floor(rnd() * 12) }, () => 'abc'[Math.floor(rnd() * 3)]);
      expect(apply(a, diffSeq(a, b))).toEqual({ a, b });
    }
  });
});

describe('diffLines', () => {
  it('marks added and removed lines', () => {
    expect(diffLines('one\ntwo\nthree', 'one\n2\nthree\nfour')).toEqual([
      { op: 'same', text: 'one' },
      { op: 'del', text: 'two' },
      { op: 'add', text: '2' },
      { op: 'same', text: 'three' },
      { op: 'add', text: 'four' },
    ]);
  });
});

describe('diffWords and diffRows', () => {
  it('highlights the changed words of a changed line', () => {
    expect(diffWords('the quick fox', 'the slow fox')).toEqual([
      { op: 'same', text: 'the ' },
      { op: 'del', text: 'quick' },
      { op: 'add', text: 'slow' },
      { op: 'same', text: ' fox' },
    ]);
    const rows = diffRows('a\nthe quick fox\nb', 'a\nthe slow fox\nb');
    expect(rows.map((r) => r.op)).toEqual(['same', 'del', 'add', 'same']);
    expect(rows[1].parts).toEqual([{ op: 'same', text: 'the ' }, { op: 'del', text: 'quick' }, { op: 'same', text: ' fox' }]);
    expect(rows[2].parts).toEqual([{ op: 'same', text: 'the ' }, { op: 'add', text: 'slow' }, { op: 'same', text: ' fox' }]);
  });
});
