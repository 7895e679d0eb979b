// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render';
import { align, BlockMap } from './sourcemap';

/** view renders src as the read view does and returns its root. */
function view(src: string): HTMLElement {
  const el = document.createElement('article');
  el.innerHTML = renderMarkdown(src, { sourceLines: true });
  document.body.replaceChildren(el);
  return el;
}

/** rangeOf selects the nth occurrence of text in the rendered text of root (one text node or across several). */
function rangeOf(root: HTMLElement, text: string, nth = 0): Range {
  const nodes: Text[] = [];
  const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = w.nextNode(); n; n = w.nextNode()) nodes.push(n as Text);
  const all = nodes.map((n) => n.data).join('');
  let at = -1;
  for (let i = 0; i <= nth; i++) at = all.indexOf(text, at + 1);
  if (at < 0) throw new Error(`no ${text}`);
  const point = (o: number, end: boolean): [Text, number] => {
    let acc = 0;
    for (const n of nodes) {
      if (o < acc + n.length || (end && o === acc + n.length)) return [n, o - acc];
      acc += n.length;
    }
    throw new Error('out of range');
  };
  const r = document.createRange();
  r.setStart(...point(at, false));
  r.setEnd(...point(at + text.length, true));
  return r;
}

function pick(src: string, text: string, nth = 0): string {
  const root = view(src);
  const r = new BlockMap(root, src).sourceRange(rangeOf(root, text, nth));
  return r ? `${r.from}:${src.slice(r.from, r.to)}` : 'null';
}

describe('align', () => {
  it('skips marks and link targets', () => {
    const src = '[docs](https://x.example/world) world';
    const m = align('docs world', src);
    expect(src[m[5]] + src[m[9]]).toBe('wd');
    expect(m[5]).toBe(src.lastIndexOf('world'));
  });
});

describe('BlockMap.sourceRange', () => {
  it('finds a word in plain text', () => {
    expect(pick('The quick brown fox.', 'brown')).toBe('10:brown');
  });
  it('finds the repeated word that was selected, not the first', () => {
    const src = 'A fox and a fox.\n\nAnother fox here.';
    expect(pick(src, 'fox', 0)).toBe('2:fox');
    expect(pick(src, 'fox', 1)).toBe('12:fox');
    expect(pick(src, 'fox', 2)).toBe(`${src.lastIndexOf('fox')}:fox`);
  });
  it('keeps inline marks inside the range', () => {
    expect(pick('The quick **brown** fox.', 'quick brown fox')).toBe('4:quick **brown** fox');
    expect(pick('The quick **brown** fox.', 'brown')).toBe('12:brown');
  });
  it('maps headings, lists, quotes, tables, code and wikilinks', () => {
    const src = '# Title here\n\n- one item\n- two item\n\n> quoted words\n\n| a | b |\n|---|---|\n| cell one | cell two |\n\n```\nlet x = 1;\n```\n\nSee [[Roadmap|the road map]] now.';
    expect(pick(src, 'here')).toBe(`${src.indexOf('here')}:here`);
    expect(pick(src, 'item', 1)).toBe(`${src.lastIndexOf('item')}:item`);
    expect(pick(src, 'quoted')).toBe(`${src.indexOf('quoted')}:quoted`);
    expect(pick(src, 'cell two')).toBe(`${src.indexOf('cell two')}:cell two`);
    expect(pick(src, 'x = 1')).toBe(`${src.indexOf('x = 1')}:x = 1`);
    expect(pick(src, 'road map')).toBe(`${src.indexOf('road map')}:road map`);
  });
  it('spans blocks', () => {
    const src = 'First para end.\n\nSecond para start.';
    expect(pick(src, 'end.\nSecond')).toBe('11:end.\n\nSecond');
  });
});

describe('BlockMap.segments', () => {
  it('finds the rendered text of a source range', () => {
    const src = 'A fox and a **fox**.';
    const root = view(src);
    const from = src.lastIndexOf('fox');
    const segs = new BlockMap(root, src).segments(from, from + 3);
    expect(segs.map((s) => s.node.data.slice(s.start, s.end))).toEqual(['fox']);
    expect(segs[0].node.parentElement?.tagName).toBe('STRONG');
  });
});
