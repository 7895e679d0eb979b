// Live preview, as in Obsidian and Typora: Markdown's marks are hidden
// except on the lines with the cursor or the selection, so **bold** shows
// bold without its asterisks, "# Heading" a heading without its hash,
// [text](url) its text as a link, "- [ ]" a checkbox and [[Page]] a chip.
//
// A table off the cursor shows as the read view's table, and fenced code as
// a block with its language named and its fences hidden; on the cursor, each
// shows its Markdown again to be edited.
//
// Only decorations: the text is not touched, so what is stored, synced and
// spliced stays exactly the Markdown. Ticking a box is an ordinary edit of
// the "[ ]" under it.
import { syntaxTree } from '@codemirror/language';
import { RangeSet, StateField, type EditorState, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, WidgetType, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import type { SyntaxNode, SyntaxNodeRef } from '@lezer/common';
import { renderMarkdown } from '../markdown/render';
import { parseWikilink } from '../markdown/wikilinks';
import { run, toggleTaskAt } from './format';

class TaskBox extends WidgetType {
  constructor(readonly done: boolean) {
    super();
  }
  eq(other: TaskBox): boolean {
    return other.done === this.done;
  }
  toDOM(): HTMLElement {
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.className = 'cm-lp-task';
    box.checked = this.done;
    box.tabIndex = -1;
    box.setAttribute('aria-label', this.done ? 'Done: mark as not done' : 'Not done: mark as done');
    return box;
  }
  ignoreEvent(): boolean {
    return false;
  }
}

class Bullet extends WidgetType {
  eq(): boolean {
    return true;
  }
  toDOM(): HTMLElement {
    const b = document.createElement('span');
    b.className = 'cm-lp-bullet';
    b.textContent = '•';
    return b;
  }
}

class Rule extends WidgetType {
  eq(): boolean {
    return true;
  }
  toDOM(): HTMLElement {
    const hr = document.createElement('span');
    hr.className = 'cm-lp-hr';
    hr.setAttribute('role', 'separator');
    return hr;
  }
}

/** CodeLabel stands for a code block's opening fence: the language, or nothing. */
class CodeLabel extends WidgetType {
  constructor(readonly lang: string) {
    super();
  }
  eq(other: CodeLabel): boolean {
    return other.lang === this.lang;
  }
  toDOM(): HTMLElement {
    const label = document.createElement('span');
    label.className = 'cm-lp-codelang';
    label.textContent = this.lang;
    return label;
  }
}

/**
 * cellOffset is where, in a table's Markdown, the text of a cell ends: row 0
 * is the header, row 1 the first row under the delimiter line.
 */
export function cellOffset(source: string, row: number, col: number): number {
  const lines = source.split('\n');
  const n = row === 0 ? 0 : row + 1;
  if (n >= lines.length) return 0;
  let start = 0;
  for (let i = 0; i < n; i++) start += lines[i].length + 1;
  const line = lines[n];
  // The pipes between cells: not escaped ones, not those in `code`.
  const pipes: number[] = [];
  let code = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '`') code = !code;
    else if (line[i] === '|' && !code) pipes.push(i);
  }
  const lead = line.trimStart().startsWith('|') ? 1 : 0;
  const from = col + lead - 1 < 0 ? 0 : (pipes[col + lead - 1] ?? line.length) + 1;
  const to = pipes[col + lead] ?? line.length;
  if (from > line.length) return start + line.length;
  return start + from + line.slice(from, to).trimEnd().length;
}

/**
 * TableWidget shows a table's Markdown as the read view renders it (through
 * the same sanitizer); a click puts the cursor in the table, which then shows
 * its Markdown.
 */
class TableWidget extends WidgetType {
  constructor(readonly source: string) {
    super();
  }
  eq(other: TableWidget): boolean {
    return other.source === this.source;
  }
  toDOM(view: EditorView): HTMLElement {
    const wrap = document.createElement('div');
    wrap.className = 'cm-lp-tablewidget';
    wrap.innerHTML = renderMarkdown(this.source);
    wrap.addEventListener('mousedown', (e) => {
      e.preventDefault();
      // The cursor goes to the end of the clicked cell's text in the Markdown.
      const cell = (e.target as Element).closest?.('th, td');
      const row = cell?.parentElement as HTMLTableRowElement | undefined;
      const at = cell && row ? cellOffset(this.source, row.rowIndex, (cell as HTMLTableCellElement).cellIndex) : 0;
      view.dispatch({ selection: { anchor: view.posAtDOM(wrap) + at } });
      view.focus();
    });
    // A link in a cell is text being edited here, not a way out of the window.
    wrap.addEventListener('click', (e) => e.preventDefault());
    return wrap;
  }
  ignoreEvent(): boolean {
    return true;
  }
}

const hide = Decoration.replace({});
const bullet = Decoration.replace({ widget: new Bullet() });
const rule = Decoration.replace({ widget: new Rule() });
const boxes = [Decoration.replace({ widget: new TaskBox(false) }), Decoration.replace({ widget: new TaskBox(true) })];
const linkText = (url: string) => Decoration.mark({ class: 'cm-lp-link', attributes: { 'data-tip': url } });
const wikiChip = (title: string) => Decoration.mark({ class: 'cm-lp-wikilink', attributes: { 'data-tip': `Page: ${title}` } });
const inlineCode = Decoration.mark({ class: 'cm-lp-code' });
const doneText = Decoration.mark({ class: 'cm-lp-done' });
const quoteLine = Decoration.line({ class: 'cm-lp-quote' });
const codeLine = Decoration.line({ class: 'cm-lp-codeblock' });
const codeFirst = Decoration.line({ class: 'cm-lp-codeblock cm-lp-codeblock-first' });
const codeLast = Decoration.line({ class: 'cm-lp-codeblock cm-lp-codeblock-last' });
const tableLine = Decoration.line({ class: 'cm-lp-table' });

/** activeLines are the numbers of the lines a cursor or a selection is on: their marks stay. */
export function activeLines(state: EditorState): Set<number> {
  const lines = new Set<number>();
  for (const r of state.selection.ranges) {
    for (let n = state.doc.lineAt(r.from).number, end = state.doc.lineAt(r.to).number; n <= end; n++) lines.add(n);
  }
  return lines;
}

const wikiRe = /\[\[([^\][\n]+)\]\]/g;
const codeNodes = new Set(['FencedCode', 'CodeBlock', 'InlineCode', 'HTMLBlock', 'Comment']);

/**
 * previewDecorations are the decorations of the lines between from and to:
 * marks hidden on lines other than active ones, and the look of links,
 * tasks, quotes and code on all of them.
 */
export function previewDecorations(state: EditorState, ranges: readonly { from: number; to: number }[], active = activeLines(state)): DecorationSet {
  const out: Range<Decoration>[] = [];
  const tree = syntaxTree(state);
  const doc = state.doc;
  const shown = (pos: number) => !active.has(doc.lineAt(pos).number);
  // Hide [from, to) and a space after it, as "# " and "> " are hidden whole.
  const hideWithSpace = (from: number, to: number) => {
    const end = to < doc.length && doc.sliceString(to, to + 1) === ' ' ? to + 1 : to;
    if (end > from) out.push(hide.range(from, end));
  };
  const inCode = (pos: number) => {
    for (let n: SyntaxNode | null = tree.resolveInner(pos, 1); n; n = n.parent) if (codeNodes.has(n.name)) return true;
    return false;
  };

  for (const { from, to } of ranges) {
    // [[Page]] and [[Page|text]]: the lezer grammar sees a link in them, so they go first.
    const wikis: [number, number][] = [];
    for (let pos = from; pos <= to; ) {
      const line = doc.lineAt(pos);
      if (shown(line.from) && line.text.includes('[[')) {
        for (const m of line.text.matchAll(wikiRe)) {
          const start = line.from + m.index;
          const end = start + m[0].length;
          const link = parseWikilink(m[1]);
          if (!link || inCode(start)) continue;
          wikis.push([start, end]);
          const bar = m[1].indexOf('|');
          // "[[" (and "Title|" before shown text) hidden, the text a chip, "]]" hidden.
          const textFrom = bar < 0 ? start + 2 : start + 2 + bar + 1;
          out.push(hide.range(start, textFrom));
          if (end - 2 > textFrom) out.push(wikiChip(link.title).range(textFrom, end - 2));
          out.push(hide.range(end - 2, end));
        }
      }
      pos = line.to + 1;
    }
    const inWiki = (pos: number) => wikis.some(([a, b]) => pos >= a && pos < b);

    tree.iterate({
      from,
      to,
      enter: (node: SyntaxNodeRef): boolean | undefined => {
        const name = node.name;
        switch (name) {
          case 'FencedCode': {
            const first = doc.lineAt(node.from).number;
            const last = doc.lineAt(node.to).number;
            let editing = false;
            for (let n = first; n <= last && !editing; n++) editing = active.has(n);
            for (let n = first; n <= last; n++) {
              const l = doc.line(n);
              if (l.to < from || l.from > to) continue;
              out.push((n === first ? codeFirst : n === last ? codeLast : codeLine).range(l.from));
            }
            // Off the cursor: the opening fence becomes the language's name, the closing one goes.
            const marks = node.node.getChildren('CodeMark');
            if (!editing && marks.length > 0) {
              const open = doc.lineAt(node.from);
              const info = node.node.getChild('CodeInfo');
              out.push(Decoration.replace({ widget: new CodeLabel(info ? doc.sliceString(info.from, info.to) : '') }).range(open.from, open.to));
              const close = marks[marks.length - 1];
              const end = doc.lineAt(close.from);
              if (marks.length > 1 && end.number !== open.number && end.to > end.from) out.push(hide.range(end.from, end.to));
            }
            return false;
          }
          case 'CodeBlock':
          case 'HTMLBlock':
          case 'Image':
            return false;
          case 'Table': {
            for (let n = doc.lineAt(node.from).number, last = doc.lineAt(node.to).number; n <= last; n++) {
              const l = doc.line(n);
              if (l.to >= from && l.from <= to) out.push(tableLine.range(l.from));
            }
            return false;
          }
          case 'HeaderMark': {
            const parent = node.node.parent;
            if (!parent?.name.startsWith('ATXHeading') || !shown(node.from)) return;
            if (node.from === parent.from) hideWithSpace(node.from, node.to);
            // A closing "##" and the space before it.
            else if (node.to === parent.to) out.push(hide.range(doc.sliceString(node.from - 1, node.from) === ' ' ? node.from - 1 : node.from, node.to));
            return;
          }
          case 'EmphasisMark':
          case 'StrikethroughMark':
            if (shown(node.from)) out.push(hide.range(node.from, node.to));
            return;
          case 'InlineCode': {
            const open = node.node.firstChild;
            const close = node.node.lastChild;
            if (!open || !close || open === close) return false;
            if (close.from > open.to) out.push(inlineCode.range(open.to, close.from));
            if (shown(node.from)) {
              out.push(hide.range(open.from, open.to));
              out.push(hide.range(close.from, close.to));
            }
            return false;
          }
          case 'Link': {
            if (inWiki(node.from)) return false;
            const marks = node.node.getChildren('LinkMark');
            const url = node.node.getChild('URL');
            if (!url || marks.length < 3 || marks[0].from !== node.from) return;
            const href = doc.sliceString(url.from, url.to);
            if (href.startsWith('attachment:')) return false;
            if (marks[1].from > marks[0].to) out.push(linkText(href).range(marks[0].to, marks[1].from));
            if (shown(node.from) && doc.lineAt(node.from).number === doc.lineAt(node.to).number) {
              out.push(hide.range(marks[0].from, marks[0].to));
              out.push(hide.range(marks[1].from, node.to));
            }
            return;
          }
          case 'ListItem': {
            const mark = node.node.getChild('ListMark');
            if (!mark || !shown(mark.from)) return;
            const task = node.node.getChild('Task');
            const box = task?.getChild('TaskMarker');
            if (box) {
              const done = doc.sliceString(box.from + 1, box.from + 2).toLowerCase() === 'x';
              const end = doc.sliceString(box.to, box.to + 1) === ' ' ? box.to + 1 : box.to;
              out.push(boxes[done ? 1 : 0].range(mark.from, end));
              const lineEnd = doc.lineAt(box.to).to;
              if (done && lineEnd > end) out.push(doneText.range(end, lineEnd));
            } else if (node.node.parent?.name === 'BulletList') {
              out.push(bullet.range(mark.from, mark.to));
            }
            return;
          }
          case 'QuoteMark': {
            const line = doc.lineAt(node.from);
            if (!out.some((d) => d.from === line.from && d.value === quoteLine)) out.push(quoteLine.range(line.from));
            if (shown(node.from)) hideWithSpace(node.from, node.to);
            return;
          }
          case 'HorizontalRule':
            if (shown(node.from)) out.push(rule.range(node.from, node.to));
            return false;
        }
        return undefined;
      },
    });
  }
  return RangeSet.of(out, true);
}

const preview = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    active: string;
    constructor(view: EditorView) {
      this.active = key(view.state);
      this.decorations = previewDecorations(view.state, view.visibleRanges);
    }
    update(u: ViewUpdate) {
      const active = key(u.state);
      if (u.docChanged || u.viewportChanged || active !== this.active || syntaxTree(u.startState) !== syntaxTree(u.state)) {
        this.active = active;
        this.decorations = previewDecorations(u.state, u.view.visibleRanges);
      }
    }
  },
  { decorations: (p) => p.decorations },
);

/** key names the active lines, to rebuild only when the cursor changes line. */
function key(state: EditorState): string {
  return [...activeLines(state)].join(',');
}

const theme = EditorView.baseTheme({
  '.cm-lp-link': { color: 'var(--accent-text)', textDecoration: 'underline', textUnderlineOffset: '2.5px' },
  '.cm-lp-wikilink': {
    color: 'var(--accent-text)',
    backgroundColor: 'var(--accent-soft)',
    borderRadius: '4px',
    padding: '1px 4px',
  },
  // The grammar reads "[Page]" inside as a link, underlined: a chip is not.
  '.cm-lp-wikilink, .cm-lp-wikilink *': { textDecoration: 'none !important' },
  '.cm-lp-code': {
    fontFamily: 'var(--font-mono)',
    fontSize: '0.88em',
    padding: '0.15em 0.3em',
    borderRadius: '4px',
    backgroundColor: 'var(--surface-2)',
    color: 'var(--code-text)',
  },
  '.cm-lp-task': {
    appearance: 'none',
    WebkitAppearance: 'none',
    width: '16px',
    height: '16px',
    margin: '0 8px 0 0',
    verticalAlign: '-3px',
    border: '1.5px solid var(--border-strong)',
    borderRadius: '4px',
    backgroundColor: 'var(--bg)',
    cursor: 'pointer',
  },
  '.cm-lp-task:hover': { borderColor: 'var(--accent)' },
  '.cm-lp-task:checked': {
    borderColor: 'var(--accent)',
    background:
      "var(--accent) url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16' fill='none' stroke='white' stroke-width='2.2' stroke-linecap='round' stroke-linejoin='round'%3E%3Cpath d='m3.5 8.5 3 3 6-7'/%3E%3C/svg%3E\") center / 12px no-repeat",
  },
  '.cm-lp-done': { color: 'var(--text-muted)', textDecoration: 'line-through', textDecorationColor: 'var(--text-faint)' },
  '.cm-lp-bullet': { display: 'inline-block', width: '0.7em', color: 'var(--text-muted)', fontWeight: '700' },
  '.cm-lp-hr': {
    display: 'inline-block',
    width: '100%',
    height: '0',
    borderTop: '1px solid var(--border-strong)',
    verticalAlign: 'middle',
  },
  '.cm-lp-quote': { borderLeft: '3px solid var(--border-strong)', paddingLeft: '14px !important', color: 'var(--text-muted)' },
  '.cm-lp-codeblock': {
    fontFamily: 'var(--font-mono)',
    fontSize: '13.5px',
    backgroundColor: 'var(--sidebar)',
    borderLeft: '1px solid var(--border)',
    borderRight: '1px solid var(--border)',
    paddingLeft: '14px !important',
    paddingRight: '14px !important',
  },
  // Code reads in the text's colour, as in the read view; the fences faint.
  '.cm-lp-codeblock span': { color: 'inherit' },
  '.cm-lp-codeblock-first': { borderTop: '1px solid var(--border)', borderTopLeftRadius: '8px', borderTopRightRadius: '8px', color: 'var(--text-faint)' },
  '.cm-lp-codeblock-last': { borderBottom: '1px solid var(--border)', borderBottomLeftRadius: '8px', borderBottomRightRadius: '8px', color: 'var(--text-faint)' },
  '.cm-lp-table': { fontFamily: 'var(--font-mono)', fontSize: '13.5px' },
  '.cm-lp-codelang': { fontFamily: 'var(--font-ui)', fontSize: '11.5px', fontWeight: '600', letterSpacing: '0.02em', color: 'var(--text-faint)', textTransform: 'lowercase' },
  '.cm-lp-tablewidget': { padding: '6px 0', overflowX: 'auto', cursor: 'text' },
  '.cm-lp-tablewidget table': { borderCollapse: 'collapse', fontSize: '14px', lineHeight: '1.45' },
  '.cm-lp-tablewidget th, .cm-lp-tablewidget td': { border: '1px solid var(--border-strong)', padding: '6px 12px', textAlign: 'left' },
  '.cm-lp-tablewidget th': { backgroundColor: 'var(--surface-2)', fontWeight: '600' },
  '.cm-lp-tablewidget .align-center': { textAlign: 'center' },
  '.cm-lp-tablewidget .align-right': { textAlign: 'right' },
  '.cm-lp-tablewidget code': { fontFamily: 'var(--font-mono)', fontSize: '0.88em', backgroundColor: 'var(--surface-2)', padding: '0.15em 0.3em', borderRadius: '4px' },
  '.cm-lp-tablewidget a': { color: 'var(--accent-text)' },
});

/** tableRanges are the whole lines of each table in the parsed text. */
export function tableRanges(state: EditorState): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  const doc = state.doc;
  syntaxTree(state).iterate({
    enter: (node) => {
      if (node.name === 'Table') {
        const last = doc.lineAt(node.to > node.from && doc.lineAt(node.to).from === node.to ? node.to - 1 : node.to);
        out.push({ from: doc.lineAt(node.from).from, to: last.to });
        return false;
      }
      // Tables sit at the top level, in quotes or in lists: nothing inline is visited.
      return node.name === 'Document' || node.name === 'Blockquote' || node.name.endsWith('List') || node.name === 'ListItem';
    },
  });
  return out;
}

/** tableDecorations replace each table no cursor is in with its rendered table. */
export function tableDecorations(state: EditorState, tables: readonly { from: number; to: number }[], active = activeLines(state)): DecorationSet {
  const out: Range<Decoration>[] = [];
  for (const t of tables) {
    let editing = false;
    for (let n = state.doc.lineAt(t.from).number, last = state.doc.lineAt(t.to).number; n <= last && !editing; n++) editing = active.has(n);
    if (!editing) out.push(Decoration.replace({ widget: new TableWidget(state.sliceDoc(t.from, t.to)), block: true }).range(t.from, t.to));
  }
  return RangeSet.of(out);
}

// Block widgets (a table spans lines) must come from state, not from a view plugin.
const tables = StateField.define<{ ranges: { from: number; to: number }[]; deco: DecorationSet }>({
  create(state) {
    const ranges = tableRanges(state);
    return { ranges, deco: tableDecorations(state, ranges) };
  },
  update(value, tr) {
    const reparsed = tr.docChanged || syntaxTree(tr.startState) !== syntaxTree(tr.state);
    if (!reparsed && !tr.selection) return value;
    if (!reparsed && key(tr.startState) === key(tr.state)) return value;
    const ranges = reparsed ? tableRanges(tr.state) : value.ranges;
    return { ranges, deco: tableDecorations(tr.state, ranges) };
  },
  provide: (f) => EditorView.decorations.from(f, (v) => v.deco),
});

/** livePreview is the extension: decorations, ticking a box with the mouse, and their look. */
export const livePreview: Extension = [
  preview,
  tables,
  EditorView.domEventHandlers({
    mousedown(e, view) {
      const t = e.target as HTMLElement | null;
      if (!t?.classList?.contains('cm-lp-task')) return false;
      e.preventDefault();
      run(view, toggleTaskAt(view.state, view.posAtDOM(t)));
      return true;
    },
    // The box's own click would tick it before the text says so.
    click(e) {
      const t = e.target as HTMLElement | null;
      if (!t?.classList?.contains('cm-lp-task')) return false;
      e.preventDefault();
      return true;
    },
  }),
  theme,
];
