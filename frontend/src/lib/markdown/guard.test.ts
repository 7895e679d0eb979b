/// <reference types="node" />
// Guards for the two rules the read view's safety rests on, checked over the
// source so that a later component cannot quietly break them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'wailsjs' ? [] : files(p);
    return /\.(svelte|ts|js)$/.test(e.name) ? [p] : [];
  });
}
const rel = (p: string) => path.relative(src, p).split(path.sep).join('/');
// Markup comments may talk about {@html}; only code counts.
const sources = files(src).map((p) => ({ name: rel(p), text: readFileSync(p, 'utf8').replace(/<!--[\s\S]*?-->/g, '') }));

describe('source rules', () => {
  it('only MarkdownView uses {@html}, once, on the output of renderMarkdown', () => {
    const users = sources.filter((f) => f.name.endsWith('.svelte') && f.text.includes('{@html'));
    expect(users.map((f) => f.name)).toEqual(['components/MarkdownView.svelte']);
    const view = users[0].text;
    expect(view.match(/\{@html[^}]*\}/g)).toEqual(['{@html html}']);
    expect(view).toMatch(/const html = \$derived\(renderMarkdown\(source, \{ sourceLines: sourceMap \}\)\);/);
  });

  it('only lib/api imports the generated Wails bindings and runtime', () => {
    const importers = sources.filter((f) => /from\s+['"][^'"]*wailsjs\//.test(f.text)).map((f) => f.name);
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((n) => !n.startsWith('lib/api/'))).toEqual([]);
  });
});
