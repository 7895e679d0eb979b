import { markdown, markdownLanguage } from '@codemirror/lang-markdown';
import { ensureSyntaxTree } from '@codemirror/language';
import { EditorSelection, EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { previewDecorations } from './livePreview';

function state(doc: string, cursor: number) {
  const s = EditorState.create({ doc, selection: EditorSelection.cursor(cursor), extensions: [markdown({ base: markdownLanguage })] });
  ensureSyntaxTree(s, s.doc.length, 1000);
  return s;
}

/** shown is the text as the preview shows it: hidden ranges cut, widgets as ⟨class⟩. */
function shown(s: EditorState): string {
  const set = previewDecorations(s, [{ from: 0, to: s.doc.length }]);
  const cuts: { from: number; to: number; widget: string }[] = [];
  set.between(0, s.doc.length, (from, to, d) => {
    if (d.spec.widget) cuts.push({ from, to, widget: `⟨${(d.spec.widget as { constructor: { name: string } }).constructor.name}${(d.spec.widget as { done?: boolean }).done ? ' done' : ''}⟩` });
    else if (to > from && !d.spec.class) cuts.push({ from, to, widget: '' });
  });
  let out = s.doc.toString();
  for (const c of cuts.sort((a, b) => b.from - a.from)) out = out.slice(0, c.from) + c.widget + out.slice(c.to);
  return out;
}

/** classes lists the marked text with its class. */
function classes(s: EditorState): string[] {
  const out: string[] = [];
  previewDecorations(s, [{ from: 0, to: s.doc.length }]).between(0, s.doc.length, (from, to, d) => {
    if (d.spec.class && to > from) out.push(`${d.spec.class as string}:${s.sliceDoc(from, to)}`);
  });
  return out;
}

const page = ['# Plan', 'Some **bold**, *it* and ~~gone~~ `code`.', '- [ ] write', '- [x] read', '- item', '> said', 'See [the docs](https://example.com) and [[Roadmap]] or [[Budget|money]].', '', '---', ''].join('\n');

describe('live preview', () => {
  it('hides the marks of every line but the one with the cursor', () => {
    expect(shown(state(page, page.length))).toBe(
      [
        'Plan',
        'Some bold, it and gone code.',
        '⟨TaskBox⟩write',
        '⟨TaskBox done⟩read',
        '⟨Bullet⟩ item',
        'said',
        'See the docs and Roadmap or money.',
        '',
        '⟨Rule⟩',
        '',
      ].join('\n'),
    );
  });

  it('shows the Markdown of the line with the cursor as it is', () => {
    const s = state(page, page.indexOf('bold'));
    expect(shown(s).split('\n').slice(0, 3)).toEqual(['Plan', 'Some **bold**, *it* and ~~gone~~ `code`.', '⟨TaskBox⟩write']);
  });

  it('shows every line a selection touches as Markdown', () => {
    const s = EditorState.create({
      doc: page,
      selection: EditorSelection.range(2, page.indexOf('write')),
      extensions: [markdown({ base: markdownLanguage })],
    });
    ensureSyntaxTree(s, s.doc.length, 1000);
    expect(shown(s).split('\n').slice(0, 4)).toEqual(['# Plan', 'Some **bold**, *it* and ~~gone~~ `code`.', '- [ ] write', '⟨TaskBox done⟩read']);
  });

  it('styles links, page links, code, done tasks and quotes', () => {
    const c = classes(state(page, 0));
    expect(c).toEqual(
      expect.arrayContaining(['cm-lp-code:code', 'cm-lp-done:read', 'cm-lp-link:the docs', 'cm-lp-wikilink:Roadmap', 'cm-lp-wikilink:money']),
    );
  });

  it('leaves code, images, files and unlinked brackets alone', () => {
    const doc = '```\n**not bold** [[x]]\n```\n![pic](attachment:' + 'a'.repeat(64) + ') [f](attachment:' + 'b'.repeat(64) + ') [x] `[[y]]`\n\nend';
    expect(shown(state(doc, doc.length))).toBe('```\n**not bold** [[x]]\n```\n![pic](attachment:' + 'a'.repeat(64) + ') [f](attachment:' + 'b'.repeat(64) + ') [x] [[y]]\n\nend');
  });
});
