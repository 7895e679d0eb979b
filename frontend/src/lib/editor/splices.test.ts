import { ChangeSet, EditorSelection, EditorState, Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import {
  applySplices,
  changesToSplices,
  codePoints,
  diffChanges,
  minimalDiff,
  splicesToChanges,
  textOf,
  utf16Offset,
} from './splices';

describe('codePoints / utf16Offset', () => {
  it('counts surrogate pairs once', () => {
    expect(codePoints('a😀b')).toBe(3);
    expect(codePoints('👩‍💻')).toBe(3); // woman, ZWJ, laptop
    expect(utf16Offset('a😀b', 2)).toBe(3);
    expect(() => utf16Offset('ab', 3)).toThrow(RangeError);
  });
});

describe('changesToSplices', () => {
  it('converts an insert after an emoji to code points', () => {
    const before = textOf('😀 hi');
    const cs = ChangeSet.of({ from: 3, insert: 'x' }, before.length);
    expect(changesToSplices(cs, before)).toEqual([{ pos: 2, del: 0, ins: 'x' }]);
  });

  it('deletes an emoji as one code point', () => {
    const before = textOf('a😀b');
    const cs = ChangeSet.of({ from: 1, to: 3 }, before.length);
    expect(changesToSplices(cs, before)).toEqual([{ pos: 1, del: 1, ins: '' }]);
  });

  it('makes sequential splices for multi-cursor typing', () => {
    let state = EditorState.create({
      doc: '😀a\n😀b\n😀c',
      extensions: EditorState.allowMultipleSelections.of(true),
    });
    state = state.update({
      selection: EditorSelection.create([EditorSelection.cursor(2), EditorSelection.cursor(6), EditorSelection.cursor(10)]),
    }).state;
    const tr = state.update(state.replaceSelection('🎉'));
    const splices = changesToSplices(tr.changes, state.doc);
    expect(splices).toEqual([
      { pos: 1, del: 0, ins: '🎉' },
      { pos: 5, del: 0, ins: '🎉' },
      { pos: 9, del: 0, ins: '🎉' },
    ]);
    expect(applySplices(state.doc.toString(), splices)).toBe(tr.newDoc.toString());
  });

  it('handles a replace and an insert in one transaction', () => {
    const before = textOf('héllo 🌍 world');
    const cs = ChangeSet.of(
      [
        { from: 0, to: 5, insert: 'HÉLLO' },
        { from: 6, to: 8, insert: '🌎🌏' },
        { from: 14, insert: '!' },
      ],
      before.length,
    );
    const splices = changesToSplices(cs, before);
    expect(applySplices(before.toString(), splices)).toBe(cs.apply(before).toString());
    expect(splices[1]).toEqual({ pos: 6, del: 1, ins: '🌎🌏' });
  });
});

describe('splicesToChanges', () => {
  it('applies sequential splices with emoji', () => {
    const before = 'x😀y';
    const splices = [
      { pos: 1, del: 1, ins: '🎉🎉' },
      { pos: 3, del: 0, ins: 'z' },
      { pos: 0, del: 1, ins: '' },
    ];
    const cs = splicesToChanges(splices, before);
    expect(cs.apply(Text.of([before])).toString()).toBe(applySplices(before, splices));
    expect(cs.apply(Text.of([before])).toString()).toBe('🎉🎉zy');
  });

  it('keeps new lines', () => {
    const before = textOf('a\nb');
    const cs = splicesToChanges([{ pos: 1, del: 1, ins: '\n\n' }], before);
    expect(cs.apply(before).toString()).toBe('a\n\nb');
  });

  it('rejects splices past the end', () => {
    expect(() => splicesToChanges([{ pos: 3, del: 1, ins: '' }], 'ab')).toThrow(RangeError);
    expect(() => splicesToChanges([{ pos: 1, del: 5, ins: '' }], 'ab')).toThrow(RangeError);
  });
});

describe('minimalDiff', () => {
  it('keeps the common prefix and suffix', () => {
    expect(minimalDiff('hello world', 'hello brave world')).toEqual({ from: 6, to: 6, insert: 'brave ' });
    expect(minimalDiff('same', 'same')).toBeNull();
  });

  it('never splits a surrogate pair', () => {
    // 😀 = D83D DE00, 😁 = D83D DE01: same high surrogate.
    const d = minimalDiff('a😀b', 'a😁b')!;
    expect(d).toEqual({ from: 1, to: 3, insert: '😁' });
    // 😀 and 🙀 (D83D DE40) share the high half; 🀀 is D83C DC00.
    const e = minimalDiff('😀', '🀀😀')!;
    expect(e.from).toBe(0);
    expect(diffChanges('😀x', '😁x').apply(Text.of(['😀x'])).toString()).toBe('😁x');
  });
});

// A small deterministic PRNG so failures can be replayed.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const alphabet = ['a', 'b', ' ', '\n', 'é', '😀', '🎉', '中', '👩‍💻', '\r'];

function randomString(r: () => number, max: number): string {
  let s = '';
  const n = Math.floor(r() * max);
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

/** randomChanges picks non-overlapping ranges on code-point boundaries. */
function randomChanges(r: () => number, doc: string): { from: number; to: number; insert: string }[] {
  const bounds = [0];
  for (const ch of doc) bounds.push(bounds[bounds.length - 1] + ch.length);
  const picks = Array.from({ length: 1 + Math.floor(r() * 4) }, () => bounds[Math.floor(r() * bounds.length)]);
  picks.sort((a, b) => a - b);
  const specs: { from: number; to: number; insert: string }[] = [];
  let last = -1;
  for (let i = 0; i + 1 < picks.length || i === 0; i += 2) {
    const from = picks[i];
    const to = r() < 0.5 ? from : (picks[i + 1] ?? from);
    if (from <= last) continue;
    specs.push({ from, to, insert: randomString(r, 4) });
    last = to;
  }
  return specs;
}

describe('randomized round trip', () => {
  it('agrees with the reference implementation', () => {
    const r = rng(20261124);
    for (let round = 0; round < 2000; round++) {
      const doc = randomString(r, 30);
      const before = textOf(doc);
      const cs = ChangeSet.of(randomChanges(r, doc), before.length, '\n');
      const after = cs.apply(before).toString();
      const splices = changesToSplices(cs, before);
      expect(applySplices(doc, splices), `round ${round}`).toBe(after);
      const back = splicesToChanges(splices, before);
      expect(back.apply(before).toString(), `round ${round}`).toBe(after);
      const d = diffChanges(doc, after);
      expect(d.apply(before).toString()).toBe(after);
      expect(applySplices(doc, changesToSplices(d, before))).toBe(after);
    }
  });
});
