// Conversions between CodeMirror changes (UTF-16 code units) and the splices
// the Go side speaks (Unicode code points, applied one after another, each
// against the result of the previous one).
import { ChangeSet, Text } from '@codemirror/state';
import type { Splice } from '../api/types';

/** codePoints counts the Unicode code points in s (a lone surrogate counts as one). */
export function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * utf16Offset returns the UTF-16 offset in s after `cp` code points, starting
 * the count at UTF-16 offset `from`. It throws when s is too short.
 */
export function utf16Offset(s: string, cp: number, from = 0): number {
  let i = from;
  for (let n = 0; n < cp; n++) {
    if (i >= s.length) throw new RangeError(`splice position ${cp} is past the end of the text`);
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      i += d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
    } else {
      i++;
    }
  }
  return i;
}

/**
 * changesToSplices turns a CodeMirror change set over `before` into sequential
 * code-point splices. Empty changes are dropped.
 */
export function changesToSplices(changes: ChangeSet, before: Text): Splice[] {
  const out: Splice[] = [];
  let posA = 0; // UTF-16 offset in `before` up to which we have counted
  let cp = 0; // code-point offset in the intermediate document
  changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    cp += codePoints(before.sliceString(posA, fromA));
    const del = codePoints(before.sliceString(fromA, toA));
    const ins = inserted.toString();
    if (del > 0 || ins !== '') out.push({ pos: cp, del, ins });
    cp += codePoints(ins);
    posA = toA;
  });
  return out;
}

/**
 * splicesToChanges turns sequential code-point splices against `before` into
 * one CodeMirror change set over `before`. It throws RangeError when a splice
 * does not fit the text, so the caller can reload instead.
 */
export function splicesToChanges(splices: readonly Splice[], before: Text | string): ChangeSet {
  let text = typeof before === 'string' ? before : before.toString();
  let set = ChangeSet.empty(text.length);
  for (const s of splices) {
    if (!Number.isInteger(s.pos) || !Number.isInteger(s.del) || s.pos < 0 || s.del < 0) {
      throw new RangeError(`bad splice ${JSON.stringify(s)}`);
    }
    const from = utf16Offset(text, s.pos);
    const to = utf16Offset(text, s.del, from);
    const ins = s.ins ?? '';
    if (from === to && ins === '') continue;
    const step = ChangeSet.of({ from, to, insert: ins }, text.length, '\n');
    set = set.compose(step);
    text = text.slice(0, from) + ins + text.slice(to);
  }
  return set;
}

/** applySplices is the reference implementation on plain strings (code points). */
export function applySplices(text: string, splices: readonly Splice[]): string {
  let cps = Array.from(text);
  for (const s of splices) {
    if (s.pos + s.del > cps.length) throw new RangeError('splice past the end');
    cps = [...cps.slice(0, s.pos), ...Array.from(s.ins), ...cps.slice(s.pos + s.del)];
  }
  return cps.join('');
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * minimalDiff returns the single change (common prefix and suffix kept) that
 * turns a into b, never splitting a surrogate pair. null when a === b.
 */
export function minimalDiff(a: string, b: string): { from: number; to: number; insert: string } | null {
  if (a === b) return null;
  const max = Math.min(a.length, b.length);
  let p = 0;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  if (p > 0 && isHigh(a.charCodeAt(p - 1))) p--;
  let s = 0;
  while (s < max - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  if (s > 0 && isLow(a.charCodeAt(a.length - s))) s--;
  return { from: p, to: a.length - s, insert: b.slice(p, b.length - s) };
}

/** diffChanges is minimalDiff as a CodeMirror change set over a. */
export function diffChanges(a: string, b: string): ChangeSet {
  const d = minimalDiff(a, b);
  return d ? ChangeSet.of(d, a.length, '\n') : ChangeSet.empty(a.length);
}

/** textOf builds a CodeMirror Text from a string, splitting on \n only. */
export function textOf(s: string): Text {
  return Text.of(s.split('\n'));
}

/** cpToUtf16 is utf16Offset from the start, clamped to the text (never throws). */
export function cpToUtf16(s: string, cp: number): number {
  if (cp <= 0) return 0;
  let i = 0;
  for (let n = 0; n < cp && i < s.length; n++) {
    const c = s.charCodeAt(i);
    i += isHigh(c) && i + 1 < s.length && isLow(s.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

/** utf16ToCp counts the code points before UTF-16 offset `off` in s. */
export function utf16ToCp(s: string, off: number): number {
  return codePoints(s.slice(0, Math.max(0, Math.min(off, s.length))));
}
