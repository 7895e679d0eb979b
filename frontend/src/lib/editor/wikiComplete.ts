// Autocompletion of page titles after "[[" in the editor.
import { autocompletion, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import type { Extension } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';

/** wikiCompletions offers titles for the "[[partial" before the cursor. */
export function wikiCompletions(titles: () => string[]) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const m = ctx.matchBefore(/\[\[[^\][|\n]{0,100}$/);
    if (!m) return null;
    const from = m.from + 2;
    const typed = m.text.slice(2).toLowerCase();
    const seen = new Set<string>();
    const options: Completion[] = [];
    for (const t of titles()) {
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
    return { from, options, validFor: /^[^\][|\n]*$/ };
  };
}

export function wikiAutocomplete(titles: () => string[]): Extension {
  return autocompletion({ override: [wikiCompletions(titles)], icons: false });
}
