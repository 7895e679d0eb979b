// The "/" menu: typing "/" at the start of a line or after a space offers
// blocks to insert, filtered by what follows the slash. It is a completion
// source (CodeMirror's autocompletion draws the list at the caret and does
// the arrows, Enter and Escape); choosing an item replaces "/query" with it.
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { syntaxTree } from '@codemirror/language';
import type { EditorState } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import type { SyntaxNode } from '@lezer/common';
import type { FormatCommand } from './formatKeys';

export type SlashId = 'h1' | 'h2' | 'h3' | 'bullet' | 'ordered' | 'task' | 'quote' | 'codeblock' | 'table' | 'rule' | 'page-link' | 'file' | 'video';

export interface SlashItem {
  id: SlashId;
  label: string;
  /** hint says what the item makes, under its name. */
  hint: string;
  /** markdown is what to type for it without the menu, shown at the right. */
  markdown: string;
  /** icon is a short glyph for the item's tile. */
  icon: string;
  /** keywords find the item by other names (“todo”, “hr”). */
  keywords: string[];
  /** available is false for an item not offered yet. */
  available: boolean;
}

export const slashItems: SlashItem[] = [
  { id: 'h1', label: 'Heading 1', hint: 'Big section heading', markdown: '#', icon: 'H1', keywords: ['h1', 'title', 'heading'], available: true },
  { id: 'h2', label: 'Heading 2', hint: 'Medium section heading', markdown: '##', icon: 'H2', keywords: ['h2', 'subtitle', 'heading'], available: true },
  { id: 'h3', label: 'Heading 3', hint: 'Small section heading', markdown: '###', icon: 'H3', keywords: ['h3', 'heading'], available: true },
  { id: 'bullet', label: 'Bulleted list', hint: 'A simple list', markdown: '-', icon: '•', keywords: ['ul', 'unordered', 'bullets', 'list'], available: true },
  { id: 'ordered', label: 'Numbered list', hint: 'A list with numbers', markdown: '1.', icon: '1.', keywords: ['ol', 'ordered', 'numbers', 'list'], available: true },
  { id: 'task', label: 'Task list', hint: 'Things to do, with checkboxes', markdown: '- [ ]', icon: '☐', keywords: ['todo', 'to-do', 'checkbox', 'checklist', 'list'], available: true },
  { id: 'quote', label: 'Quote', hint: 'Set a quotation apart', markdown: '>', icon: '❝', keywords: ['blockquote', 'citation'], available: true },
  { id: 'codeblock', label: 'Code block', hint: 'Code, in a fixed-width font', markdown: '```', icon: '</>', keywords: ['code', 'snippet', 'pre', 'fence'], available: true },
  { id: 'table', label: 'Table', hint: 'Rows and columns', markdown: '| |', icon: '▦', keywords: ['grid', 'columns'], available: true },
  { id: 'rule', label: 'Divider', hint: 'A line between sections', markdown: '---', icon: '—', keywords: ['hr', 'rule', 'separator', 'line'], available: true },
  { id: 'page-link', label: 'Link to page', hint: 'Another page of the workspace', markdown: '[[', icon: '[[ ]]', keywords: ['wiki', 'page', 'mention', 'link'], available: true },
  { id: 'file', label: 'Image or file', hint: 'Attach from your computer', markdown: '', icon: '📎', keywords: ['image', 'img', 'picture', 'photo', 'file', 'attachment', 'upload'], available: true },
  { id: 'video', label: 'Video', hint: 'Record a video message, up to 3 minutes', markdown: '', icon: '▶', keywords: ['movie', 'film', 'clip', 'record', 'camera', 'screen', 'loom'], available: true },
];

/**
 * filterSlash lists the items that match what was typed after "/", best
 * first: a name that starts with it, then a word of the name, then another
 * name for it, then a name that contains it; in menu order within each.
 */
export function filterSlash(query: string, items: SlashItem[] = slashItems): SlashItem[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
  const offered = items.filter((i) => i.available);
  if (q === '') return offered;
  const squash = q.replace(/ /g, '');
  const scored: { item: SlashItem; score: number; order: number }[] = [];
  offered.forEach((item, order) => {
    const label = item.label.toLowerCase();
    let score = -1;
    if (label.startsWith(q)) score = 0;
    else if (label.split(' ').some((w) => w.startsWith(q))) score = 1;
    else if (item.keywords.some((k) => k.startsWith(q) || k === squash)) score = 2;
    else if (label.includes(q) || label.replace(/ /g, '').includes(squash)) score = 3;
    if (score >= 0) scored.push({ item, score, order });
  });
  return scored.sort((a, b) => a.score - b.score || a.order - b.order).map((s) => s.item);
}

const codeNodes = new Set(['FencedCode', 'CodeBlock', 'InlineCode', 'CodeText', 'HTMLBlock', 'Comment', 'URL', 'Autolink']);

/**
 * slashAt finds the "/query" that ends at pos: the slash at the start of the
 * line or after white space, the query short and on one line; never in code.
 */
export function slashAt(state: EditorState, pos: number): { from: number; query: string } | null {
  const line = state.doc.lineAt(pos);
  const before = state.sliceDoc(Math.max(line.from, pos - 40), pos);
  const m = /(?:^|\s)\/([^\s/][^/]{0,24})?$/.exec(before);
  if (!m) return null;
  const query = m[1] ?? '';
  const from = pos - query.length - 1;
  if (from - 1 >= line.from && !/\s/.test(state.sliceDoc(from - 1, from))) return null;
  // An inline code span being typed is not one yet for the parser: an odd number of backticks before.
  if ((state.sliceDoc(line.from, from).match(/`/g)?.length ?? 0) % 2 === 1) return null;
  for (let n: SyntaxNode | null = syntaxTree(state).resolveInner(from, 1); n; n = n.parent) {
    if (codeNodes.has(n.name)) return null;
  }
  return { from, query };
}

/** SlashCompletion is an option of the "/" menu (the page completion's options are plain). */
export interface SlashCompletion extends Completion {
  slash: SlashItem;
}

export function isSlash(c: Completion): c is SlashCompletion {
  return (c as SlashCompletion).slash !== undefined;
}

/** commandOf is the toolbar command an item runs, for those that are one. */
export function commandOf(id: SlashId): FormatCommand | null {
  return id === 'page-link' || id === 'file' || id === 'video' ? null : id;
}

/**
 * slashCompletions is the completion source; choose is told the item and
 * the range of "/query" to replace.
 */
export function slashCompletions(choose: (view: EditorView, item: SlashItem, from: number, to: number) => void) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const at = slashAt(ctx.state, ctx.pos);
    if (!at) return null;
    const found = filterSlash(at.query);
    if (found.length === 0) return null;
    const options: SlashCompletion[] = found.map((item) => ({
      label: item.label,
      detail: item.markdown,
      slash: item,
      apply: (view: EditorView, _c: Completion, _from: number, to: number) => {
        // Enter typed before the list caught up with the last keys ("/ta⏎"
        // fast) picks the best match for what is typed, not a stale one.
        const head = view.state.selection.main.head;
        const now = slashAt(view.state, head);
        if (!now || now.query === at.query) return choose(view, item, at.from, to);
        const best = filterSlash(now.query)[0];
        if (best) choose(view, best, now.from, head);
      },
    }));
    // Asked again at every keystroke: the query is filtered here, not by the list.
    return { from: at.from + 1, options, filter: false };
  };
}
