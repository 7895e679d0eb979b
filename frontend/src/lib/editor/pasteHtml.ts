// Pasted HTML becomes Markdown: what a browser or Google Docs puts on the
// clipboard as text/html is read with DOMParser (an inert document: nothing
// in it runs or loads) and written out as headings, emphasis, links, lists,
// code and simple tables. Raw HTML never reaches the page; scripts, styles
// and comments are dropped. Links keep only http(s) and mailto addresses.
import { syntaxTree } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import type { SyntaxNode } from '@lezer/common';
import { isExternalUrl } from '../markdown/links';

/** Elements whose content is never text of the page. */
const dropped = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'HEAD', 'META', 'LINK', 'TITLE', 'SVG', 'MATH', 'CANVAS', 'BUTTON', 'SELECT', 'TEXTAREA', 'INPUT', 'CLIPBOARD-COPY']);

const blockTags = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CENTER', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'UL',
  'MARKDOWN-ACCESSIBLITY-TABLE', 'HTML',
]);

/** The line break inside a paragraph, until lines are laid out (a hard break: "\" at the end of a line). */
const BR = '\u0000';

interface Marks {
  bold: boolean;
  italic: boolean;
  strike: boolean;
  code: boolean;
  link: boolean;
}

const none: Marks = { bold: false, italic: false, strike: false, code: false, link: false };

/** Conversion is the Markdown made of a piece of HTML, and whether it has any formatting plain text would not. */
export interface Conversion {
  markdown: string;
  rich: boolean;
}

function style(el: Element): string {
  return (el.getAttribute('style') ?? '').toLowerCase().replace(/\s+/g, '');
}

function weightOf(el: Element): 'bold' | 'normal' | null {
  const m = /font-weight:(\w+)/.exec(style(el));
  if (!m) return null;
  const w = m[1];
  if (w === 'bold' || w === 'bolder' || (/^\d+$/.test(w) && Number(w) >= 600)) return 'bold';
  return 'normal';
}

const monoFont = /font-family:[^;]*(?:courier|consolas|monaco|menlo|monospace|mono\b|robotomono|sourcecodepro)/;

/** escapeText makes text read as itself in Markdown: its *, `, [ and the like escaped. */
export function escapeText(text: string): string {
  return text
    .replace(/\\(?=[!-/:-@[-`{-~])/g, '\\\\')
    .replace(/([*`[\]])/g, '\\$1')
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    .replace(/&(?=#?\w+;)/g, '\\&')
    .replace(/~~/g, '\\~\\~')
    .replace(/(^|[^\p{L}\p{N}])_|_(?=$|[^\p{L}\p{N}])/gu, (m) => m.replace('_', '\\_'));
}

/** escapeLineStart stops a paragraph's line from reading as a heading, list item, quote or rule. */
function escapeLineStart(line: string): string {
  if (/^(#{1,6})(\s|$)/.test(line) || /^>/.test(line) || /^[-+*](\s|$)/.test(line) || /^(=+|-+)\s*$/.test(line)) return `\\${line}`;
  const m = /^(\d{1,9})([.)])(\s|$)/.exec(line);
  if (m) return `${m[1]}\\${line.slice(m[1].length)}`;
  return line;
}

/** wrap puts marks around text, outside the white space at its ends (`** x**` is not bold). */
function wrap(text: string, mark: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  if (m[2] === '') return text;
  return `${m[1]}${mark}${m[2]}${mark}${m[3]}`;
}

function codeSpan(text: string): string {
  const t = text.replace(/\s+/g, ' ');
  if (t.trim() === '') return t;
  let fence = '`';
  while (t.includes(fence)) fence += '`';
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

const listStart = /^(?:[-+*]|\d{1,9}[.)])(?: |$)/;

function safeUrl(href: string | null): string | null {
  if (!href) return null;
  let h = href.trim();
  // Google Docs sends its links through www.google.com/url?q=<the link>.
  const g = /^https:\/\/www\.google\.com\/url\?(.*)$/.exec(h);
  if (g) h = new URLSearchParams(g[1]).get('q') ?? h;
  return isExternalUrl(h) ? h.replace(/[()\s]/g, (c) => encodeURIComponent(c)) : null;
}

class Converter {
  rich = false;

  /** inline writes the inline content of a node as one paragraph's Markdown (BR for line breaks). */
  inline(node: Node, marks: Marks): string {
    if (node.nodeType === 3) {
      const text = (node.textContent ?? '').replace(/[\u00a0\s]+/g, ' ');
      return marks.code ? text : escapeText(text);
    }
    if (node.nodeType !== 1) return '';
    const el = node as Element;
    const tag = el.tagName.toUpperCase();
    if (dropped.has(tag)) return '';
    if (tag === 'BR') return BR;
    if (tag === 'IMG') return this.image(el);
    if (marks.code) return this.children(el, marks);

    const css = style(el);
    const weight = weightOf(el);
    let bold = (tag === 'B' || tag === 'STRONG') && weight !== 'normal';
    // Google Docs wraps a whole copy in <b style="font-weight:normal">.
    if (!bold && weight === 'bold' && !/^H[1-6]$/.test(tag) && tag !== 'TH') bold = true;
    const italic = tag === 'I' || tag === 'EM' || tag === 'CITE' || /font-style:italic/.test(css);
    const strike = tag === 'S' || tag === 'DEL' || tag === 'STRIKE' || /text-decoration[^;]*line-through/.test(css);
    const code = tag === 'CODE' || tag === 'KBD' || tag === 'SAMP' || tag === 'TT' || (tag === 'SPAN' && monoFont.test(css));

    if (code) {
      this.rich = true;
      return codeSpan(el.textContent ?? '');
    }
    const inner: Marks = {
      ...marks,
      bold: marks.bold || bold,
      italic: marks.italic || italic,
      strike: marks.strike || strike,
    };
    let out = this.children(el, inner);
    if (tag === 'A' && !marks.link) {
      const url = safeUrl(el.getAttribute('href'));
      const text = this.children(el, { ...inner, link: true }).replace(new RegExp(BR, 'g'), ' ');
      if (url && text.trim() !== '') {
        this.rich = true;
        const plain = text.trim().replace(/\\/g, '');
        out = plain === url || `mailto:${plain}` === url ? url : wrapLink(text, url);
      } else {
        out = text;
      }
    }
    if (strike && !marks.strike) out = this.mark(out, '~~');
    if (italic && !marks.italic) out = this.mark(out, '*');
    if (bold && !marks.bold) out = this.mark(out, '**');
    return out;
  }

  mark(text: string, mark: string): string {
    const out = wrap(text, mark);
    if (out !== text) this.rich = true;
    return out;
  }

  children(el: Element, marks: Marks): string {
    let out = '';
    for (const c of Array.from(el.childNodes)) out += this.inline(c, marks);
    return out;
  }

  /** image writes an image as a link to it: the page shows only images stored with it, never one from elsewhere. */
  image(el: Element): string {
    const alt = (el.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim();
    const url = safeUrl(el.getAttribute('src'));
    if (!url) return alt ? escapeText(alt) : '';
    this.rich = true;
    return `[${escapeText(alt || 'image')}](${url})`;
  }

  /** paragraph lays out inline Markdown as lines: white space folded, breaks as "\" line ends. */
  paragraph(md: string): string {
    const lines = md
      .replace(/[ \t\r\n]+/g, ' ')
      .split(BR)
      .map((l) => l.trim());
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    while (lines.length && lines[0] === '') lines.shift();
    return lines.map(escapeLineStart).join('\\\n');
  }

  /** blocks converts the children of an element to Markdown blocks. */
  blocks(el: Element, marks: Marks = none): string[] {
    const out: string[] = [];
    let run = '';
    const flush = () => {
      const p = this.paragraph(run);
      if (p !== '') out.push(p);
      run = '';
    };
    for (const c of Array.from(el.childNodes)) {
      if (c.nodeType === 1 && isBlock(c as Element)) {
        flush();
        out.push(...this.block(c as Element, marks));
      } else {
        run += this.inline(c, marks);
      }
    }
    flush();
    return out;
  }

  block(el: Element, marks: Marks = none): string[] {
    const tag = el.tagName.toUpperCase();
    if (dropped.has(tag)) return [];
    const h = /^H([1-6])$/.exec(tag);
    if (h) {
      // A heading is bold already: marks inside it would only clutter it.
      const text = this.paragraph(this.children(el, { ...none, bold: true }).replace(new RegExp(BR, 'g'), ' '));
      if (text === '') return [];
      this.rich = true;
      return [`${'#'.repeat(Number(h[1]))} ${text.replace(/^\\(?=#)/, '')}`];
    }
    if (tag === 'HR') {
      this.rich = true;
      return ['---'];
    }
    if (tag === 'PRE' || (monoFont.test(style(el)) && /white-space:pre/.test(style(el)))) return [this.pre(el)];
    if (tag === 'UL' || tag === 'OL') return [this.list(el)];
    if (tag === 'BLOCKQUOTE') {
      const inner = this.blocks(el);
      if (inner.length === 0) return [];
      this.rich = true;
      return [inner.join('\n\n').replace(/^/gm, '> ').replace(/^> $/gm, '>')];
    }
    if (tag === 'TABLE') return this.table(el);
    if (tag === 'LI') return [this.list(el, true)];
    return this.blocks(el, marks);
  }

  pre(el: Element): string {
    this.rich = true;
    const body = (el.textContent ?? '').replace(/\u00a0/g, ' ').replace(/\n$/, '');
    // GitHub names the language on the wrapper: "highlight highlight-source-go".
    const cls = `${el.getAttribute('class') ?? ''} ${el.parentElement?.getAttribute('class') ?? ''} ${el.querySelector('code')?.getAttribute('class') ?? ''}`;
    const m = /(?:highlight-source-|language-|lang-)([\w+#-]+)/.exec(cls) ?? /\bhighlight-(?!source)([\w+#-]+)/.exec(cls);
    let fence = '```';
    while (body.includes(fence)) fence += '`';
    return `${fence}${m ? m[1] : ''}\n${body}\n${fence}`;
  }

  /** list writes a list; a list directly inside another (as Google Docs nests them) belongs to the item before it. */
  list(el: Element, single = false): string {
    this.rich = true;
    const ordered = el.tagName.toUpperCase() === 'OL';
    let n = Number(el.getAttribute('start') ?? '1');
    if (!Number.isFinite(n) || n < 0) n = 1;
    const items: string[] = [];
    const kids = single ? [el] : Array.from(el.children);
    for (const c of kids) {
      const tag = c.tagName.toUpperCase();
      if (tag === 'UL' || tag === 'OL') {
        const nested = this.list(c);
        const pad = items.length ? ' '.repeat(markerWidth(items[items.length - 1])) : '';
        const text = nested.replace(/^(?=.)/gm, pad);
        if (items.length) items[items.length - 1] += `\n${text}`;
        else items.push(text);
        continue;
      }
      if (tag !== 'LI') continue;
      let marker = ordered ? `${n++}.` : '-';
      // A checkbox at the start of the item (GitHub's task lists).
      const box = c.querySelector(':scope > input[type=checkbox], :scope > p > input[type=checkbox]');
      if (box && !ordered) marker = (box as HTMLInputElement).hasAttribute('checked') ? '- [x]' : '- [ ]';
      const body = this.blocks(c);
      const width = marker.replace(/\s?\[.\]$/, '').length + 1;
      const pad = ' '.repeat(width);
      // A list in the item follows its text on the next line; other blocks after a blank one.
      const text = body
        .map((b, i) => (i === 0 ? b : (listStart.test(b) ? '\n' : '\n\n') + b))
        .join('')
        .replace(/\n(?=.)/g, `\n${pad}`);
      items.push(`${marker} ${text}`.trimEnd());
    }
    const loose = kids.some((c) => c.tagName.toUpperCase() === 'LI' && Array.from(c.children).filter((x) => x.tagName.toUpperCase() === 'P').length > 1);
    return items.join(loose ? '\n\n' : '\n');
  }

  /** table writes a simple table (no merged cells, no table in a cell) as a GFM table; another one as its cells' text. */
  table(el: Element): string[] {
    const rows = Array.from(el.querySelectorAll('tr')).filter((r) => r.closest('table') === el);
    const cells = rows.map((r) => Array.from(r.children).filter((c) => /^T[HD]$/i.test(c.tagName)));
    const merged = cells.some((r) => r.some((c) => Number(c.getAttribute('colspan') ?? 1) > 1 || Number(c.getAttribute('rowspan') ?? 1) > 1));
    if (rows.length === 0) return [];
    if (merged || el.querySelector('table')) {
      return cells.flatMap((r) => r.flatMap((c) => this.blocks(c)));
    }
    this.rich = true;
    const width = Math.max(...cells.map((r) => r.length));
    const text = cells.map((r, i) => {
      const row = r.map((c) =>
        this.blocks(c, i === 0 ? { ...none, bold: true } : none)
          .join(' ')
          .replace(/\\\n|\n/g, ' ')
          .replace(/\|/g, '\\|'),
      );
      while (row.length < width) row.push('');
      return row;
    });
    const line = (r: string[]) => `| ${r.join(' | ')} |`;
    const [head, ...body] = text;
    return [[line(head), line(head.map(() => '---')), ...body.map(line)].join('\n')];
  }
}

function wrapLink(text: string, url: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  return `${m[1]}[${m[2]}](${url})${m[3]}`;
}

function markerWidth(item: string): number {
  const m = /^(\d+\.|-) /.exec(item);
  return m ? m[0].length : 2;
}

function isBlock(el: Element): boolean {
  const tag = el.tagName.toUpperCase();
  if (blockTags.has(tag)) return true;
  // Google Docs' whole-copy wrapper is an inline <b> holding blocks.
  return (tag === 'B' || tag === 'SPAN') && el.querySelector('p, div, h1, h2, h3, h4, h5, h6, ul, ol, table, pre, blockquote') !== null;
}

/** htmlToMarkdown converts pasted HTML to Markdown, saying whether it carried any formatting. */
export function htmlToMarkdown(html: string): Conversion {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const c = new Converter();
  const blocks = c.blocks(doc.body);
  return { markdown: blocks.join('\n\n'), rich: c.rich };
}

/**
 * pasteHtml turns a paste that carries text/html into Markdown. A paste with
 * files is left to the image drops; a paste whose HTML has no formatting
 * (or no HTML) goes in as the plain text it also carries, as before.
 */
export const pasteHtml: Extension = EditorView.domEventHandlers({
  paste(e, view) {
    const data = e.clipboardData;
    if (!data || view.state.readOnly || (data.files && data.files.length > 0)) return false;
    const html = data.getData('text/html');
    if (!html) return false;
    const plain = data.getData('text/plain');
    // Inside code the text is wanted as it is.
    for (let n: SyntaxNode | null = syntaxTree(view.state).resolveInner(view.state.selection.main.head, -1); n; n = n.parent) {
      if (n.name === 'FencedCode' || n.name === 'CodeBlock' || n.name === 'InlineCode') return false;
    }
    const conv = htmlToMarkdown(html);
    if (!conv.rich && plain !== '') return false;
    if (conv.markdown === '') return false;
    e.preventDefault();
    view.dispatch(view.state.replaceSelection(conv.markdown), { userEvent: 'input.paste', scrollIntoView: true });
    return true;
  },
});
