// Images into the editor: a pasted, dropped or chosen image file is stored
// by Go as an attachment, and ![name](attachment:<hash>) goes into the text.
import type { Extension } from '@codemirror/state';
import { Decoration, EditorView, MatchDecorator, ViewPlugin, WidgetType, type DecorationSet, type ViewUpdate } from '@codemirror/view';

/** The image types Go accepts (it checks the bytes again); never SVG. */
export const imageTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** The most Go stores for one image, in bytes. */
export const maxImageBytes = 10 * 1024 * 1024;

/** imageFiles picks the image files out of a paste or drop. */
export function imageFiles(files: ArrayLike<File> | null | undefined): File[] {
  return Array.from(files ?? []).filter((f) => f.type.startsWith('image/'));
}

/** isShownImage tells whether a file is an image the page shows inline (else it is attached as a file). */
export function isShownImage(f: { type: string; size: number }): boolean {
  return imageTypes.includes(f.type) && f.size <= maxImageBytes;
}

/** fileMarkdown writes the Markdown for an attached file: a link the read view shows as a file chip. */
export function fileMarkdown(name: string, ref: string): string {
  const text = name.replace(/[\\[\]\n\r]/g, ' ').replace(/\s+/g, ' ').trim() || 'file';
  return `[${text}](${ref})`;
}

/** checkImage says why a file cannot be attached, or null when it may be sent. */
export function checkImage(f: { name: string; type: string; size: number }): string | null {
  const name = f.name || 'The image';
  if (!imageTypes.includes(f.type)) return `“${name}” is not a PNG, JPEG, GIF or WebP image.`;
  if (f.size > maxImageBytes) return `“${name}” is ${(f.size / 1024 / 1024).toFixed(1)} MB; an image can be at most 10 MB.`;
  if (f.size === 0) return `“${name}” is empty.`;
  return null;
}

/** imageMarkdown writes the Markdown for an attached image, its alt text made from the file name. */
export function imageMarkdown(name: string, ref: string): string {
  const alt =
    name
      .replace(/\.[A-Za-z0-9]{1,5}$/, '')
      .replace(/[\\[\]\n\r]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || 'image';
  return `![${alt}](${ref})`;
}

/** toBase64 reads a file as base64, how bytes travel to Go. */
export function toBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      // The type may hold commas itself (video/webm;codecs=vp8,opus).
      const url = String(r.result);
      resolve(url.slice(url.indexOf(';base64,') + ';base64,'.length));
    };
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}

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
