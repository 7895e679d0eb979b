// Images into the editor: a pasted, dropped or chosen image file is stored
// by Go as an attachment, and ![name](attachment:<hash>) goes into the text.
import type { Extension } from '@codemirror/state';
import { Decoration, EditorView, MatchDecorator, ViewPlugin, WidgetType, type DecorationSet, type ViewUpdate } from '@codemirror/view';

/**
 * imageDrops hands image files pasted or dropped into the editor to attach,
 * after placing the cursor where they were dropped. Other pastes and drops
 * (text) go on as usual.
 */
export function imageDrops(attach: (files: File[]) => void): Extension {
  return EditorView.domEventHandlers({
    paste(e) {
      const files = Array.from(e.clipboardData?.files ?? []);
      if (files.length === 0) return false;
      e.preventDefault();
      attach(files);
      return true;
    },
    drop(e, view) {
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length === 0) return false;
      e.preventDefault();
      const pos = view.posAtCoords({ x: e.clientX, y: e.clientY });
      if (pos !== null) view.dispatch({ selection: { anchor: pos } });
      attach(files);
      return true;
    },
  });
}

/** AttachmentChip stands in for the 64 hex digits of attachment:<hash> in the editor: a thumbnail and a word. */
class AttachmentChip extends WidgetType {
  constructor(
    readonly hash: string,
    readonly image: boolean,
  ) {
    super();
  }
  eq(other: AttachmentChip): boolean {
    return other.hash === this.hash && other.image === this.image;
  }
  toDOM(): HTMLElement {
    const chip = document.createElement('span');
    chip.className = 'cm-attachment';
    if (!this.image) {
      chip.dataset.tip = `Attached file ${this.hash.slice(0, 12)}…`;
      chip.append(document.createTextNode('📎 file'));
      return chip;
    }
    chip.dataset.tip = `Stored image ${this.hash.slice(0, 12)}…`;
    const img = document.createElement('img');
    img.alt = '';
    // The hash is 64 hex digits (matched below): a same-origin path, nothing else.
    img.src = `/attachments/${this.hash}`;
    chip.append(img, document.createTextNode('image'));
    return chip;
  }
  ignoreEvent(): boolean {
    return false;
  }
}

const chips = new MatchDecorator({
  regexp: /attachment:([0-9a-f]{64})(?=\))/g,
  decoration: (m, view, pos) => Decoration.replace({ widget: new AttachmentChip(m[1], isImageRef(view.state.doc.lineAt(pos).text, pos - view.state.doc.lineAt(pos).from)) }),
});

/** isImageRef tells whether the reference at column col of a line is an image's (![…](…)) rather than a file link's. */
export function isImageRef(line: string, col: number): boolean {
  const open = line.lastIndexOf('[', line.lastIndexOf('](', col));
  return open > 0 && line[open - 1] === '!';
}

/**
 * attachmentChips shows attachment:<hash> references as a small chip with
 * the image's thumbnail instead of 64 hex digits; the cursor steps over the
 * chip as one character and Backspace deletes it whole. The text is unchanged.
 */
export const attachmentChips: Extension = [
  ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = chips.createDeco(view);
      }
      update(u: ViewUpdate) {
        this.decorations = chips.updateDeco(u, this.decorations);
      }
    },
    {
      decorations: (p) => p.decorations,
      provide: (plugin) => EditorView.atomicRanges.of((view) => view.plugin(plugin)?.decorations ?? Decoration.none),
    },
  ),
  EditorView.baseTheme({
    '.cm-attachment': {
      display: 'inline-flex',
      alignItems: 'center',
      gap: '5px',
      padding: '0 6px 0 2px',
      margin: '0 1px',
      borderRadius: '4px',
      background: 'var(--surface-2)',
      border: '1px solid var(--border)',
      color: 'var(--text-muted)',
      fontFamily: 'var(--font-ui)',
      fontSize: '12px',
      lineHeight: '20px',
      verticalAlign: '1px',
    },
    '.cm-attachment img': { height: '16px', maxWidth: '32px', objectFit: 'cover', borderRadius: '2px' },
  }),
];
