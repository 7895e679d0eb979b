import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { describe, expect, it } from 'vitest';
import { anchorAt, anchorsOf, commentHighlights, setActiveAnchor, setAnchors } from './highlights';

// EditorView needs a DOM only to draw; its state logic runs without one via a
// stub view object that exposes `state`.
function stateWith(doc: string) {
  return EditorState.create({ doc, extensions: [commentHighlights(() => {})] });
}
function viewOf(state: EditorState) {
  return { state } as unknown as EditorView;
}

describe('comment highlights', () => {
  it('follows typing before, inside and after the range', () => {
    let s = stateWith('hello brave world');
    s = s.update({ effects: setAnchors.of([{ id: 't1', from: 6, to: 11 }]) }).state;
    s = s.update({ changes: { from: 0, insert: 'Oh, ' } }).state; // before
    expect(anchorsOf(viewOf(s))).toEqual([{ id: 't1', from: 10, to: 15 }]);
    expect(s.sliceDoc(10, 15)).toBe('brave');
    s = s.update({ changes: { from: 10, insert: 'so ' } }).state; // at the start: not taken in
    expect(s.sliceDoc(...(([a]) => [a.from, a.to] as const)(anchorsOf(viewOf(s))))).toBe('brave');
    s = s.update({ changes: { from: 18, insert: '!' } }).state; // at the end: not taken in either
    s = s.update({ changes: { from: 17, insert: 'r' } }).state; // inside
    const [a] = anchorsOf(viewOf(s));
    expect(s.sliceDoc(a.from, a.to)).toBe('bravre');
  });

  it('collapses when its text is deleted and finds the thread at a position', () => {
    let s = stateWith('one two three');
    s = s.update({ effects: [setAnchors.of([{ id: 'a', from: 4, to: 7 }, { id: 'b', from: 0, to: 13 }]), setActiveAnchor.of('a')] }).state;
    expect(anchorAt(viewOf(s), 5)).toBe('a'); // the innermost
    expect(anchorAt(viewOf(s), 1)).toBe('b');
    s = s.update({ changes: { from: 4, to: 8 } }).state;
    const a = anchorsOf(viewOf(s)).find((x) => x.id === 'a')!;
    expect(a.from).toBe(a.to);
    expect(anchorAt(viewOf(s), 4)).toBe('b');
  });
});
