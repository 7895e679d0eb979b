// [[Page title]] and [[Page title|shown text]] as internal links: a
// markdown-it inline rule that emits <a class="wikilink" data-wikilink="…">
// with no href. The sanitizer lets exactly that through (see render.ts);
// MarkdownView resolves the title when the link is clicked.
import type MarkdownIt from 'markdown-it';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';

/** parseWikilink reads the inside of [[…]]: title and shown text, or null if it is not a link. */
export function parseWikilink(inner: string): { title: string; text: string } | null {
  if (inner.includes('[') || inner.includes(']') || inner.includes('\n')) return null;
  const bar = inner.indexOf('|');
  const title = (bar < 0 ? inner : inner.slice(0, bar)).trim();
  const text = bar < 0 ? title : inner.slice(bar + 1).trim() || title;
  if (title === '' || title.length > 300) return null;
  return { title, text };
}

/**
 * splitAnchor splits a [[link]]'s target into the page's title and the anchor
 * of a heading in it, as Go's store.SplitLinkAnchor does: [[Title#anchor]].
 * The anchor follows the last "#" and holds no space; a "#" that ends the
 * target or follows a space is part of the title ("C#", "Issue #42").
 */
export function splitAnchor(target: string): { title: string; anchor: string } {
  const i = target.lastIndexOf('#');
  const before = target[i - 1];
  if (i <= 0 || i === target.length - 1 || before === ' ' || before === '\t' || /[ \t]/.test(target.slice(i + 1))) {
    return { title: target, anchor: '' };
  }
  return { title: target.slice(0, i), anchor: target.slice(i + 1) };
}

function rule(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x5b || src.charCodeAt(start + 1) !== 0x5b) return false;
  const close = src.indexOf(']]', start + 2);
  if (close < 0) return false;
  const link = parseWikilink(src.slice(start + 2, close));
  if (!link) return false;
  if (!silent) {
    const open = state.push('wikilink_open', 'a', 1);
    open.attrs = [
      ['class', 'wikilink'],
      ['data-wikilink', link.title],
    ];
    const text = state.push('text', '', 0);
    text.content = link.text;
    state.push('wikilink_close', 'a', -1);
  }
  state.pos = close + 2;
  return true;
}

/** wikilinks is the markdown-it plugin. */
export function wikilinks(md: MarkdownIt): void {
  md.inline.ruler.before('link', 'wikilink', rule);
}
