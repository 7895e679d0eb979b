import { markdown, markdownLanguage } from '@codemirror/lang-markdown';
import { ensureSyntaxTree } from '@codemirror/language';
import { EditorSelection, EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { formatEdit, formatState, lineBlock, toggleTaskAt, toggleTasks, type Edit } from './format';
import { keysOf, shortcutOf, shortcuts, type FormatCommand } from './formatKeys';
import { shortcuts as appShortcuts } from '../keys';

// A text with its selection marked: ‹anchor…head› or ¦ for a cursor.
function at(marked: string): EditorState {
  const ranges = [];
  let doc = '';
  let anchor = -1;
  for (const ch of marked) {
    if (ch === '¦') ranges.push(EditorSelection.cursor(doc.length));
    else if (ch === '‹') anchor = doc.length;
    else if (ch === '›') ranges.push(EditorSelection.range(anchor, doc.length));
    else doc += ch;
  }
  const state = EditorState.create({
    doc,
    selection: EditorSelection.create(ranges.length ? ranges : [EditorSelection.cursor(0)]),
    extensions: [markdown({ base: markdownLanguage }), EditorState.allowMultipleSelections.of(true)],
  });
  // Parsed through, as a view's text is by the time anyone looks at the toolbar.
  ensureSyntaxTree(state, state.doc.length, 5000);
  return state;
}

function show(s: EditorState): string {
  let out = s.doc.toString();
  for (const r of [...s.selection.ranges].reverse()) {
    out = r.empty ? out.slice(0, r.from) + '¦' + out.slice(r.from) : out.slice(0, r.from) + '‹' + out.slice(r.from, r.to) + '›' + out.slice(r.to);
  }
  return out;
}

function apply(s: EditorState, e: Edit | null): EditorState {
  if (!e) return s;
  return s.update({ changes: e.changes, selection: e.selection }).state;
}

const run = (marked: string, cmd: FormatCommand) => show(apply(at(marked), formatEdit(at(marked), cmd)));

describe('inline formats toggle', () => {
  it.each([
    ['a ‹word› here', 'bold', 'a **‹word›** here'],
    ['a **‹word›** here', 'bold', 'a ‹word› here'],
    ['a ‹**word**› here', 'bold', 'a ‹word› here'],
    ['a **wo¦rd** here', 'bold', 'a wo¦rd here'],
    ['a ¦ here', 'bold', 'a **¦** here'],
    ['a ‹word ›here', 'italic', 'a *‹word* ›here'],
    ['a *‹word›* here', 'italic', 'a ‹word› here'],
    ['a _‹word›_ here', 'italic', 'a ‹word› here'],
    ['a **‹word›** here', 'italic', 'a ***‹word›*** here'],
    ['‹gone›', 'strike', '~~‹gone›~~'],
    ['~~‹gone›~~', 'strike', '‹gone›'],
    ['run ‹make›', 'code', 'run `‹make›`'],
    ['run `ma¦ke`', 'code', 'run ma¦ke'],
    ['- ‹one\n- two›', 'bold', '- **‹one**\n- **two›**'],
    ['- **‹one**\n- **two›**', 'bold', '- ‹one\n- two›'],
    ['# ‹Title›', 'bold', '# **‹Title›**'],
  ] as const)('%j %s → %j', (before, cmd, after) => {
    expect(run(before, cmd)).toBe(after);
  });

  it('toggles each of several cursors', () => {
    expect(run('‹a› and ‹b›', 'bold')).toBe('**‹a›** and **‹b›**');
  });
  it('applied twice gives the text back', () => {
    for (const [doc, cmd] of [['x ‹y› z', 'bold'], ['x ‹y› z', 'italic'], ['x ‹y› z', 'strike'], ['x ‹y› z', 'code']] as const) {
      const once = apply(at(doc), formatEdit(at(doc), cmd));
      expect(show(apply(once, formatEdit(once, cmd)))).toBe(doc);
    }
  });
});

describe('links', () => {
  it.each([
    ['see ‹the docs›', 'see [the docs](¦)'],
    ['see ¦', 'see [¦]()'],
    ['‹https://example.com›', '[¦](https://example.com)'],
    ['see [the d¦ocs](https://example.com) now', 'see ‹the docs› now'],
    ['[file](attachment:0000000000000000000000000000000000000000000000000000000000000000) ¦', '[file](attachment:0000000000000000000000000000000000000000000000000000000000000000) [¦]()'],
  ])('%j → %j', (before, after) => {
    expect(run(before, 'link')).toBe(after);
  });
});

describe('blocks', () => {
  it.each([
    ['Tit¦le', 'h1', '# Tit¦le'],
    ['¦', 'h2', '## ¦'],
    ['# Tit¦le', 'h1', 'Tit¦le'],
    ['# Tit¦le', 'h2', '## Tit¦le'],
    ['#### Tit¦le', 'h3', '### Tit¦le'],
    ['- item¦', 'h1', '# item¦'],
    ['‹one\ntwo›', 'bullet', '- ‹one\n- two›'],
    ['- ‹one\n- two›', 'bullet', '‹one\ntwo›'],
    ['‹one\n\ntwo›', 'ordered', '1. ‹one\n\n2. two›'],
    ['1. one\n¦two', 'ordered', '1. one\n2. ¦two'],
    ['- one¦', 'ordered', '1. one¦'],
    ['  - nested¦', 'task', '  - [ ] nested¦'],
    ['- [x] done¦', 'task', 'done¦'],
    ['- [ ] todo¦', 'bullet', '- todo¦'],
    ['said¦', 'quote', '> said¦'],
    ['> said¦', 'quote', 'said¦'],
    ['> - said¦', 'h1', '# said¦'],
    ['¦', 'paragraph', '¦'],
  ] as const)('%j %s → %j', (before, cmd, after) => {
    expect(run(before, cmd)).toBe(after);
  });

  it('reads the block syntax of a line', () => {
    expect(lineBlock('### x')).toMatchObject({ kind: 'h3', prefix: 4 });
    expect(lineBlock('#hashtag')).toMatchObject({ kind: 'paragraph', prefix: 0 });
    expect(lineBlock('  * [X] y')).toMatchObject({ kind: 'task', prefix: 8, indent: '  ' });
    expect(lineBlock('12) y')).toMatchObject({ kind: 'ordered', number: 12, prefix: 4 });
    expect(lineBlock('---')).toMatchObject({ kind: 'paragraph', prefix: 0 });
    expect(lineBlock('-')).toMatchObject({ kind: 'bullet', prefix: 1 });
  });
});

describe('inserted blocks', () => {
  it.each([
    ['¦', 'codeblock', '```\n¦\n```'],
    ['Some text¦\nnext', 'codeblock', 'Some text\n\n```\n¦\n```\n\nnext'],
    ['‹a\nb›', 'codeblock', '```\n‹a\nb›\n```'],
    ['```\nco¦de\n```\nafter', 'codeblock', 'co¦de\nafter'],
    ['Text\n¦', 'rule', 'Text\n\n---\n¦'],
    ['Text¦', 'rule', 'Text\n\n---\n¦'],
    ['¦\nnext', 'rule', '---\n¦\n\nnext'],
    ['¦', 'table', '| ‹Column 1› | Column 2 |\n| --- | --- |\n|  |  |'],
  ] as const)('%j %s → %j', (before, cmd, after) => {
    expect(run(before, cmd)).toBe(after);
  });
});

describe('tasks', () => {
  it('ticks and unticks the task at a position', () => {
    const s = at('- [ ] write\n- [x] read');
    expect(apply(s, toggleTaskAt(s, 0)).doc.toString()).toBe('- [x] write\n- [x] read');
    expect(apply(s, toggleTaskAt(s, 14)).doc.toString()).toBe('- [ ] write\n- [ ] read');
    expect(toggleTaskAt(at('- plain'), 0)).toBeNull();
  });
  it('ticks every selected task, or unticks them when all are done', () => {
    expect(show(apply(at('- [ ] ‹a\n- [x] b›'), toggleTasks(at('- [ ] ‹a\n- [x] b›'))))).toBe('- [x] ‹a\n- [x] b›');
    expect(apply(at('> - [X] ¦a'), toggleTasks(at('> - [X] ¦a'))).doc.toString()).toBe('> - [ ] a');
    expect(toggleTasks(at('plain¦'))).toBeNull();
  });
});

describe('the state the toolbar shows', () => {
  it.each([
    ['a **bo¦ld** b', { bold: true, italic: false, block: 'paragraph' }],
    ['a **bold**¦ b', { bold: false }],
    ['a ‹**bold**›', { bold: true }],
    ['*it ‹and› **more***', { italic: true, bold: false }],
    ['# He¦ad', { block: 'h1' }],
    ['- [ ] t¦', { block: 'task' }],
    ['1. o¦', { block: 'ordered' }],
    ['> q¦', { block: 'quote' }],
    ['```\nx¦\n```', { block: 'codeblock' }],
    ['[te¦xt](https://x.org)', { link: true }],
    ['`co¦de`', { code: true }],
    ['~~g¦one~~', { strike: true }],
  ] as const)('%j', (doc, want) => {
    expect(formatState(at(doc))).toMatchObject(want);
  });
});

describe('shortcuts', () => {
  it('are written for people on each platform', () => {
    expect(keysOf('Mod-Shift-7', false)).toEqual(['Ctrl', 'Shift', '7']);
    expect(keysOf('Mod-Alt-k', true)).toEqual(['⌘', '⌥', 'K']);
    expect(shortcutOf('bold', false)).toBe('Ctrl+B');
    expect(shortcutOf('table', false)).toBe('');
  });
  it('leave the app-wide keys alone: Ctrl+K palette, Ctrl+E Read/Edit, Ctrl+N new page', () => {
    // The window's chords, as CodeMirror writes them ("Mod+Shift+M" is "Mod-Shift-m").
    const app = appShortcuts.filter((s) => /^(Mod|Alt)\+/.test(s.keys)).map((s) => s.keys.replace(/\+(?=.)/g, '-').replace(/-([A-Z])$/, (_, c: string) => `-${c.toLowerCase()}`));
    expect(app).toContain('Mod-Shift-m');
    const taken = [...app, 'Mod-Shift-k', 'Mod-z', 'Mod-Shift-z', 'Mod-f'];
    for (const s of shortcuts) expect(taken).not.toContain(s.key);
    expect(new Set(shortcuts.map((s) => s.key)).size).toBe(shortcuts.length);
  });
});
