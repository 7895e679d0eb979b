// Formatting for the Markdown editor: what the toolbar's buttons, the "/"
// menu and the shortcuts do. Every command edits the Markdown itself (the
// text stays exactly Markdown, so the store and the splices see ordinary
// edits) and toggles: bold on a bold selection takes the asterisks away.
//
// The commands are pure: an EditorState in, an Edit (changes and the
// selection after them) out, so they can be tested without a view.
import { ensureSyntaxTree, syntaxTree } from '@codemirror/language';
import { ChangeSet, EditorSelection, Prec, type ChangeSpec, type EditorState, type Extension, type Line, type SelectionRange } from '@codemirror/state';
import { keymap, type EditorView } from '@codemirror/view';
import type { SyntaxNode, Tree } from '@lezer/common';
import { shortcuts, toggleTaskKey, type BlockKind, type FormatCommand, type FormatState, type InlineKind } from './formatKeys';

/** Edit is what a command does: changes to the text, and the selection after them. */
export interface Edit {
  changes: ChangeSet;
  selection: EditorSelection;
}

const inline: Record<InlineKind, { node: string; mark: string }> = {
  bold: { node: 'StrongEmphasis', mark: '**' },
  italic: { node: 'Emphasis', mark: '*' },
  strike: { node: 'Strikethrough', mark: '~~' },
  code: { node: 'InlineCode', mark: '`' },
};

/** treeOf is the syntax tree of the text up to pos, parsing a little more if need be. */
function treeOf(state: EditorState, pos: number): Tree {
  return ensureSyntaxTree(state, Math.min(state.doc.length, pos + 1), 200) ?? syntaxTree(state);
}

/**
 * enclosing is the node named name around [from, to]: for a cursor, one it
 * is strictly inside (not just touching); for a range, one that covers it.
 */
function enclosing(tree: Tree, name: string, from: number, to: number): SyntaxNode | null {
  for (const side of [1, -1] as const) {
    for (let n: SyntaxNode | null = tree.resolveInner(from, side); n; n = n.parent) {
      if (n.name !== name) continue;
      if (from === to ? n.from < from && from < n.to : n.from <= from && n.to >= to) return n;
    }
    if (from !== to) break;
  }
  return null;
}

// A line's block syntax: indentation, a quote mark, then a list marker (and
// a task's box) or a heading's hashes. Only what starts the line counts.
const headingRe = /^(#{1,6})(?:[ \t]+|$)/;
const listRe = /^([ \t]*)([-*+]|\d{1,9}[.)])(?:[ \t]+|$)(\[[ xX]\](?:[ \t]+|$))?/;
const quoteRe = /^[ \t]*>[ \t]?/;
const ruleRe = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

export interface LineBlock {
  kind: BlockKind | 'h4' | 'h5' | 'h6';
  /** prefix is how many characters of the line are block syntax (indent, marks and the space after them). */
  prefix: number;
  /** indent is a list item's leading white space. */
  indent: string;
  /** number is an ordered item's number. */
  number?: number;
}

/** lineBlock reads the block syntax at the start of a line of Markdown. */
export function lineBlock(text: string): LineBlock {
  if (ruleRe.test(text)) return { kind: 'paragraph', prefix: 0, indent: '' };
  const h = headingRe.exec(text);
  if (h) return { kind: `h${h[1].length}` as LineBlock['kind'], prefix: h[0].length, indent: '' };
  const q = quoteRe.exec(text);
  const qlen = q ? q[0].length : 0;
  const l = listRe.exec(text.slice(qlen));
  if (l) {
    const marker = l[2];
    const kind = l[3] ? 'task' : /\d/.test(marker) ? 'ordered' : 'bullet';
    return { kind, prefix: qlen + l[0].length, indent: q ? '' : l[1], number: kind === 'ordered' ? parseInt(marker, 10) : undefined };
  }
  if (q) return { kind: 'quote', prefix: qlen, indent: '' };
  return { kind: 'paragraph', prefix: 0, indent: '' };
}

function blank(line: Line): boolean {
  return line.text.trim() === '';
}

/** linesOf lists the lines the selection touches, each once, in order. */
function linesOf(state: EditorState): Line[] {
  const out: Line[] = [];
  let last = -1;
  for (const r of state.selection.ranges) {
    const end = state.doc.lineAt(r.to).number;
    for (let n = Math.max(state.doc.lineAt(r.from).number, last + 1); n <= end; n++) {
      out.push(state.doc.line(n));
      last = n;
    }
  }
  return out;
}

/** mapped gives the selection after changes; a cursor at an insertion moves past it. */
function mapped(state: EditorState, changes: ChangeSet, assoc: -1 | 1 = 1): EditorSelection {
  return EditorSelection.create(
    state.selection.ranges.map((r) => EditorSelection.range(changes.mapPos(r.anchor, assoc), changes.mapPos(r.head, assoc))),
    state.selection.mainIndex,
  );
}

/**
 * segments are the parts of a range that inline marks go around: one per
 * line, past the line's block syntax, without white space at either end
 * (`** x**` is not bold in Markdown). A cursor is one empty segment.
 */
function segments(state: EditorState, r: SelectionRange): { from: number; to: number }[] {
  if (r.empty) return [{ from: r.from, to: r.to }];
  const out: { from: number; to: number }[] = [];
  for (let n = state.doc.lineAt(r.from).number, end = state.doc.lineAt(r.to).number; n <= end; n++) {
    const line = state.doc.line(n);
    let from = Math.max(r.from, line.from + lineBlock(line.text).prefix);
    let to = Math.min(r.to, line.to);
    while (from < to && /\s/.test(state.sliceDoc(from, from + 1))) from++;
    while (to > from && /\s/.test(state.sliceDoc(to - 1, to))) to--;
    if (from < to) out.push({ from, to });
  }
  return out;
}

/** inlineActive tells whether all of the main selection has the inline format. */
function inlineActive(state: EditorState, tree: Tree, kind: InlineKind): boolean {
  const segs = segments(state, state.selection.main);
  return segs.length > 0 && segs.every((s) => enclosing(tree, inline[kind].node, s.from, s.to) !== null);
}

/**
 * toggleInline makes the selection bold (italic, struck, code), or plain if
 * all of it already is. A cursor outside gets an empty pair of marks with
 * the cursor between them; inside, the marks around it go.
 */
export function toggleInline(state: EditorState, kind: InlineKind): Edit {
  const { node: name, mark } = inline[kind];
  const tree = treeOf(state, state.selection.ranges[state.selection.ranges.length - 1].to);
  const changes: ChangeSpec[] = [];
  const removed = new Set<number>();
  const emptyPairs: number[] = [];
  for (const r of state.selection.ranges) {
    const segs = segments(state, r);
    const nodes = segs.map((s) => enclosing(tree, name, s.from, s.to));
    if (segs.length > 0 && nodes.every((n) => n !== null)) {
      for (const n of nodes as SyntaxNode[]) {
        if (removed.has(n.from)) continue;
        removed.add(n.from);
        const open = n.firstChild;
        const close = n.lastChild;
        if (!open || !close || open === close || open.from !== n.from || close.to !== n.to) continue;
        changes.push({ from: open.from, to: open.to }, { from: close.from, to: close.to });
      }
      continue;
    }
    segs.forEach((s, i) => {
      if (nodes[i]) return;
      if (s.from === s.to) {
        changes.push({ from: s.from, insert: mark + mark });
        emptyPairs.push(s.from);
      } else {
        changes.push({ from: s.from, insert: mark }, { from: s.to, insert: mark });
      }
    });
  }
  const set = state.changes(changes);
  // A range keeps covering its text (inside the new marks); a cursor at a
  // new empty pair goes between its marks.
  const ranges = state.selection.ranges.map((r) => {
    if (r.empty) {
      const at = set.mapPos(r.head, -1);
      return EditorSelection.cursor(emptyPairs.includes(r.head) ? at + mark.length : at);
    }
    const from = set.mapPos(r.from, 1);
    const to = Math.max(from, set.mapPos(r.to, -1));
    return r.anchor <= r.head ? EditorSelection.range(from, to) : EditorSelection.range(to, from);
  });
  return { changes: set, selection: EditorSelection.create(ranges, state.selection.mainIndex) };
}

/** linkNode is the [text](url) link around the main selection, if any (a file's or an image's is not one). */
function linkNode(state: EditorState, tree: Tree): SyntaxNode | null {
  const r = state.selection.main;
  const n = enclosing(tree, 'Link', r.from, r.to);
  const url = n?.getChild('URL');
  if (!n || !url || state.sliceDoc(url.from, url.to).startsWith('attachment:')) return null;
  return n;
}

/**
 * toggleLink makes the selection a link, as [text](), the cursor between
 * the parentheses for the address (between the brackets for the text when
 * the selection is itself an address); inside a link, it leaves the text.
 */
export function toggleLink(state: EditorState): Edit {
  const tree = treeOf(state, state.selection.main.to);
  const n = linkNode(state, tree);
  const r = state.selection.main;
  if (n) {
    const marks = n.getChildren('LinkMark');
    if (marks.length >= 2) {
      const text = state.sliceDoc(marks[0].to, marks[1].from);
      const changes = state.changes({ from: n.from, to: n.to, insert: text });
      return { changes, selection: EditorSelection.single(n.from, n.from + text.length) };
    }
  }
  const selected = state.sliceDoc(r.from, r.to);
  if (/^(?:https?:\/\/|mailto:)\S+$/.test(selected)) {
    const changes = state.changes({ from: r.from, to: r.to, insert: `[](${selected})` });
    return { changes, selection: EditorSelection.single(r.from + 1) };
  }
  const insert = `[${selected}]()`;
  const changes = state.changes({ from: r.from, to: r.to, insert });
  return { changes, selection: EditorSelection.single(r.empty ? r.from + 1 : r.from + insert.length - 1) };
}

function prefixFor(kind: BlockKind, indent: string, n: number): string {
  switch (kind) {
    case 'h1':
      return '# ';
    case 'h2':
      return '## ';
    case 'h3':
      return '### ';
    case 'bullet':
      return `${indent}- `;
    case 'ordered':
      return `${indent}${n}. `;
    case 'task':
      return `${indent}- [ ] `;
    case 'quote':
      return '> ';
    case 'paragraph':
      return '';
  }
}

const listKinds = new Set(['bullet', 'ordered', 'task']);

/**
 * setBlock makes the selected lines headings (lists, quotes), or paragraphs
 * again if they all already are: the line's block syntax is replaced, its
 * text kept. Numbered items are numbered on from an item just above.
 */
export function setBlock(state: EditorState, kind: BlockKind): Edit {
  let lines = linesOf(state);
  if (lines.length > 1) lines = lines.filter((l) => !blank(l));
  const blocks = lines.map((l) => lineBlock(l.text));
  const off = kind !== 'paragraph' && blocks.every((b) => b.kind === kind);
  const to: BlockKind = off ? 'paragraph' : kind;
  let n = 1;
  if (to === 'ordered' && lines.length > 0 && lines[0].number > 1) {
    const above = lineBlock(state.doc.line(lines[0].number - 1).text);
    if (above.kind === 'ordered' && above.number !== undefined) n = above.number + 1;
  }
  const changes: ChangeSpec[] = [];
  lines.forEach((l, i) => {
    const b = blocks[i];
    const indent = listKinds.has(to) && listKinds.has(b.kind) ? b.indent : '';
    const prefix = prefixFor(to, indent, n);
    if (to === 'ordered') n++;
    if (state.sliceDoc(l.from, l.from + b.prefix) !== prefix) changes.push({ from: l.from, to: l.from + b.prefix, insert: prefix });
  });
  const set = state.changes(changes);
  return { changes: set, selection: mapped(state, set) };
}

/** toggleTaskAt ticks or unticks the task whose line holds pos; null if that line is not a task. */
export function toggleTaskAt(state: EditorState, pos: number): Edit | null {
  const line = state.doc.lineAt(pos);
  const b = lineBlock(line.text);
  if (b.kind !== 'task') return null;
  const box = line.text.lastIndexOf('[', b.prefix);
  if (box < 0 || line.text[box + 2] !== ']') return null;
  const done = line.text[box + 1] !== ' ';
  const at = line.from + box + 1;
  const changes = state.changes({ from: at, to: at + 1, insert: done ? ' ' : 'x' });
  return { changes, selection: state.selection.map(changes) };
}

/** toggleTasks ticks or unticks the tasks on the selected lines (all ticked if any was not). */
export function toggleTasks(state: EditorState): Edit | null {
  const lines = linesOf(state).filter((l) => lineBlock(l.text).kind === 'task');
  if (lines.length === 0) return null;
  const boxes = lines.map((l) => {
    const b = lineBlock(l.text);
    const at = l.text.lastIndexOf('[', b.prefix) + 1;
    return { at: l.from + at, done: l.text[at] !== ' ' };
  });
  const tick = boxes.some((b) => !b.done);
  const changes = state.changes(boxes.map((b) => ({ from: b.at, to: b.at + 1, insert: tick ? 'x' : ' ' })));
  return { changes, selection: state.selection.map(changes) };
}

/**
 * insertBlock puts a block of its own at the cursor: on the cursor's line if
 * that is blank, else after it, with blank lines around it where Markdown
 * needs them (a "---" right under text would make that text a heading).
 * select is the part of text to select (or a cursor at select[0]).
 */
export function insertBlock(state: EditorState, text: string, select: [number, number?]): Edit {
  const line = state.doc.lineAt(state.selection.main.head);
  const next = line.number < state.doc.lines ? state.doc.line(line.number + 1) : null;
  let from: number;
  let to: number;
  let before: string;
  if (blank(line)) {
    from = line.from;
    to = line.to;
    const prev = line.number > 1 ? state.doc.line(line.number - 1) : null;
    before = prev && !blank(prev) ? '\n' : '';
  } else {
    from = to = line.to;
    before = '\n\n';
  }
  const after = next && !blank(next) ? '\n' : '';
  const changes = state.changes({ from, to, insert: before + text + after });
  const start = from + before.length + select[0];
  return { changes, selection: EditorSelection.single(start, select[1] === undefined ? start : from + before.length + select[1]) };
}

export const tableMarkdown = '| Column 1 | Column 2 |\n| --- | --- |\n|  |  |';

/**
 * toggleCodeBlock puts the selected lines in a fenced code block (an empty
 * block at a cursor), or takes the fences away inside one.
 */
export function toggleCodeBlock(state: EditorState): Edit {
  const r = state.selection.main;
  const tree = treeOf(state, r.to);
  const inFence = fenceAt(tree, r);
  if (inFence) {
    const first = state.doc.lineAt(inFence.from);
    const last = state.doc.lineAt(inFence.to);
    const changes: ChangeSpec[] = [{ from: first.from, to: Math.min(first.to + 1, state.doc.length) }];
    if (last.number !== first.number && /^\s*(`{3,}|~{3,})\s*$/.test(last.text)) changes.push({ from: last.from - 1, to: last.to });
    const set = state.changes(changes);
    return { changes: set, selection: mapped(state, set, -1) };
  }
  if (r.empty) return insertBlock(state, '```\n\n```', [4]);
  const first = state.doc.lineAt(r.from);
  const last = state.doc.lineAt(r.to);
  const set = state.changes([
    { from: first.from, insert: '```\n' },
    { from: last.to, insert: '\n```' },
  ]);
  return { changes: set, selection: EditorSelection.single(first.from + 4, last.to + 4) };
}

/** enclosingAt is a node named name that holds pos, touching it included. */
function enclosingAt(tree: Tree, name: string, pos: number): SyntaxNode | null {
  for (const side of [-1, 1] as const) {
    for (let n: SyntaxNode | null = tree.resolveInner(pos, side); n; n = n.parent) if (n.name === name) return n;
  }
  return null;
}

/** fenceAt is the fenced code block the range is in (a cursor on its fences included). */
function fenceAt(tree: Tree, r: SelectionRange): SyntaxNode | null {
  return r.empty ? enclosingAt(tree, 'FencedCode', r.head) : enclosing(tree, 'FencedCode', r.from, r.to);
}

/** pageLink puts "[[" "]]" around the selection (or a cursor between them), for the page completion to fill. */
export function pageLink(state: EditorState): Edit {
  const r = state.selection.main;
  const changes = state.changes([
    { from: r.from, insert: '[[' },
    { from: r.to, insert: ']]' },
  ]);
  return { changes, selection: EditorSelection.single(r.to + 2) };
}

/** formatEdit is the edit a toolbar command makes. */
export function formatEdit(state: EditorState, cmd: FormatCommand): Edit {
  switch (cmd) {
    case 'bold':
    case 'italic':
    case 'strike':
    case 'code':
      return toggleInline(state, cmd);
    case 'link':
      return toggleLink(state);
    case 'codeblock':
      return toggleCodeBlock(state);
    case 'table':
      return insertBlock(state, tableMarkdown, [2, 10]);
    case 'rule':
      return insertBlock(state, '---\n', [4]);
    default:
      return setBlock(state, cmd);
  }
}

/**
 * formatState reads what the main selection is, for the toolbar. It runs at
 * every keystroke, so it takes the syntax tree as parsed so far (the parser
 * keeps up with the viewport) rather than make it parse further.
 */
export function formatState(state: EditorState): FormatState {
  const r = state.selection.main;
  const tree = syntaxTree(state);
  const inFence = fenceAt(tree, r);
  return {
    bold: inlineActive(state, tree, 'bold'),
    italic: inlineActive(state, tree, 'italic'),
    strike: inlineActive(state, tree, 'strike'),
    code: inlineActive(state, tree, 'code'),
    link: linkNode(state, tree) !== null,
    block: inFence ? 'codeblock' : lineBlock(state.doc.lineAt(r.head).text).kind,
  };
}

/** run applies an edit to a view as one undoable step typed by the person. */
export function run(view: EditorView, edit: Edit | null): boolean {
  if (!edit || view.state.readOnly) return false;
  view.dispatch({ changes: edit.changes, selection: edit.selection, scrollIntoView: true, userEvent: 'input.format' });
  return true;
}

/** Shortcut names a command's keys, for the keymap (CodeMirror's names) and for people. */

/** formatKeymap binds the shortcuts; it goes before CodeMirror's own (Mod-i selects the syntax parent there). */
export const formatKeymap: Extension = Prec.high(
  keymap.of([
    ...shortcuts.map((s) => ({ key: s.key, run: (v: EditorView) => run(v, formatEdit(v.state, s.command)) })),
    { key: toggleTaskKey, run: (v: EditorView) => run(v, toggleTasks(v.state)) },
  ]),
);
