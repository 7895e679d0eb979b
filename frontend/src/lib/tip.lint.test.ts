// Tooltips go through src/lib/tip.ts (use:tip, a Button's tip, data-tip),
// never the native title attribute, which WebKitGTK leaves painted after its
// element is gone. This fails when an element in a component, or code that
// builds DOM, sets a title; a component's own title prop (SidePanel,
// ConfirmDialog) is not a tooltip and passes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (name === 'wailsjs' || name === 'node_modules') continue;
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|svelte)$/.test(name) && !/\.test\.ts$/.test(name)) out.push(p);
  }
  return out;
}

/** nativeTitles lists, in one file, the places that give an element a title. */
export function nativeTitles(text: string, svelte: boolean): string[] {
  const out: string[] = [];
  // title="…", title={…}, and the shorthand {title}.
  for (const m of text.matchAll(/(?<![\w:.-])title=|(?<=\s)\{title\}/g)) {
    const tag = /<([\w:.-]+)[^<]*$/.exec(text.slice(0, m.index))?.[1] ?? '';
    // Button passes what it does not know on to its <button>.
    if (svelte && (/^[a-z]/.test(tag) || tag === 'Button')) out.push(`<${tag} title=…>`);
  }
  for (const m of text.matchAll(/\.title\s*=(?!=)|setAttribute\(\s*['"]title['"]|attributes:\s*\{[^}]*\btitle:/g)) out.push(m[0]);
  return out;
}

describe('tooltips', () => {
  it('finds a title on an element, and not on a component', () => {
    expect(nativeTitles('<button class="x"\n  title="Save">', true)).toEqual(['<button title=…>']);
    expect(nativeTitles('<ConfirmDialog\n  title="Delete?"', true)).toEqual([]);
    expect(nativeTitles('<span class="sync" {title}>', true)).toEqual(['<span title=…>']);
    expect(nativeTitles('<Button size="sm" title="Record">', true)).toEqual(['<Button title=…>']);
    expect(nativeTitles("chip.title = 'x'", false)).toEqual(['.title =']);
  });
  it('are never native titles in the app', () => {
    const found: string[] = [];
    for (const file of sources(src)) {
      for (const hit of nativeTitles(readFileSync(file, 'utf8'), file.endsWith('.svelte'))) found.push(`${path.relative(src, file)}: ${hit}`);
    }
    expect(found).toEqual([]);
  });
});
