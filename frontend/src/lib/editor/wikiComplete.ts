// Autocompletion of page titles after "[[" in the editor (writing.ts puts it in the editor's autocompletion).
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import type { EditorState } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';

/** linkBefore is the "[[title" being typed before the cursor, as far as the page completion reads it. */
const linkBefore = /\[\[[^\][|\n]{0,100}$/;

/** wikiAt tells whether the cursor is in a "[[title" being typed. */
export function wikiAt(state: EditorState, pos: number): boolean {
  const line = state.doc.lineAt(pos);
  return linkBefore.test(state.sliceDoc(Math.max(line.from, pos - 110), pos));
}

/**
 * wikiCompletions offers titles for the "[[partial" before the cursor.
 * titles finds them for what was typed (Go searches the titles, so a
 * workspace of any size answers at once); they are filtered here too.
 */
export function wikiCompletions(titles: (typed: string) => string[] | Promise<string[]>) {
  return async (ctx: CompletionContext): Promise<CompletionResult | null> => {
    const m = ctx.matchBefore(linkBefore);
    if (!m) return null;
    const from = m.from + 2;
    const typed = m.text.slice(2).toLowerCase();
    const found = await titles(m.text.slice(2).trim());
    if (ctx.aborted) return null;
    const seen = new Set<string>();
    const options: Completion[] = [];
    for (const t of found) {
      const title = t.trim();
      if (title === '' || seen.has(title)) continue;
      seen.add(title);
      if (typed && !title.toLowerCase().includes(typed)) continue;
      options.push({
        label: title,
        type: 'text',
        apply: (view: EditorView, _c: Completion, f: number, to: number) => {
          // closeBrackets may already have put "]]" after the cursor.
          const after = view.state.sliceDoc(to, to + 2);
          const end = to + (after === ']]' ? 2 : after.startsWith(']') ? 1 : 0);
          const insert = `${title}]]`;
          view.dispatch({ changes: { from: f, to: end, insert }, selection: { anchor: f + insert.length } });
        },
      });
    }
    if (options.length === 0) return null;
    // Asked again at every keystroke: the search is by what was typed, and limited.
    return { from, options, filter: false };
  };
}
