// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { renderMarkdown, sanitizeHtml } from './render';
import { parseWikilink, splitAnchor } from './wikilinks';
import wikiCorpus from './wikilink-xss.json';

// Payloads aimed at [[links]]. They live apart from xss-corpus.json because a
// click on a wikilink asks Go to resolve its title, and e2e/xss.test.mjs
// requires that clicks reach nothing in Go but BrowserOpenURL;
// e2e/comments.test.mjs clicks these instead.
describe.each(wikiCorpus)('wikilink payload: $name', ({ payload }) => {
  it('renders to no script, handler, style or href on a wikilink', () => {
    const t = document.createElement('template');
    t.innerHTML = renderMarkdown(payload);
    expect(t.content.querySelector('script, img, iframe, svg')).toBeNull();
    for (const el of Array.from(t.content.querySelectorAll('*'))) {
      for (const name of el.getAttributeNames()) expect(name).not.toMatch(/^on|^style$|^data-(?!wikilink$)/);
      if (el.hasAttribute('data-wikilink')) {
        expect(el.tagName).toBe('A');
        expect(el.getAttributeNames().sort()).toEqual(['class', 'data-wikilink']);
      }
      const href = el.getAttribute('href');
      if (href !== null) expect(href).toMatch(/^(https?:|mailto:|#)/);
    }
    const clean = document.createElement('template');
    clean.innerHTML = sanitizeHtml(payload);
    expect(clean.content.querySelector('script, [onclick], [data-x]')).toBeNull();
    for (const a of Array.from(clean.content.querySelectorAll('[data-wikilink]'))) expect(a.hasAttribute('href')).toBe(false);
  });
});

function links(md: string): { title: string | null; text: string; href: string | null; cls: string | null; attrs: string[] }[] {
  const t = document.createElement('template');
  t.innerHTML = renderMarkdown(md);
  return Array.from(t.content.querySelectorAll('a')).map((a) => ({
    title: a.getAttribute('data-wikilink'),
    text: a.textContent ?? '',
    href: a.getAttribute('href'),
    cls: a.getAttribute('class'),
    attrs: a.getAttributeNames().sort(),
  }));
}

describe('parseWikilink', () => {
  it('reads the title and the shown text', () => {
    expect(parseWikilink('Roadmap')).toEqual({ title: 'Roadmap', text: 'Roadmap' });
    expect(parseWikilink(' Roadmap | the plan ')).toEqual({ title: 'Roadmap', text: 'the plan' });
    expect(parseWikilink('')).toBeNull();
    expect(parseWikilink('a]b')).toBeNull();
  });
});

describe('[[links]] in the read view', () => {
  it('renders [[Title]] and [[Title|text]] as links with no href', () => {
    expect(links('See [[Road map]] and [[Q3 plan|the plan]].')).toEqual([
      { title: 'Road map', text: 'Road map', href: null, cls: 'wikilink', attrs: ['class', 'data-wikilink'] },
      { title: 'Q3 plan', text: 'the plan', href: null, cls: 'wikilink', attrs: ['class', 'data-wikilink'] },
    ]);
  });

  it('leaves code, unclosed and empty brackets alone', () => {
    expect(links('`[[Not a link]]` and [[ ]] and [[open')).toEqual([]);
  });

  it('keeps markup in titles as text', () => {
    const [a] = links('[[<img src=x onerror=alert(1)>|x" onclick="alert(1)]]');
    expect(a.title).toBe('<img src=x onerror=alert(1)>');
    expect(a.text).toBe('x" onclick="alert(1)');
    expect(a.attrs).toEqual(['class', 'data-wikilink']);
  });

  it('lets the sanitizer pass the wikilink shape only', () => {
    const clean = (html: string) => {
      const t = document.createElement('template');
      t.innerHTML = sanitizeHtml(html);
      return t.content;
    };
    // With an href it is an ordinary link: the data attribute and class go.
    const a1 = clean('<a class="wikilink" data-wikilink="x" href="https://example.com">x</a>').querySelector('a')!;
    expect(a1.getAttributeNames().sort()).toEqual(['href', 'rel']);
    const a2 = clean('<a class="wikilink" data-wikilink="x" href="javascript:alert(1)" onclick="alert(1)">x</a>').querySelector('a')!;
    expect(a2.getAttributeNames()).toEqual([]);
    const p = clean('<p class="wikilink" data-wikilink="x" data-x="y">x</p>').querySelector('p')!;
    expect(p.getAttributeNames()).toEqual([]);
    const a3 = clean('<a data-wikilink="x">x</a>').querySelector('a')!;
    expect(a3.getAttributeNames()).toEqual([]);
  });
});

describe('splitAnchor', () => {
  it.each([
    ['Guide#install', 'Guide', 'install'],
    ['Guide', 'Guide', ''],
    ['C#', 'C#', ''],
    ['Issue #42', 'Issue #42', ''],
    ['#top', '#top', ''],
    ['Release notes#v1.2', 'Release notes', 'v1.2'],
    ['A#b c', 'A#b c', ''],
  ])('%s', (target, title, anchor) => {
    expect(splitAnchor(target)).toEqual({ title, anchor });
  });

  it('keeps the whole target on the link, and the shown text', () => {
    expect(parseWikilink('Guide#install|how to install')).toEqual({ title: 'Guide#install', text: 'how to install' });
  });
});
