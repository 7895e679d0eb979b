// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { escapeText, htmlToMarkdown } from './pasteHtml';

const md = (html: string) => htmlToMarkdown(html).markdown;

// What Google Docs puts on the clipboard (trimmed of some repeated styles).
const span = 'font-size:11pt;font-family:Arial,sans-serif;color:#000000;background-color:transparent;font-style:normal;font-variant:normal;text-decoration:none;vertical-align:baseline;white-space:pre;white-space:pre-wrap;';
const googleDocs = `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b3c4d-7fff-1234-5678-9abcdef01234"><h1 dir="ltr" style="line-height:1.38;margin-top:20pt;margin-bottom:6pt;"><span style="font-size:20pt;font-family:Arial,sans-serif;color:#000000;font-weight:400;white-space:pre-wrap;">Launch plan</span></h1><p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;"><span style="${span}font-weight:400;">We ship on </span><span style="${span}font-weight:700;">Monday</span><span style="${span}font-weight:400;">, with </span><span style="font-size:11pt;font-weight:400;font-style:italic;white-space:pre-wrap;">care</span><span style="${span}font-weight:400;">. See </span><a href="https://www.google.com/url?q=https://example.com/launch&amp;sa=D&amp;source=editors&amp;ust=1700000000000000&amp;usg=AOvVaw0" style="text-decoration:none;"><span style="font-size:11pt;color:#1155cc;font-weight:400;text-decoration:underline;white-space:pre-wrap;">the brief</span></a><span style="${span}font-weight:400;">.</span></p><br /><ul style="margin-top:0;margin-bottom:0;padding-inline-start:48px;"><li dir="ltr" style="list-style-type:disc;font-size:11pt;" aria-level="1"><p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;" role="presentation"><span style="${span}font-weight:400;">Write the notes</span></p></li><ul style="margin-top:0;margin-bottom:0;"><li dir="ltr" style="list-style-type:circle;" aria-level="2"><p dir="ltr" role="presentation"><span style="${span}font-weight:400;">Twice, </span><span style="font-weight:400;text-decoration:line-through;">thrice</span></p></li></ul><li dir="ltr" aria-level="1"><p dir="ltr" role="presentation"><span style="font-size:10pt;font-family:'Courier New',monospace;font-weight:400;">make release</span></p></li></ul><br /><div dir="ltr" style="margin-left:0pt;" align="left"><table style="border:none;border-collapse:collapse;"><colgroup><col width="100" /><col width="100" /></colgroup><tbody><tr style="height:0pt"><td style="border-left:solid #000000 1pt;vertical-align:top;padding:5pt;"><p dir="ltr" style="line-height:1.2;"><span style="${span}font-weight:700;">Owner</span></p></td><td style="vertical-align:top;"><p dir="ltr"><span style="${span}font-weight:700;">Task</span></p></td></tr><tr style="height:0pt"><td><p dir="ltr"><span style="${span}font-weight:400;">Ada</span></p></td><td><p dir="ltr"><span style="${span}font-weight:400;">Docs | site</span></p><p dir="ltr"><span style="${span}font-weight:400;">and blog</span></p></td></tr></tbody></table></div></b>`;

// What a browser copies from a README on GitHub.
const github = `<meta charset='utf-8'><div class="markdown-heading" dir="auto"><h2 tabindex="-1" class="heading-element" dir="auto">Install</h2><a id="user-content-install" class="anchor" aria-label="Permalink: Install" href="#install"><svg class="octicon octicon-link" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="m7.775 3.275"></path></svg></a></div><p dir="auto">Run <code>make build</code> then read <a href="https://github.com/owner/repo/blob/main/docs/USAGE.md">the usage guide</a> or <a href="/owner/repo/issues">issues</a>.</p>
<div class="highlight highlight-source-shell notranslate position-relative overflow-auto" dir="auto"><pre>go install ./cmd/tool
tool --help</pre><div class="zeroclipboard-container"><clipboard-copy aria-label="Copy" class="ClipboardButton btn" data-copy-feedback="Copied!" tabindex="0" role="button"><svg aria-hidden="true"><path d="m0 0"></path></svg></clipboard-copy></div></div>
<ul class="contains-task-list">
<li class="task-list-item"><input type="checkbox" id="" disabled="" class="task-list-item-checkbox" checked=""> Fast</li>
<li class="task-list-item"><input type="checkbox" id="" disabled="" class="task-list-item-checkbox"> Small <em>and</em> simple</li>
</ul>
<blockquote><p dir="auto"><strong>Note</strong>: 2 * 3 = 6; use snake_case_names and _private.</p></blockquote>
<markdown-accessiblity-table><table><thead><tr><th>Flag</th><th align="right">Default</th></tr></thead><tbody><tr><td><code>-v</code></td><td>false</td></tr></tbody></table></markdown-accessiblity-table>
<ol start="3" dir="auto"><li>Three<ul><li>Three and a half</li></ul></li><li>Four</li></ol>`;

describe('pasted HTML as Markdown', () => {
  it('reads a copy from Google Docs: its headings, bold spans, links, nested lists, code font and table', () => {
    const c = htmlToMarkdown(googleDocs);
    expect(c.rich).toBe(true);
    expect(c.markdown).toBe(
      [
        '# Launch plan',
        '',
        'We ship on **Monday**, with *care*. See [the brief](https://example.com/launch).',
        '',
        '- Write the notes',
        '  - Twice, ~~thrice~~',
        '- `make release`',
        '',
        '| Owner | Task |',
        '| --- | --- |',
        '| Ada | Docs \\| site and blog |',
      ].join('\n'),
    );
  });

  it('reads a copy from a README on GitHub: code blocks with their language, task lists, quotes, tables', () => {
    expect(md(github)).toBe(
      [
        '## Install',
        '',
        'Run `make build` then read [the usage guide](https://github.com/owner/repo/blob/main/docs/USAGE.md) or issues.',
        '',
        '```shell',
        'go install ./cmd/tool',
        'tool --help',
        '```',
        '',
        '- [x] Fast',
        '- [ ] Small *and* simple',
        '',
        '> **Note**: 2 \\* 3 = 6; use snake_case_names and \\_private.',
        '',
        '| Flag | Default |',
        '| --- | --- |',
        '| `-v` | false |',
        '',
        '3. Three',
        '   - Three and a half',
        '4. Four',
      ].join('\n'),
    );
  });

  it('drops scripts, styles, comments, handlers and unsafe addresses, never leaving HTML', () => {
    const c = htmlToMarkdown(
      '<style>p{color:red}</style><p>Hi<script>alert(1)</script><!-- secret --></p><p onclick="steal()">There <img src="x" onerror="alert(1)"><a href="javascript:alert(1)">click</a> <a href="data:text/html,x">data</a></p><iframe src="https://evil.example"></iframe><p>Use &lt;b&gt; &amp;amp; tags</p>',
    );
    expect(c.markdown).toBe('Hi\n\nThere click data\n\nUse \\<b> \\&amp; tags');
    expect(c.markdown).not.toMatch(/alert|steal|secret|color:red|evil/);
    expect(c.rich).toBe(false);
  });

  it('keeps white space at the edges of marks outside them, and breaks as hard line breaks', () => {
    expect(md('<p>a<b> bold </b>b<i>it</i> <s>x</s></p>')).toBe('a **bold** b*it* ~~x~~');
    expect(md('<p>one<br>two</p>')).toBe('one\\\ntwo');
    expect(md('<p><b>  </b>x</p>')).toBe('x');
  });

  it('escapes text that would read as Markdown', () => {
    expect(md('<p># not a heading</p><p>1. not a list</p><p>- nor this</p><p>[[Not a link]]</p>')).toBe(
      '\\# not a heading\n\n1\\. not a list\n\n\\- nor this\n\n\\[\\[Not a link\\]\\]',
    );
    expect(escapeText('a*b `c` [d] ~~e~~ f_g _h_ C:\\path \\*')).toBe('a\\*b \\`c\\` \\[d\\] \\~\\~e\\~\\~ f_g \\_h\\_ C:\\path \\\\\\*');
  });

  it('writes a link whose text is its address as the address, and an image as a link to it', () => {
    expect(md('<a href="https://x.org/a">https://x.org/a</a>')).toBe('https://x.org/a');
    expect(md('<p><img alt="Chart" src="https://x.org/c.png"></p>')).toBe('[Chart](https://x.org/c.png)');
    expect(md('<p><img alt="Inline" src="data:image/png;base64,AAAA"></p>')).toBe('Inline');
  });

  it('puts code with backticks in longer fences', () => {
    expect(md('<p><code>a`b</code></p>')).toBe('``a`b``');
    expect(md('<pre><code class="language-md">```\nx\n```</code></pre>')).toBe('````md\n```\nx\n```\n````');
  });

  it('writes a table with merged cells as its cells’ text', () => {
    expect(md('<table><tr><td colspan="2">Wide</td></tr><tr><td>a</td><td>b</td></tr></table>')).toBe('Wide\n\na\n\nb');
  });

  it('says a copy of plain paragraphs has no formatting, so the plain text goes in', () => {
    const c = htmlToMarkdown('<meta charset="utf-8"><p>Just</p><p>words</p>');
    expect(c).toEqual({ markdown: 'Just\n\nwords', rich: false });
  });
});
