// Writing as in the editors people know: the "/" menu and "[[" page
// completion in one autocompletion, the formatting keys, live preview and
// pasted HTML as Markdown. One extension for the page editor to add.
import { acceptCompletion, autocompletion, closeCompletion, completionStatus, selectedCompletion, startCompletion, type Completion } from '@codemirror/autocomplete';
import { Prec, type EditorState, type Extension, type Text } from '@codemirror/state';
import { EditorView, keymap, ViewPlugin, type ViewUpdate } from '@codemirror/view';
import { formatEdit, formatKeymap, pageLink, type Edit } from './format';
import { livePreview } from './livePreview';
import { pasteHtml } from './pasteHtml';
import { commandOf, filterSlash, isSlash, slashAt, slashCompletions, type SlashItem } from './slash';
import { wikiAt, wikiCompletions } from './wikiComplete';

export interface WritingOptions {
  /** titles finds page titles for what was typed after "[[". */
  titles: (typed: string) => string[] | Promise<string[]>;
  /** attach opens the chooser of an image or a file (the page's paper clip). */
  attach: () => void;
  /** video opens the recorder, whose video goes in at the cursor. */
  video?: () => void;
}

/** insertPageLink puts "[[" "]]" at the cursor and opens the page completion between them. */
export function insertPageLink(view: EditorView, edit: Edit = pageLink(view.state)): void {
  if (view.state.readOnly) return;
  view.dispatch({ changes: edit.changes, selection: edit.selection, userEvent: 'input.format', scrollIntoView: true });
  // After the completion this came from (if any) has closed.
  setTimeout(() => {
    if (view.dom.isConnected) startCompletion(view);
  }, 0);
}

/** chooseSlash replaces "/query" (from, to) with what the item makes, as one undoable step. */
function chooseSlash(o: WritingOptions, view: EditorView, item: SlashItem, from: number, to: number): void {
  const state = view.state;
  const removal = state.changes({ from, to });
  const after = state.update({ changes: removal, selection: { anchor: from } }).state;
  const then = (edit: Edit) => ({ changes: removal.compose(edit.changes), selection: edit.selection });
  const cmd = commandOf(item.id);
  if (cmd) {
    view.dispatch({ ...then(formatEdit(after, cmd)), userEvent: 'input.format', scrollIntoView: true });
  } else if (item.id === 'page-link') {
    insertPageLink(view, then(pageLink(after)));
  } else if (item.id === 'file' || item.id === 'video') {
    view.dispatch({ changes: removal, selection: { anchor: from }, userEvent: 'input.format' });
    if (item.id === 'file') o.attach();
    else o.video?.();
  }
}

/**
 * enterBeforeTheList makes Enter typed while the completion list is still
 * catching up with the last keys do what the list would. The list goes
 * stale at every keystroke until its sources answer (100 ms or more on a
 * busy machine), and a stale list lets Enter through as a new line:
 * "/ima⏎" typed quickly left "/ima" and a line break, "[[Road⏎" split the
 * link. For "/query" the best match is known at once and taken; for
 * "[[title" the titles come from Go, so Enter waits for them and takes the
 * first (typing or moving meanwhile forgets it). An item picked with the
 * arrows is taken by the list itself; after Escape (no completion running)
 * Enter is a new line.
 */
function enterBeforeTheList(o: WritingOptions): Extension {
  const waiting = ViewPlugin.fromClass(
    class {
      /** pending is the document Enter was pressed on, while the page titles are on their way. */
      pending: { doc: Text; head: number } | null = null;
      constructor(readonly view: EditorView) {}
      update(u: ViewUpdate) {
        const w = this.pending;
        if (!w) return;
        if (u.state.doc !== w.doc || u.state.selection.main.head !== w.head) {
          this.pending = null;
          return;
        }
        const status = completionStatus(u.state);
        if (status === 'pending') return;
        this.pending = null;
        if (status === 'active' && selectedCompletion(u.state)) {
          // Not from inside an update: accepting dispatches.
          queueMicrotask(() => {
            if (this.view.state.doc === w.doc && selectedCompletion(this.view.state)) acceptCompletion(this.view);
          });
        }
      }
    },
  );
  return [
    waiting,
    Prec.highest(
      keymap.of([
        {
          key: 'Enter',
          run: (view) => {
            const state = view.state;
            if (state.readOnly || !state.selection.main.empty || completionStatus(state) === null) return false;
            if (selectedCompletion(state)) return false;
            const head = state.selection.main.head;
            const at = slashAt(state, head);
            if (at) {
              const best = at.query === '' ? undefined : filterSlash(at.query)[0];
              if (!best) return false;
              closeCompletion(view);
              chooseSlash(o, view, best, at.from, head);
              return true;
            }
            const plugin = view.plugin(waiting);
            if (!plugin || completionStatus(state) !== 'pending' || !wikiAt(state, head)) return false;
            plugin.pending = { doc: state.doc, head };
            return true;
          },
        },
      ]),
    ),
  ];
}

function tile(c: Completion): Node | null {
  if (!isSlash(c)) return null;
  const t = document.createElement('span');
  t.className = 'cm-slash-tile';
  t.setAttribute('aria-hidden', 'true');
  t.textContent = c.slash.icon;
  return t;
}

function hint(c: Completion): Node | null {
  if (!isSlash(c)) return null;
  const h = document.createElement('span');
  h.className = 'cm-slash-hint';
  h.textContent = c.slash.hint;
  return h;
}

const slashTheme = EditorView.baseTheme({
  // "&.cm-editor" outweighs the autocompletion's own theme (a monospace list 10em high).
  '&.cm-editor .cm-tooltip.cm-tooltip-autocomplete > ul': { fontFamily: 'var(--font-ui)' },
  '&.cm-editor .cm-tooltip.cm-slash-menu': { padding: '4px' },
  '&.cm-editor .cm-tooltip.cm-slash-menu > ul': { maxHeight: 'min(380px, 50vh)', minWidth: '300px' },
  '.cm-tooltip-autocomplete > ul > li.cm-slash-option': {
    display: 'grid',
    gridTemplateColumns: '32px 1fr auto',
    gridTemplateRows: 'auto auto',
    columnGap: '10px',
    alignItems: 'center',
    padding: '5px 10px 5px 6px !important',
    borderRadius: '5px',
    lineHeight: '1.3',
  },
  '.cm-slash-tile': {
    gridRow: '1 / 3',
    width: '32px',
    height: '32px',
    display: 'grid',
    placeItems: 'center',
    border: '1px solid var(--border)',
    borderRadius: '6px',
    background: 'var(--bg)',
    color: 'var(--text-muted)',
    fontSize: '12px',
    fontWeight: '650',
    letterSpacing: '-0.02em',
    whiteSpace: 'nowrap',
  },
  '.cm-slash-option .cm-completionLabel': { gridColumn: '2', gridRow: '1', color: 'var(--text)', fontSize: '13.5px' },
  '.cm-slash-option .cm-slash-hint': { gridColumn: '2', gridRow: '2', color: 'var(--text-faint)', fontSize: '12px' },
  '.cm-slash-option .cm-completionDetail': {
    gridColumn: '3',
    gridRow: '1 / 3',
    marginLeft: '0',
    fontStyle: 'normal',
    fontFamily: 'var(--font-mono)',
    fontSize: '11.5px',
    color: 'var(--text-faint)',
  },
  '.cm-tooltip-autocomplete > ul > li.cm-slash-option[aria-selected]': { backgroundColor: 'var(--accent-soft)' },
  '.cm-tooltip-autocomplete > ul > li.cm-slash-option[aria-selected] .cm-completionLabel': { color: 'var(--accent-text)' },
});

/** writing is the extension: "/" and "[[" completion, format keys, live preview, HTML paste. */
export function writing(o: WritingOptions): Extension {
  return [
    enterBeforeTheList(o),
    autocompletion({
      override: [wikiCompletions(o.titles), slashCompletions((view, item, from, to) => chooseSlash(o, view, item, from, to))],
      icons: false,
      // Enter right after the list changed takes the item: "/h1⏎" typed
      // quickly makes a heading (the list only opens on "/" or "[[").
      interactionDelay: 0,
      addToOptions: [
        { render: tile, position: 20 },
        { render: hint, position: 60 },
      ],
      optionClass: (c) => (isSlash(c) ? 'cm-slash-option' : ''),
      tooltipClass: (state: EditorState) => (slashAt(state, state.selection.main.head) ? 'cm-slash-menu' : ''),
    }),
    slashTheme,
    formatKeymap,
    livePreview,
    pasteHtml,
  ];
}
