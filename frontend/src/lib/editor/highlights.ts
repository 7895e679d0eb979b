// Comment highlights in the editor: a StateField of decorations mapped
// through every change, so a highlight follows typing before Go has been
// told; threads:changed and List replace the set with Go's positions.
import { RangeSetBuilder, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';

export interface Anchor {
  id: string;
  /** UTF-16 positions in the editor's text. */
  from: number;
  to: number;
}

/** setAnchors replaces the highlighted ranges. */
export const setAnchors = StateEffect.define<Anchor[]>();
/** setActiveAnchor marks one thread's highlight as the active one ("" for none). */
export const setActiveAnchor = StateEffect.define<string>();

interface AnchorState {
  anchors: Anchor[];
  active: string;
  deco: DecorationSet;
}

function build(anchors: Anchor[], active: string, len: number): DecorationSet {
  const b = new RangeSetBuilder<Decoration>();
  const sorted = anchors
    .map((a) => ({ ...a, from: Math.max(0, Math.min(a.from, len)), to: Math.max(0, Math.min(a.to, len)) }))
    .filter((a) => a.to > a.from)
    .sort((x, y) => x.from - y.from || x.to - y.to);
  for (const a of sorted) {
    b.add(
      a.from,
      a.to,
      Decoration.mark({
        class: a.id === active ? 'cm-comment cm-comment-active' : 'cm-comment',
        attributes: { 'data-thread-id': a.id },
      }),
    );
  }
  return b.finish();
}

const field = StateField.define<AnchorState>({
  create: () => ({ anchors: [], active: '', deco: Decoration.none }),
  update(value, tr) {
    let { anchors, active } = value;
    let changed = false;
    if (tr.docChanged && anchors.length > 0) {
      // Typing at either edge does not widen the range (assoc inward).
      anchors = anchors.map((a) => ({ ...a, from: tr.changes.mapPos(a.from, 1), to: tr.changes.mapPos(a.to, -1) }));
      changed = true;
    }
    for (const e of tr.effects) {
      if (e.is(setAnchors)) {
        anchors = e.value;
        changed = true;
      } else if (e.is(setActiveAnchor)) {
        active = e.value;
        changed = true;
      }
    }
    if (!changed) return value;
    return { anchors, active, deco: build(anchors, active, tr.state.doc.length) };
  },
  provide: (f) => EditorView.decorations.from(f, (v) => v.deco),
});

/** anchorsOf returns the ranges as they are now, mapped through edits since they were set. */
export function anchorsOf(view: EditorView): Anchor[] {
  return view.state.field(field, false)?.anchors ?? [];
}

/** onAnchors is told the ranges and the active id whenever either changes, edits included. */
export function onAnchors(cb: (anchors: Anchor[], active: string) => void): Extension {
  return EditorView.updateListener.of((u) => {
    const a = u.startState.field(field, false);
    const b = u.state.field(field, false);
    if (b && a !== b) cb(b.anchors, b.active);
  });
}

/** anchorAt returns the id of the innermost highlight covering pos, or "". */
export function anchorAt(view: EditorView, pos: number): string {
  let best: Anchor | null = null;
  for (const a of anchorsOf(view)) {
    if (a.from <= pos && pos <= a.to && a.to > a.from && (!best || a.to - a.from < best.to - best.from)) best = a;
  }
  return best?.id ?? '';
}

const theme = EditorView.baseTheme({
  '.cm-comment': {
    backgroundColor: 'var(--comment-bg, rgba(250, 204, 21, 0.22))',
    borderBottom: '2px solid var(--comment-line, rgba(234, 179, 8, 0.7))',
    cursor: 'pointer',
  },
  '.cm-comment-active': {
    backgroundColor: 'var(--comment-bg-active, rgba(250, 204, 21, 0.5))',
    borderBottomColor: 'var(--comment-line-active, rgb(202, 138, 4))',
  },
});

/** commentHighlights is the extension; onClick is told the thread of a clicked highlight. */
export function commentHighlights(onClick: (threadId: string) => void): Extension {
  return [
    field,
    theme,
    EditorView.domEventHandlers({
      click(e, view) {
        const pos = view.posAtCoords({ x: e.clientX, y: e.clientY });
        if (pos === null) return false;
        const id = anchorAt(view, pos);
        if (id) onClick(id);
        return false;
      },
    }),
  ];
}
