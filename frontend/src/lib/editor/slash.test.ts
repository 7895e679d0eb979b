import { CompletionContext } from '@codemirror/autocomplete';
import { markdown, markdownLanguage } from '@codemirror/lang-markdown';
import { ensureSyntaxTree } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { filterSlash, isSlash, slashAt, slashCompletions, slashItems } from './slash';

const labels = (q: string) => filterSlash(q).map((i) => i.label);

function state(doc: string) {
  const s = EditorState.create({ doc, selection: { anchor: doc.length }, extensions: [markdown({ base: markdownLanguage })] });
  ensureSyntaxTree(s, s.doc.length, 1000);
  return s;
}

describe('/ menu filtering', () => {
  it('offers every block that exists, in menu order, for a bare slash', () => {
    expect(labels('')).toEqual(slashItems.filter((i) => i.available).map((i) => i.label));
    expect(labels('').at(-1)).toBe('Video');
    expect(labels('')).toEqual(expect.arrayContaining(['Heading 1', 'Task list', 'Table', 'Divider', 'Link to page', 'Image or file']));
  });
  it('puts names that start with the query first', () => {
    expect(labels('h')).toEqual(['Heading 1', 'Heading 2', 'Heading 3', 'Divider']);
    expect(labels('head')).toEqual(['Heading 1', 'Heading 2', 'Heading 3']);
    expect(labels('Heading 2')).toEqual(['Heading 2']);
    expect(labels('heading  2 ')).toEqual(['Heading 2']);
    expect(labels('list')[0]).toBe('Bulleted list');
  });
  it('finds items by their other names', () => {
    expect(labels('todo')).toEqual(['Task list']);
    expect(labels('hr')).toEqual(['Divider']);
    expect(labels('img')).toEqual(['Image or file']);
    expect(labels('h2')).toEqual(['Heading 2']);
    expect(labels('code')).toEqual(['Code block']);
  });
  it('finds nothing for a query that names no block', () => {
    expect(labels('zzz')).toEqual([]);
  });
  it('finds the video recorder by its name and what people call it', () => {
    expect(labels('video')).toEqual(['Video']);
    expect(labels('record')).toEqual(['Video']);
    expect(labels('loom')).toEqual(['Video']);
  });
});

describe('where the / menu opens', () => {
  it.each([
    ['/', { from: 0, query: '' }],
    ['/hea', { from: 0, query: 'hea' }],
    ['Some text /ta', { from: 10, query: 'ta' }],
    ['- /todo', { from: 2, query: 'todo' }],
    ['/heading 2', { from: 0, query: 'heading 2' }],
  ])('%j', (doc, want) => {
    expect(slashAt(state(doc), doc.length)).toEqual(want);
  });
  it.each(['and/or', 'https://x.org/', 'a / b', '```\n/code', 'run `ls /', '    /indented code', '//'])('not in %j', (doc) => {
    expect(slashAt(state(doc), doc.length)).toBeNull();
  });

  it('offers the matches as completions that replace the slash and the query', async () => {
    const doc = 'Intro\n/tab';
    const chosen: [string, number, number][] = [];
    const src = slashCompletions((_v, item, from, to) => chosen.push([item.id, from, to]));
    const r = (await src(new CompletionContext(state(doc), doc.length, false)))!;
    expect(r.from).toBe(7);
    expect(r.options.map((o) => o.label)).toEqual(['Table']);
    expect(isSlash(r.options[0])).toBe(true);
    const apply = r.options[0].apply as (v: unknown, c: unknown, f: number, t: number) => void;
    apply({ state: state(doc) }, r.options[0], r.from, doc.length);
    expect(chosen).toEqual([['table', 6, 10]]);
    expect(await src(new CompletionContext(state('/zzz'), 4, false))).toBeNull();
  });
});

describe('a / menu behind the typing', () => {
  it('picks the best match for what is typed when Enter comes before the list caught up', async () => {
    const chosen: string[] = [];
    const src = slashCompletions((_v, item, from, to) => chosen.push(`${item.id} ${from}-${to}`));
    const r = (await src(new CompletionContext(state('/'), 1, false)))!;
    expect(r.options[0].label).toBe('Heading 1');
    const apply = r.options[0].apply as (v: unknown, c: unknown, f: number, t: number) => void;
    apply({ state: state('/ta') }, r.options[0], 1, 3);
    apply({ state: state('/') }, r.options[0], 1, 1);
    expect(chosen).toEqual(['task 0-3', 'h1 0-1']);
  });
});
