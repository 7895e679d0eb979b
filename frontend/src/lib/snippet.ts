/** A piece of a search snippet; `mark` pieces matched the query. */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

const START = '\u0002';
const END = '\u0003';

/**
 * parseSnippet splits a snippet in which matches are wrapped in \u0002 … \u0003.
 * Unbalanced markers are tolerated; adjacent parts of the same kind are joined.
 */
export function parseSnippet(s: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let mark = false;
  let buf = '';
  const push = () => {
    if (buf === '') return;
    const last = parts[parts.length - 1];
    if (last && last.mark === mark) last.text += buf;
    else parts.push({ text: buf, mark });
    buf = '';
  };
  for (const ch of s) {
    if (ch === START) {
      push();
      mark = true;
    } else if (ch === END) {
      push();
      mark = false;
    } else {
      buf += ch;
    }
  }
  push();
  return parts;
}
