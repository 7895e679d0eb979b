import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { wikiCompletions } from './wikiComplete';

function complete(doc: string, titles: string[]) {
  const state = EditorState.create({ doc });
  return wikiCompletions(() => titles)(new CompletionContext(state, doc.length, false));
}

describe('[[ title completion', () => {
  const titles = ['Roadmap', 'Road trip', 'Budget', 'Roadmap', ''];
  it('offers matching titles after [[', () => {
    const r = complete('See [[road', titles)!;
    expect(r.from).toBe(6);
    expect(r.options.map((o) => o.label)).toEqual(['Roadmap', 'Road trip']);
    expect(complete('See [[', titles)!.options).toHaveLength(3);
  });
  it('offers nothing outside [[…', () => {
    expect(complete('See [road', titles)).toBeNull();
    expect(complete('See [[Roadmap]] and', titles)).toBeNull();
    expect(complete('See [[zzz', titles)).toBeNull();
  });
});
