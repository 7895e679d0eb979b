// Maps between the read view's rendered text and the Markdown it came from,
// so that a comment made on rendered text is anchored to the same range of
// the source as one made in the editor, and threads are highlighted where
// they are. renderMarkdown(…, { sourceLines: true }) marks each text block
// with the source lines it came from (data-lines="a-b"); inside a block the
// rendered characters are matched, in order, to the block's source, which
// skips the marks (**, `, [[…|, link targets) that rendering removed.

/** SourceRange is a range of the Markdown source, in UTF-16 units. */
export interface SourceRange {
  from: number;
  to: number;
}

/**
 * align matches each character of rendered text to its place in src (the
 * block's Markdown), or -1 for a character that is not there (an entity
 * turned into its character, a space between list items). Matches are in
 * order: an exact next character is taken first; otherwise the longest of a
 * few runs of the next rendered characters found further on, so that a
 * letter is not matched inside a link's URL when the same letters follow it.
 */
export function align(rendered: string, src: string): Int32Array {
  const out = new Int32Array(rendered.length).fill(-1);
  let j = 0;
  for (let i = 0; i < rendered.length; i++) {
    const c = rendered[i];
    if (j < src.length && src[j] === c) {
      out[i] = j++;
      continue;
    }
    let p = -1;
    for (const k of [12, 6, 3]) {
      if (i + k > rendered.length) continue;
      p = src.indexOf(rendered.slice(i, i + k), j);
      if (p >= 0) break;
    }
    if (p < 0) {
      // A lone character: only close by, or a space would jump a line.
      const q = src.indexOf(c, j);
      if (q >= 0 && q - j <= (/\s/.test(c) ? 4 : 48)) p = q;
    }
    if (p >= 0) {
      out[i] = p;
      j = p + 1;
    }
  }
  return out;
}

/** lineStarts gives the offset where each line of src begins. */
export function lineStarts(src: string): number[] {
  const starts = [0];
  for (let i = src.indexOf('\n'); i >= 0; i = src.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

interface Block {
  el: Element;
  /** Offset of the block's first source line. */
  base: number;
  text: string;
  map: Int32Array;
}

/** BlockMap caches the alignment of each block of one rendering of one source. */
export class BlockMap {
  private starts: number[];
  private cache = new Map<Element, Block | null>();

  constructor(
    private root: Element,
    private source: string,
  ) {
    this.starts = lineStarts(source);
  }

  /** blockOf is the innermost block with source lines around node, or null. */
  blockOf(node: Node): Block | null {
    const el = (node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement)?.closest('[data-lines]');
    if (!el || !this.root.contains(el)) return null;
    if (this.cache.has(el)) return this.cache.get(el) ?? null;
    const m = /^(\d+)-(\d+)$/.exec(el.getAttribute('data-lines') ?? '');
    let b: Block | null = null;
    if (m) {
      const a = Number(m[1]);
      const e = Number(m[2]);
      const base = this.starts[a] ?? this.source.length;
      const end = e < this.starts.length ? this.starts[e] : this.source.length;
      const text = el.textContent ?? '';
      b = { el, base, text, map: align(text, this.source.slice(base, end)) };
    }
    this.cache.set(el, b);
    return b;
  }

  /** offsetIn is the rendered offset within block b of the DOM point (node, offset). */
  private offsetIn(b: Block, node: Node, offset: number): number {
    const r = document.createRange();
    r.setStart(b.el, 0);
    r.setEnd(node, offset);
    return r.toString().length;
  }

  /** startOf is the source offset of the first character at or after rendered offset o. */
  private startOf(b: Block, o: number): number {
    for (let i = o; i < b.map.length; i++) if (b.map[i] >= 0) return b.base + b.map[i];
    for (let i = Math.min(o, b.map.length) - 1; i >= 0; i--) if (b.map[i] >= 0) return b.base + b.map[i] + 1;
    return b.base;
  }

  /** endOf is the source offset just after the last character before rendered offset o. */
  private endOf(b: Block, o: number): number {
    for (let i = Math.min(o, b.map.length) - 1; i >= 0; i--) if (b.map[i] >= 0) return b.base + b.map[i] + 1;
    return this.startOf(b, o);
  }

  /**
   * sourceRange finds the source range of a selected DOM range: each end in
   * its own block, trimmed of white space. null when it is not in any block
   * or holds no text.
   */
  sourceRange(range: Range): SourceRange | null {
    const sb = this.pointBlock(range.startContainer, range.startOffset, true);
    const eb = this.pointBlock(range.endContainer, range.endOffset, false);
    if (!sb || !eb) return null;
    let from = this.startOf(sb.b, sb.o);
    let to = this.endOf(eb.b, eb.o);
    while (from < to && /\s/.test(this.source[from])) from++;
    while (to > from && /\s/.test(this.source[to - 1])) to--;
    return to > from ? { from, to } : null;
  }

  /**
   * pointBlock finds the block of a selection end. An end between blocks
   * (a triple click selects up to the start of the next one) moves to the
   * nearest text inside the selection.
   */
  private pointBlock(node: Node, offset: number, forward: boolean): { b: Block; o: number } | null {
    const b = this.blockOf(node);
    if (b) return { b, o: this.offsetIn(b, node, offset) };
    const walker = document.createTreeWalker(this.root, NodeFilter.SHOW_TEXT);
    const texts: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if ((n as Text).data.trim() !== '' && this.blockOf(n)) texts.push(n as Text);
    const r = document.createRange();
    r.setStart(node, offset);
    if (forward) {
      const t = texts.find((x) => r.comparePoint(x, 0) >= 0);
      const tb = t && this.blockOf(t);
      return t && tb ? { b: tb, o: this.offsetIn(tb, t, 0) } : null;
    }
    const t = texts.reverse().find((x) => r.comparePoint(x, x.length) <= 0);
    const tb = t && this.blockOf(t);
    return t && tb ? { b: tb, o: this.offsetIn(tb, t, t.length) } : null;
  }

  /**
   * segments lists the pieces of rendered text whose source lies in
   * [from, to): a text node and the [start, end) of its characters.
   */
  segments(from: number, to: number): { node: Text; start: number; end: number }[] {
    const out: { node: Text; start: number; end: number }[] = [];
    const walker = document.createTreeWalker(this.root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n as Text;
      const b = this.blockOf(t);
      if (!b) continue;
      const o = this.offsetIn(b, t, 0);
      let start = -1;
      for (let i = 0; i <= t.length; i++) {
        const s = i < t.length ? b.map[o + i] : -1;
        const inside = s >= 0 && b.base + s >= from && b.base + s < to;
        if (inside && start < 0) start = i;
        else if (!inside && start >= 0) {
          out.push({ node: t, start, end: i });
          start = -1;
        }
      }
    }
    return out;
  }
}
