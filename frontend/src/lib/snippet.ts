/** A piece of a search snippet; `mark` pieces matched the query. */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

const START = '\u0002';
const END = '\u0003';

// M matches any run of match markers, which may sit inside Markdown syntax.
const M = '[\u0002\u0003]*';

/**
 * plainSnippet takes the Markdown syntax out of a search snippet, so that a
 * hit reads as the page reads: `**bold**` as bold's words, `[text](url)` as
 * its text, `[[Page|text]]` as text, no heading hashes, list bullets, task
 * boxes, quote marks or table pipes. A snippet is a fragment, so syntax cut
 * off at either end is dropped as well; the match markers stay.
 */
export function plainSnippet(s: string): string {
  return (
    s
      // Images and links: their text; a URL only when the match is in it.
      .replace(/!?\[([^\]\n]*)\]\(([^)\n]*)\)?/g, (_, text: string, url: string) =>
        text.replace(/[\u0002\u0003]/g, '') !== '' || !/[\u0002]/.test(url) ? text : url)
      .replace(/\[\[([^\]|\n]*)(?:\|([^\]\n]*))?\]\]/g, (_, title: string, text?: string) => text ?? title)
      .replace(/attachment:[0-9a-f]{8,64}/g, '')
      // Line starts: headings, quotes, bullets, numbers, task boxes.
      .replace(new RegExp(`(^|\\n)${M}(?:>\\s*)*(?:#{1,6}\\s+|[-*+]\\s+(?:\\[[ xX]\\]\\s+)?|\\d+[.)]\\s+)?`, 'g'), '$1')
      // Emphasis and code marks, and table pipes between cells.
      .replace(/\*\*|__|~~|`+/g, '')
      .replace(/(^|[\s(\u0002\u0003])[*_](?=\S)|(?<=\S)[*_](?=$|[\s).,;:!?\u0002\u0003])/g, '$1')
      .replace(/\s*\|\s*/g, ' · ')
      .replace(/^ · | · $/g, '')
      .replace(/[ \t]{2,}/g, ' ')
  );
}

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
