import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { wikiCompletions } from './wikiComplete';

async function complete(doc: string, titles: string[]) {
  const state = EditorState.create({ doc });
  return wikiCompletions(async () => titles)(new CompletionContext(state, doc.length, false));
}

describe('[[ title completion', () => {
  const titles = ['Roadmap', 'Road trip', 'Budget', 'Roadmap', ''];
  it('offers matching titles after [[', async () => {
    const r = (await complete('See [[road', titles))!;
    expect(r.from).toBe(6);
    expect(r.options.map((o) => o.label)).toEqual(['Roadmap', 'Road trip']);
    expect((await complete('See [[', titles))!.options).toHaveLength(3);
  });
  it('asks for titles by what was typed', async () => {
    const asked: string[] = [];
    const state = EditorState.create({ doc: 'See [[Road ' });
    await wikiCompletions((q) => (asked.push(q), []))(new CompletionContext(state, 11, false));
    expect(asked).toEqual(['Road']);
  });
  it('offers nothing outside [[…', async () => {
    expect(await complete('See [road', titles)).toBeNull();
    expect(await complete('See [[Roadmap]] and', titles)).toBeNull();
    expect(await complete('See [[zzz', titles)).toBeNull();
  });
});
