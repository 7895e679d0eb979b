// Builds the CodeMirror 6 Markdown editor. Colours come from CSS variables,
// so the editor follows the light and dark themes with the rest of the app.
import { Annotation, ChangeSet, EditorState, Transaction, type Extension } from '@codemirror/state';
import {
  EditorView,
  drawSelection,
  dropCursor,
  highlightActiveLine,
  keymap,
  placeholder,
  rectangularSelection,
  crosshairCursor,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { markdown, markdownLanguage } from '@codemirror/lang-markdown';
import { HighlightStyle, indentOnInput, syntaxHighlighting, bracketMatching } from '@codemirror/language';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { tags as t } from '@lezer/highlight';

/** fromGo marks transactions that came from Go, so they are not sent back. */
export const fromGo = Annotation.define<boolean>();

const highlight = HighlightStyle.define([
  { tag: t.heading1, fontSize: '1.6em', fontWeight: '700', lineHeight: '1.3' },
  { tag: t.heading2, fontSize: '1.3em', fontWeight: '650' },
  { tag: t.heading3, fontSize: '1.12em', fontWeight: '650' },
  { tag: [t.heading4, t.heading5, t.heading6], fontWeight: '650' },
  { tag: t.strong, fontWeight: '700' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.strikethrough, textDecoration: 'line-through' },
  { tag: t.link, color: 'var(--accent-text)', textDecoration: 'underline' },
  { tag: t.url, color: 'var(--accent-text)' },
  { tag: t.monospace, fontFamily: 'var(--font-mono)', fontSize: '0.92em', color: 'var(--code-text)' },
  { tag: t.quote, color: 'var(--text-muted)', fontStyle: 'italic' },
  { tag: [t.processingInstruction, t.meta], color: 'var(--text-faint)' },
  { tag: t.contentSeparator, color: 'var(--text-faint)' },
  { tag: [t.keyword, t.operator], color: 'var(--syntax-keyword)' },
  { tag: [t.string, t.special(t.string)], color: 'var(--syntax-string)' },
  { tag: [t.comment], color: 'var(--text-faint)', fontStyle: 'italic' },
  { tag: [t.number, t.bool, t.atom], color: 'var(--syntax-number)' },
]);

const theme = EditorView.theme({
  '&': {
    color: 'var(--text)',
    backgroundColor: 'transparent',
    fontSize: '16px',
  },
  '&.cm-focused': { outline: 'none' },
  '.cm-content:focus-visible': { boxShadow: 'none' },
  '.cm-scroller': {
    fontFamily: 'var(--font-text)',
    lineHeight: '1.7',
    // The page pane scrolls, title and body together.
    overflow: 'visible',
  },
  '.cm-content': {
    padding: '4px 0 40vh',
    caretColor: 'var(--accent)',
  },
  '.cm-line': { padding: '0' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--accent)', borderLeftWidth: '2px' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'var(--selection) !important',
  },
  '.cm-activeLine': { backgroundColor: 'transparent' },
  '.cm-selectionMatch': { backgroundColor: 'var(--match)' },
  '.cm-placeholder': { color: 'var(--text-faint)' },
  '.cm-panels': { backgroundColor: 'var(--surface)', color: 'var(--text)', borderColor: 'var(--border)' },
  '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--border)' },
  '.cm-search': { fontFamily: 'var(--font-ui)', fontSize: '13px' },
  '.cm-textfield': {
    backgroundColor: 'var(--bg)',
    color: 'var(--text)',
    border: '1px solid var(--border-strong)',
    borderRadius: '4px',
  },
  '.cm-button': {
    backgroundImage: 'none',
    backgroundColor: 'var(--surface-2)',
    color: 'var(--text)',
    border: '1px solid var(--border)',
    borderRadius: '4px',
  },
  '.cm-tooltip': {
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    border: '1px solid var(--border)',
    borderRadius: '6px',
    boxShadow: 'var(--shadow-lg)',
    fontFamily: 'var(--font-ui)',
    fontSize: '13px',
  },
  '.cm-tooltip-autocomplete > ul > li': { padding: '4px 10px !important' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent-soft)', color: 'var(--accent-text)' },
  '.cm-searchMatch': { backgroundColor: 'var(--match)' },
  '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: 'var(--match-strong)' },
});

export interface EditorOptions {
  parent: HTMLElement;
  doc: string;
  /** onLocal gets the changes of each local transaction. */
  onLocal: (changes: ChangeSet) => void;
  label?: string;
  /** readOnly shows the text without letting anyone change it. */
  readOnly?: boolean;
  /** onDocChanged is told after every change of the text, local or from Go. */
  onDocChanged?: () => void;
  /** onSelection is told after the selection (or the text under it) changed. */
  onSelection?: () => void;
  /** extensions are added after the built-in ones (comment highlights, keys). */
  extensions?: Extension[];
}

export function createEditor(o: EditorOptions): EditorView {
  const extensions: Extension[] = [
    // Go's text is split on \n only; a stray \r must stay a character so
    // that code-point positions agree on both sides.
    EditorState.lineSeparator.of('\n'),
    // …and pasted Windows line ends become plain new lines.
    EditorView.clipboardInputFilter.of((text) => text.replace(/\r\n?/g, '\n')),
    history(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    rectangularSelection(),
    crosshairCursor(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, indentWithTab]),
    markdown({ base: markdownLanguage }),
    syntaxHighlighting(highlight),
    EditorView.lineWrapping,
    placeholder('Start writing…'),
    theme,
    ...(o.readOnly ? [EditorState.readOnly.of(true), EditorView.editable.of(false)] : []),
    EditorView.contentAttributes.of({ 'aria-label': o.label ?? 'Page body', spellcheck: 'true', autocapitalize: 'sentences' }),
    EditorView.updateListener.of((u) => {
      for (const tr of u.transactions) {
        if (tr.docChanged && !tr.annotation(fromGo)) o.onLocal(tr.changes);
      }
      if (u.docChanged) o.onDocChanged?.();
      if (u.docChanged || u.selectionSet || u.focusChanged) o.onSelection?.();
    }),
    ...(o.extensions ?? []),
  ];
  return new EditorView({ parent: o.parent, state: EditorState.create({ doc: o.doc, extensions }) });
}

/** applyFromGo dispatches changes that came from Go; selections map through them. */
export function applyFromGo(view: EditorView, changes: ChangeSet): void {
  view.dispatch({ changes, annotations: [fromGo.of(true), Transaction.addToHistory.of(false)] });
}
