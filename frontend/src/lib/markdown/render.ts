// Markdown → sanitized HTML for the read view. Two independent layers:
//
//  1. markdown-it with `html: false`: raw HTML in a page is shown as text,
//     and links and images are only made from allowed URLs.
//  2. DOMPurify with an allow-list of the few tags and attributes markdown-it
//     emits, and hooks that check every URL again, element by element.
//
// Either layer alone should stop a payload; together they must. Nothing here
// touches Go: the output is a string for MarkdownView to show.
import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';
import MarkdownIt from 'markdown-it';
import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import { isExternalUrl } from './links';
import { wikilinks } from './wikilinks';

const invisible = /[\u0000-\u0020\u007f-\u009f\u00ad\u2028\u2029\ufeff]/;

/** safeHref tells whether a link target may stay: http(s), mailto or an #anchor, nothing else. */
export function safeHref(href: string): boolean {
  return href.startsWith('#') ? !invisible.test(href) : isExternalUrl(href);
}

/** safeImageSrc tells whether an image may load: an inline raster data: URL or a same-origin relative path. */
export function safeImageSrc(src: string): boolean {
  if (src === '' || invisible.test(src) || src.includes('\\')) return false;
  if (/^data:image\/(?:png|jpeg|gif|webp)[;,]/i.test(src)) return true;
  // No scheme (an "x:" before any "/", "?" or "#") and not protocol-relative.
  return !/^[^/?#]*:/.test(src) && !src.startsWith('//');
}

/** attachmentRef matches how a page refers to a stored image: attachment:<sha256 hex>. */
const attachmentRef = /^attachment:([0-9a-f]{64})$/;

/** attachmentUrl maps attachment:<hash> to the same-origin path Go serves it at; null for anything else. */
export function attachmentUrl(src: string): string | null {
  const m = attachmentRef.exec(src);
  return m ? `/attachments/${m[1]}` : null;
}

// ---------------------------------------------------------------------------
// markdown-it

// Classes markdown-it and our rules emit; any other class is dropped.
const allowedClass = /^(?:language-[\w+#.-]{1,40}|task-list-item|task-list-item-checkbox|contains-task-list|align-(?:left|center|right)|file-chip)$/;

function slug(text: string): string {
  const s = text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
  return s || 'section';
}

function inlineText(t: Token | undefined): string {
  if (!t?.children) return t?.content ?? '';
  return t.children.map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : (c.children ? inlineText(c) : ''))).join('');
}

/** headingIds gives each heading an id from its text: "Read me" → "read-me", repeats get -1, -2. */
function headingIds(state: StateCore): void {
  const seen = new Map<string, number>();
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'heading_open') continue;
    const base = slug(inlineText(tokens[i + 1]));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    tokens[i].attrSet('id', n === 0 ? base : `${base}-${n}`);
  }
}

/**
 * frontMatter shows a block of YAML front matter at the top of a page (a
 * person's, kept by an import) as the YAML it is, in a code block, rather
 * than as a rule and a heading: "---", key lines, then "---" or "...".
 */
function frontMatter(state: StateBlock, start: number, end: number, silent: boolean): boolean {
  if (start !== 0 || state.sCount[start] !== 0) return false;
  if (state.src.slice(state.bMarks[0], state.eMarks[0]).trimEnd() !== '---') return false;
  let close = -1;
  for (let n = 1; n < end && n < 1000; n++) {
    const l = state.src.slice(state.bMarks[n], state.eMarks[n]).trimEnd();
    if (l === '---' || l === '...') {
      close = n;
      break;
    }
  }
  if (close < 0) return false;
  if (silent) return true;
  const token = state.push('fence', 'code', 0);
  token.info = 'yaml';
  token.markup = '---';
  token.content = Array.from({ length: close - 1 }, (_, i) => state.src.slice(state.bMarks[i + 1], state.eMarks[i + 1])).join('\n') + (close > 1 ? '\n' : '');
  token.map = [start, close + 1];
  state.line = close + 1;
  return true;
}

/** tableAlign turns markdown-it's style="text-align:…" into a class: no style attribute survives. */
function tableAlign(state: StateCore): void {
  for (const t of state.tokens) {
    if (t.type !== 'th_open' && t.type !== 'td_open') continue;
    const style = t.attrGet('style');
    if (style === null) continue;
    t.attrs = (t.attrs ?? []).filter(([k]) => k !== 'style');
    const m = /text-align:(left|center|right)/.exec(style);
    if (m) t.attrJoin('class', `align-${m[1]}`);
    if (t.attrs.length === 0) t.attrs = null;
  }
}

/**
 * attachments points images at their stored bytes: attachment:<hash> becomes
 * /attachments/<hash>, served by Go on the window's own origin. A link (not
 * an image) to an attachment is a file: it keeps no href, and names the
 * file's hash in data-attachment for the view to open it through Go.
 */
function attachments(state: StateCore): void {
  for (const block of state.tokens) {
    for (const t of block.children ?? []) {
      if (t.type === 'image') {
        const url = attachmentUrl(t.attrGet('src') ?? '');
        if (url) t.attrSet('src', url);
      } else if (t.type === 'link_open') {
        const m = attachmentRef.exec(t.attrGet('href') ?? '');
        if (!m) continue;
        // A video's link names its thumbnail in its title: poster attachment:<hash>.
        const poster = /^poster attachment:([0-9a-f]{64})$/.exec(t.attrGet('title') ?? '');
        t.attrs = (t.attrs ?? []).filter(([k]) => k !== 'href' && !(poster && k === 'title'));
        t.attrSet('data-attachment', m[1]);
        if (poster) t.attrSet('data-poster', poster[1]);
        t.attrSet('class', 'file-chip');
      }
    }
  }
}

/** taskLists renders "- [ ] x" and "- [x] x" items with a disabled checkbox (GitHub task lists). */
function taskLists(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 2; i < tokens.length; i++) {
    const inline = tokens[i];
    if (inline.type !== 'inline' || tokens[i - 1].type !== 'paragraph_open' || tokens[i - 2].type !== 'list_item_open') continue;
    const first = inline.children?.[0];
    const m = first?.type === 'text' ? /^\[([ xX])\](?:[ \t]+|$)/.exec(first.content) : null;
    if (!first || !m) continue;
    first.content = first.content.slice(m[0].length);
    const box = new state.Token('task_checkbox', 'input', 0);
    box.meta = { checked: m[1] !== ' ' };
    inline.children!.unshift(box);
    const item = tokens[i - 2];
    item.attrJoin('class', 'task-list-item');
    for (let j = i - 3; j >= 0; j--) {
      const t = tokens[j];
      if ((t.type === 'bullet_list_open' || t.type === 'ordered_list_open') && t.level === item.level - 1) {
        if (!(t.attrGet('class') ?? '').includes('contains-task-list')) t.attrJoin('class', 'contains-task-list');
        break;
      }
    }
  }
}

/**
 * Blocks that hold text carry data-lines="a-b": the source lines [a, b) they
 * were made from, so a selection in the read view can be found in the
 * Markdown (see sourcemap.ts). Only when asked (env.sourceLines).
 */
const lineBlocks = new Set(['paragraph_open', 'heading_open', 'list_item_open', 'tr_open', 'fence', 'code_block']);

function sourceLines(state: StateCore): void {
  if (!(state.env as { sourceLines?: boolean } | undefined)?.sourceLines) return;
  for (const t of state.tokens) {
    if (t.map && !t.hidden && lineBlocks.has(t.type)) t.attrSet('data-lines', `${t.map[0]}-${t.map[1]}`);
  }
}

function createParser(): MarkdownIt {
  const md = new MarkdownIt('default', {
    html: false, // raw HTML in a page is text, never markup
    xhtmlOut: false,
    breaks: false,
    linkify: true,
    typographer: false,
  });
  // Links and images are made only from URLs that can survive the sanitizer;
  // anything else stays visible as the text the author typed.
  md.validateLink = (url: string) => safeHref(url) || safeImageSrc(url) || attachmentRef.test(url);
  // Autolinks as on GitHub: http(s)://…, www.…, and e-mail addresses; not
  // "README.md" (a bare file name with a country-code ending).
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: true, fuzzyIP: false });
  md.linkify.add('ftp:', null).add('//', null);
  md.linkify.add('www.', {
    validate(text, pos, self) {
      const re = self.re as unknown as Record<string, string | RegExp>;
      if (!(re.www instanceof RegExp)) re.www = new RegExp(`^${String(re.src_host_port_strict)}${String(re.src_path)}`, 'i');
      const m = re.www.exec(text.slice(pos));
      return m ? m[0].length : 0;
    },
    normalize(match) {
      match.url = `https://${match.url}`;
    },
  });
  md.use(wikilinks);
  md.block.ruler.before('hr', 'longhand_front_matter', frontMatter, { alt: [] });
  md.core.ruler.push('longhand_heading_ids', headingIds);
  md.core.ruler.push('longhand_table_align', tableAlign);
  md.core.ruler.push('longhand_task_lists', taskLists);
  md.core.ruler.push('longhand_attachments', attachments);
  md.core.ruler.push('longhand_source_lines', sourceLines);
  md.renderer.rules.task_checkbox = (tokens, idx) =>
    `<input type="checkbox" class="task-list-item-checkbox" disabled${tokens[idx].meta?.checked ? ' checked' : ''}> `;
  return md;
}

// ---------------------------------------------------------------------------
// DOMPurify

const config: Config = {
  ALLOWED_TAGS: [
    'a', 'blockquote', 'br', 'code', 'del', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'img', 'input', 'li', 'ol',
    'p', 'pre', 's', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
  ],
  ALLOWED_ATTR: ['alt', 'checked', 'class', 'data-attachment', 'data-lines', 'data-poster', 'data-wikilink', 'disabled', 'href', 'id', 'rel', 'src', 'start', 'title', 'type'],
  // Belt and braces: these never pass, whatever the lists above say.
  FORBID_TAGS: ['base', 'embed', 'form', 'iframe', 'link', 'math', 'meta', 'object', 'script', 'style', 'svg', 'template'],
  FORBID_ATTR: ['action', 'formaction', 'name', 'srcset', 'style', 'target', 'xlink:href'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#|data:image\/(?:png|jpeg|gif|webp)[;,]|[^a-z]|[a-z0-9+.-]+(?:[^a-z0-9+.:-]|$))/i,
  ALLOW_ARIA_ATTR: false,
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  ALLOW_SELF_CLOSE_IN_ATTR: false,
  SAFE_FOR_TEMPLATES: false,
  SANITIZE_DOM: true,
  SANITIZE_NAMED_PROPS: true, // ids become "user-content-…" (DOM clobbering)
  KEEP_CONTENT: true,
  WHOLE_DOCUMENT: false,
  RETURN_DOM: false,
  RETURN_DOM_FRAGMENT: false,
  RETURN_TRUSTED_TYPE: false,
};

function checkElement(node: Element): void {
  const tag = node.nodeName.toLowerCase();
  for (const { name } of Array.from(node.attributes)) {
    if (/^on/i.test(name) || name === 'style') node.removeAttribute(name);
  }
  const cls = node.getAttribute('class');
  // A [[wikilink]]: an <a> with no href, class "wikilink" and its title in
  // data-wikilink, and nothing else of the kind anywhere.
  const wiki = tag === 'a' && !node.hasAttribute('href') && node.getAttribute('data-wikilink') !== null && (cls ?? '').split(/\s+/).includes('wikilink');
  if (!wiki) node.removeAttribute('data-wikilink');
  // A file: an <a> with no href and a hash in data-attachment, nothing else.
  if (tag !== 'a' || node.hasAttribute('href') || !/^[0-9a-f]{64}$/.test(node.getAttribute('data-attachment') ?? '')) node.removeAttribute('data-attachment');
  // A video's thumbnail: a hash, on a file's link only.
  if (!node.hasAttribute('data-attachment') || !/^[0-9a-f]{64}$/.test(node.getAttribute('data-poster') ?? '')) node.removeAttribute('data-poster');
  // Source lines are two numbers, and nothing a page could smuggle in.
  if (!/^\d{1,7}-\d{1,7}$/.test(node.getAttribute('data-lines') ?? '')) node.removeAttribute('data-lines');
  if (cls !== null) {
    const keep = cls.split(/\s+/).filter((c) => allowedClass.test(c) || (wiki && c === 'wikilink'));
    if (keep.length) node.setAttribute('class', keep.join(' '));
    else node.removeAttribute('class');
  }
  if (tag !== 'input') for (const a of ['type', 'checked', 'disabled']) node.removeAttribute(a);
  // A link's or an image's title shows in our tooltip (src/lib/tip.ts), never
  // natively: WebKitGTK leaves a native one painted. The tip shows it as text.
  const title = node.getAttribute('title');
  node.removeAttribute('title');
  if (title) node.setAttribute('data-tip', title);
  if (tag !== 'ol') node.removeAttribute('start');
  else if (!/^\d{1,9}$/.test(node.getAttribute('start') ?? '1')) node.removeAttribute('start');
  if (tag !== 'a') node.removeAttribute('href');
  if (tag !== 'img') {
    node.removeAttribute('src');
    node.removeAttribute('alt');
  }

  if (tag === 'a') {
    const href = node.getAttribute('href');
    node.removeAttribute('rel');
    if (href !== null && !safeHref(href)) node.removeAttribute('href');
    else if (href !== null && !href.startsWith('#')) node.setAttribute('rel', 'noopener noreferrer');
  } else {
    node.removeAttribute('rel');
  }
  if (tag === 'img' && !safeImageSrc(node.getAttribute('src') ?? '')) {
    // Remote images (and anything else) are dropped; the CSP would block them anyway.
    node.remove();
  }
  if (tag === 'input') {
    if ((node.getAttribute('type') ?? '').toLowerCase() !== 'checkbox') {
      node.remove();
      return;
    }
    node.setAttribute('type', 'checkbox');
    node.setAttribute('disabled', '');
  }
}

function createPurifier(): Purifier {
  const purify = DOMPurify(window);
  // A link that came with any href is never a wikilink, even once a bad href is dropped.
  purify.addHook('beforeSanitizeAttributes', (node) => {
    if (node.nodeType === 1 && (node as Element).hasAttribute('href')) (node as Element).removeAttribute('data-wikilink');
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeType === 1) checkElement(node as Element);
  });
  return purify;
}

let md: MarkdownIt | undefined;
let purify: Purifier | undefined;

/** sanitizeHtml cleans any HTML to the read view's allow-list. Needs a DOM (the browser, or jsdom in tests). */
export function sanitizeHtml(html: string): string {
  purify ??= createPurifier();
  return purify.sanitize(html, config);
}

/**
 * renderMarkdown turns a page body into HTML that is safe to insert: no
 * script, no handlers, no foreign URLs. With sourceLines, text blocks say
 * which source lines they came from (data-lines).
 */
export function renderMarkdown(source: string, opts: { sourceLines?: boolean } = {}): string {
  md ??= createParser();
  return sanitizeHtml(md.render(source, { sourceLines: opts.sourceLines === true }));
}
