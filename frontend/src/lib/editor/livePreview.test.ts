import { markdown, markdownLanguage } from '@codemirror/lang-markdown';
import { ensureSyntaxTree } from '@codemirror/language';
import { EditorSelection, EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { cellOffset, previewDecorations, tableDecorations, tableRanges } from './livePreview';

function state(doc: string, cursor: number) {
  return parsed(EditorState.create({ doc, selection: EditorSelection.cursor(cursor), extensions: [markdown({ base: markdownLanguage })] }));
}

/**
 * parsed is s with its whole tree. A new state parses for 20 ms only, which a
 * loaded machine can spend before the end of a short text; ensureSyntaxTree
 * parses on, and the next state takes up the finished tree.
 */
function parsed(s: EditorState): EditorState {
  ensureSyntaxTree(s, s.doc.length, 30_000);
  return s.update({}).state;
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
    expect(shown(parsed(s)).split('\n').slice(0, 4)).toEqual(['# Plan', 'Some **bold**, *it* and ~~gone~~ `code`.', '- [ ] write', '⟨TaskBox done⟩read']);
  });

  it('styles links, page links, code, done tasks and quotes', () => {
    const c = classes(state(page, 0));
    expect(c).toEqual(
      expect.arrayContaining(['cm-lp-code:code', 'cm-lp-done:read', 'cm-lp-link:the docs', 'cm-lp-wikilink:Roadmap', 'cm-lp-wikilink:money']),
    );
  });

  it('leaves code, images, files and unlinked brackets alone', () => {
    const doc = '```\n**not bold** [[x]]\n```\n![pic](attachment:' + 'a'.repeat(64) + ') [f](attachment:' + 'b'.repeat(64) + ') [x] `[[y]]`\n\nend';
    expect(shown(state(doc, doc.length))).toBe('⟨CodeLabel⟩\n**not bold** [[x]]\n\n![pic](attachment:' + 'a'.repeat(64) + ') [f](attachment:' + 'b'.repeat(64) + ') [x] [[y]]\n\nend');
  });

  it('shows fenced code off the cursor with its language and no fences, and its Markdown on it', () => {
    const doc = 'Intro\n```ts\nconst a = 1;\n```\nafter';
    const off = state(doc, 0);
    expect(shown(off)).toBe('Intro\n⟨CodeLabel⟩\nconst a = 1;\n\nafter');
    let lang = '';
    previewDecorations(off, [{ from: 0, to: doc.length }]).between(0, doc.length, (_f, _t, d) => {
      if (d.spec.widget) lang = (d.spec.widget as { lang: string }).lang;
    });
    expect(lang).toBe('ts');
    expect(shown(state(doc, doc.indexOf('const')))).toBe(doc);
    // An unclosed fence keeps its last line, which is code.
    expect(shown(state('x\n```\ncode', 0))).toBe('x\n⟨CodeLabel⟩\ncode');
  });
  it('replaces a table off the cursor with one block, and shows its Markdown on it', () => {
    const table = '| Area | Owner |\n| :-- | --: |\n| Sync | Ada |';
    const doc = `Intro\n\n${table}\n\nafter`;
    const off = state(doc, 0);
    const ranges = tableRanges(off);
    expect(ranges.map((r) => doc.slice(r.from, r.to))).toEqual([table]);
    const blocks: string[] = [];
    tableDecorations(off, ranges).between(0, doc.length, (from, to, d) => {
      if (d.spec.block) blocks.push(doc.slice(from, to));
    });
    expect(blocks).toEqual([table]);
    const on = state(doc, doc.indexOf('Sync'));
    expect(tableDecorations(on, tableRanges(on)).size).toBe(0);
  });
});

describe('cellOffset', () => {
  it('finds the end of a cell’s text, past escaped pipes and code', () => {
    const src = '| Area | Owner |\n| --- | --- |\n| a \\| b | `x|y` z |';
    const end = (row: number, col: number) => src.slice(0, cellOffset(src, row, col)).split('\n').pop();
    expect(end(0, 0)).toBe('| Area');
    expect(end(0, 1)).toBe('| Area | Owner');
    expect(end(1, 0)).toBe('| a \\| b');
    expect(end(1, 1)).toBe('| a \\| b | `x|y` z');
    expect(end(0, 5)).toBe('| Area | Owner |');
    expect(cellOffset('A | B\n--|--\n1 | 2', 1, 1)).toBe('A | B\n--|--\n1 | 2'.length);
  });
});
