// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { renderMarkdown, sanitizeHtml } from './render';
import { xssCorpus } from './xss-corpus';

// The checks are written independently of render.ts, so a bug there cannot
// hide itself by also living here.
const forbiddenTags = ['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'style', 'meta', 'base', 'link', 'svg', 'math', 'template', 'button', 'textarea', 'select'];
const urlAttrs = ['href', 'src', 'action', 'formaction', 'xlink:href', 'srcset', 'data', 'poster', 'background', 'lowsrc', 'dynsrc', 'ping', 'cite', 'srcdoc'];

function parse(html: string): Element[] {
  const t = document.createElement('template');
  t.innerHTML = html;
  return Array.from(t.content.querySelectorAll('*'));
}

/** problems lists every way html breaks the read view's rules; [] when it is safe. */
function problems(html: string): string[] {
  const out: string[] = [];
  if (/<\s*script/i.test(html)) out.push('contains <script');
  for (const el of parse(html)) {
    const tag = el.tagName.toLowerCase();
    if (forbiddenTags.includes(tag)) out.push(`<${tag}> element`);
    if (tag === 'input' && (el.getAttribute('type') !== 'checkbox' || !el.hasAttribute('disabled'))) out.push('input that is not a disabled checkbox');
    for (const { name, value } of Array.from(el.attributes)) {
      const n = name.toLowerCase();
      if (n.startsWith('on')) out.push(`${n} attribute on <${tag}>`);
      if (n === 'style') out.push(`style attribute on <${tag}>`);
      if (n === 'name') out.push(`name attribute on <${tag}>`);
      if (n === 'id' && !value.startsWith('user-content-')) out.push(`id ${JSON.stringify(value)} without the user-content- prefix`);
      if (!urlAttrs.includes(n)) continue;
      const v = value.trim();
      if (tag === 'a' && n === 'href') {
        if (!/^(?:https?:\/\/|mailto:|#)/i.test(v)) out.push(`href ${JSON.stringify(value)}`);
        else if (!v.startsWith('#') && el.getAttribute('rel') !== 'noopener noreferrer') out.push(`link without rel=noopener noreferrer`);
      } else if (tag === 'img' && n === 'src') {
        const dataImage = /^data:image\/(?:png|jpeg|gif|webp)[;,]/i.test(v);
        const relative = !/^[a-z][a-z0-9+.-]*:/i.test(v.replace(/[\s\u0000-\u001f]/g, '')) && !/^[/\\]{2}/.test(v) && !v.includes('\\');
        if (!dataImage && !relative) out.push(`src ${JSON.stringify(value)}`);
      } else {
        out.push(`${n} attribute on <${tag}>`);
      }
    }
  }
  return out;
}

describe('the XSS corpus', () => {
  it('has at least 40 payloads with unique names', () => {
    expect(xssCorpus.length).toBeGreaterThanOrEqual(40);
    expect(new Set(xssCorpus.map((c) => c.name)).size).toBe(xssCorpus.length);
  });

  describe.each(xssCorpus)('$name', ({ payload }) => {
    it('renders from Markdown to nothing that runs', () => {
      expect(problems(renderMarkdown(payload))).toEqual([]);
    });
    it('is cleaned when given to the sanitizer as raw HTML', () => {
      expect(problems(sanitizeHtml(payload))).toEqual([]);
    });
  });

  it('stays safe when all payloads are one page', () => {
    const all = xssCorpus.map((c) => c.payload).join('\n\n');
    expect(problems(renderMarkdown(all))).toEqual([]);
    expect(problems(sanitizeHtml(all))).toEqual([]);
  });

  it('the checks catch what they are meant to catch', () => {
    expect(problems('<script>x</script>')).not.toEqual([]);
    expect(problems('<a href="javascript:alert(1)">x</a>')).not.toEqual([]);
    expect(problems('<a href="https://example.com">x</a>')).toEqual(['link without rel=noopener noreferrer']);
    expect(problems('<img src="https://example.com/a.png">')).not.toEqual([]);
    expect(problems('<p onclick="x()">x</p>')).not.toEqual([]);
    expect(problems('<input type="text">')).not.toEqual([]);
    expect(problems('<h1 id="go">x</h1>')).not.toEqual([]);
  });
});

describe('renderMarkdown', () => {
  const html = (md: string) => renderMarkdown(md).trim();
  const dom = (md: string) => {
    const t = document.createElement('template');
    t.innerHTML = renderMarkdown(md);
    return t.content;
  };

  it('shows raw HTML as text', () => {
    expect(html('<b>bold</b>')).toBe('<p>&lt;b&gt;bold&lt;/b&gt;</p>');
    expect(dom('<img src=x onerror=alert(1)>').textContent?.trim()).toBe('<img src=x onerror=alert(1)>');
  });

  it('renders CommonMark', () => {
    expect(html('*a* **b** `c`')).toBe('<p><em>a</em> <strong>b</strong> <code>c</code></p>');
    expect(html('> quoted')).toBe('<blockquote>\n<p>quoted</p>\n</blockquote>');
    expect(html('1. one\n2. two')).toBe('<ol>\n<li>one</li>\n<li>two</li>\n</ol>');
    expect(html('3. three')).toBe('<ol start="3">\n<li>three</li>\n</ol>');
    expect(html('---')).toBe('<hr>');
  });

  it('renders strikethrough', () => {
    expect(html('~~gone~~')).toBe('<p><s>gone</s></p>');
  });

  it('renders tables with alignment as classes, never style', () => {
    const t = dom('| L | C | R |\n|:--|:-:|--:|\n| 1 | 2 | 3 |');
    expect(Array.from(t.querySelectorAll('th'), (th) => th.className)).toEqual(['align-left', 'align-center', 'align-right']);
    expect(t.querySelectorAll('td').length).toBe(3);
    expect(renderMarkdown('| L |\n|:-:|\n| 1 |')).not.toContain('style');
  });

  it('renders task lists with disabled checkboxes', () => {
    const t = dom('- [ ] todo\n- [x] done\n- plain');
    expect(t.querySelector('ul')?.className).toBe('contains-task-list');
    const boxes = Array.from(t.querySelectorAll('input'));
    expect(boxes.map((b) => [b.type, b.disabled, b.checked])).toEqual([
      ['checkbox', true, false],
      ['checkbox', true, true],
    ]);
    expect(Array.from(t.querySelectorAll('li'), (li) => li.textContent?.trim())).toEqual(['todo', 'done', 'plain']);
    expect(Array.from(t.querySelectorAll('li'), (li) => li.className)).toEqual(['task-list-item', 'task-list-item', '']);
  });

  it('renders fenced code with its language as a class, escaped', () => {
    expect(html('```go\nfmt.Println("<hi>")\n```')).toBe('<pre><code class="language-go">fmt.Println("&lt;hi&gt;")\n</code></pre>');
  });

  it('gives headings prefixed, unique ids', () => {
    const t = dom('# Read me first\n## Café & co.\n# Read me first\n# go');
    expect(Array.from(t.querySelectorAll('h1, h2'), (h) => h.id)).toEqual([
      'user-content-read-me-first',
      'user-content-café--co',
      'user-content-read-me-first-1',
      'user-content-go',
    ]);
  });

  it('keeps http, https, mailto and anchor links, with rel on external ones', () => {
    const links = Array.from(dom('[a](https://example.com/x?y=1) [b](http://example.com) [c](mailto:a@example.com) [d](#intro)').querySelectorAll('a'));
    expect(links.map((a) => [a.getAttribute('href'), a.getAttribute('rel')])).toEqual([
      ['https://example.com/x?y=1', 'noopener noreferrer'],
      ['http://example.com', 'noopener noreferrer'],
      ['mailto:a@example.com', 'noopener noreferrer'],
      ['#intro', null],
    ]);
  });

  it('drops the target of any other link but keeps its text', () => {
    const t = dom('[doc](other/page.md) [ftp](ftp://example.com/f)');
    expect(Array.from(t.querySelectorAll('a'), (a) => a.hasAttribute('href'))).toEqual([false]);
    expect(t.textContent).toContain('doc');
    expect(t.textContent).toContain('[ftp](ftp://example.com/f)');
  });

  it('autolinks URLs, www. hosts and e-mail addresses, but not file names', () => {
    const hrefs = (md: string) => Array.from(dom(md).querySelectorAll('a'), (a) => a.getAttribute('href'));
    expect(hrefs('<https://example.com/a>')).toEqual(['https://example.com/a']);
    expect(hrefs('see https://example.com/b.')).toEqual(['https://example.com/b']);
    expect(hrefs('see www.example.com/c')).toEqual(['https://www.example.com/c']);
    expect(hrefs('write to ada@example.com')).toEqual(['mailto:ada@example.com']);
    expect(hrefs('read README.md and main.go')).toEqual([]);
  });

  it('keeps inline raster images and relative paths, drops remote and svg ones', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const srcs = (md: string) => Array.from(dom(md).querySelectorAll('img'), (i) => i.getAttribute('src'));
    expect(srcs(`![a](${png})`)).toEqual([png]);
    expect(srcs('![a](images/a.png)')).toEqual(['images/a.png']);
    expect(srcs('![a](https://example.com/a.png)')).toEqual([]);
    expect(srcs('![a](//example.com/a.png)')).toEqual([]);
    expect(srcs('![a](data:image/svg+xml;base64,PHN2Zz4=)')).toEqual([]);
  });

  it('shows attachment:<hash> images from the same origin, and nothing else of that scheme', () => {
    const hash = 'ab'.repeat(32);
    const srcs = (md: string) => Array.from(dom(md).querySelectorAll('img'), (i) => i.getAttribute('src'));
    expect(srcs(`![shot](attachment:${hash})`)).toEqual([`/attachments/${hash}`]);
    expect(dom(`![shot](attachment:${hash})`).querySelector('img')?.getAttribute('alt')).toBe('shot');
    expect(srcs(`![shot][s]\n\n[s]: attachment:${hash}`)).toEqual([`/attachments/${hash}`]);
    // Not a hash: left as the text the author typed.
    expect(srcs('![x](attachment:../../longhand.db)')).toEqual([]);
    expect(srcs(`![x](attachment:${hash.toUpperCase()})`)).toEqual([]);
    expect(srcs(`![x](attachment:${hash}0)`)).toEqual([]);
    expect(srcs(`![x](attachment:${hash}?x=1)`)).toEqual([]);
    // A plain link to an attachment is a file: no href, its hash for the view to open it by.
    const a = dom(`[Q3 numbers.xlsx](attachment:${hash})`).querySelector('a');
    expect(a?.hasAttribute('href') ?? false).toBe(false);
    expect(a?.getAttribute('data-attachment')).toBe(hash);
    expect(a?.className).toBe('file-chip');
    expect(a?.textContent).toBe('Q3 numbers.xlsx');
    // Raw HTML cannot make one that names anything but a hash, or one with an href.
    expect(sanitizeHtml('<a data-attachment="../../x">x</a>')).toBe('<a>x</a>');
    expect(sanitizeHtml(`<a href="https://example.com" data-attachment="${hash}">x</a>`)).not.toContain('data-attachment');
    expect(sanitizeHtml(`<p data-attachment="${hash}">x</p>`)).toBe('<p>x</p>');
    expect(problems(renderMarkdown(`![x](attachment:${hash}) [y](attachment:${hash})`))).toEqual([]);
  });
});

describe('sanitizeHtml', () => {
  it('removes what markdown-it would never emit', () => {
    expect(sanitizeHtml('<p class="btn primary" style="color:red" data-x="1" aria-label="x">x</p>')).toBe('<p>x</p>');
    expect(sanitizeHtml('<h2 id="go">x</h2>')).toBe('<h2 id="user-content-go">x</h2>');
    expect(sanitizeHtml('<input type="checkbox" checked>')).toBe('<input type="checkbox" checked="" disabled="">');
    expect(sanitizeHtml('<a href="https://example.com" rel="opener" target="_self">x</a>')).toBe(
      '<a href="https://example.com" rel="noopener noreferrer">x</a>',
    );
  });
});

describe('front matter', () => {
  it('shows a leading YAML block as YAML, not as a rule and a heading', () => {
    const html = renderMarkdown('---\ntitle: Guide\ntags: [a, b]\n---\n# Guide\n\nText.\n', { sourceLines: true });
    expect(html).toContain('<pre><code data-lines="0-4" class="language-yaml">title: Guide\ntags: [a, b]\n</code></pre>');
    expect(html).not.toContain('<hr');
    expect(html).toContain('<h1');
    expect((html.match(/<h[12]/g) ?? []).length).toBe(1);
  });
  it('leaves a rule alone elsewhere, and an unclosed block as Markdown', () => {
    expect(renderMarkdown('Text\n\n---\n\nmore\n---\n')).toContain('<hr>');
    expect(renderMarkdown('---\nno end\n')).toContain('<hr>');
    expect(renderMarkdown('---\n<script>alert(1)</script>\n---\n')).not.toContain('<script>');
  });
});
