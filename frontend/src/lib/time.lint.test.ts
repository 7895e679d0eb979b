// The one time model holds only while nothing else formats a date: this
// test fails when a raw toLocale*String, an Intl.DateTimeFormat or
// RelativeTimeFormat, or a read of the computer's own clock fields
// (getHours, getDate...: the OS zone, not the profile's) appears anywhere
// in the frontend but src/lib/time.svelte.ts. Route it through that module.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const home = path.join(src, 'lib', 'time.svelte.ts');

const forbidden: [RegExp, string][] = [
  [/\.toLocale(Date|Time)?String\s*\(/, 'toLocale*String'],
  [/\bIntl\s*\.\s*(DateTimeFormat|RelativeTimeFormat)\b/, 'Intl.DateTimeFormat / RelativeTimeFormat'],
  [/\.get(Hours|Minutes|Date|Day|Month|FullYear|TimezoneOffset)\s*\(/, 'a clock field in the computer’s zone'],
  [/\.to(Date|Time)String\s*\(/, 'toDateString / toTimeString'],
];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (name === 'wailsjs' || name === 'node_modules') continue;
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|svelte|js)$/.test(name) && !/\.test\.ts$/.test(name)) out.push(p);
  }
  return out;
}

/** offenders lists "file:line: what" for every raw date formatting outside the time module. */
export function offenders(files: { path: string; text: string }[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (f.path === home) continue;
    f.text.split('\n').forEach((line, i) => {
      for (const [re, what] of forbidden) {
        if (re.test(line)) out.push(`${path.relative(src, f.path)}:${i + 1}: ${what}`);
      }
    });
  }
  return out;
}

describe('the one time model', () => {
  it('formats every date and time in src/lib/time.svelte.ts only', () => {
    const files = sources(src).map((p) => ({ path: p, text: readFileSync(p, 'utf8') }));
    expect(files.length).toBeGreaterThan(50);
    expect(offenders(files)).toEqual([]);
  });

  it('catches each kind of raw formatting', () => {
    const f = (text: string) => offenders([{ path: path.join(src, 'features', 'x.svelte'), text }]);
    expect(f('{new Date(t).toLocaleString()}')).toHaveLength(1);
    expect(f('d.toLocaleDateString(undefined, { month: "short" })')).toHaveLength(1);
    expect(f('d.toLocaleTimeString()')).toHaveLength(1);
    expect(f("new Intl.DateTimeFormat('en-GB', { hour: '2-digit' })")).toHaveLength(1);
    expect(f('new Intl.RelativeTimeFormat(undefined)')).toHaveLength(1);
    expect(f('const h = d.getHours();')).toHaveLength(1);
    expect(f('d.getFullYear() === now.getFullYear()')).toHaveLength(1);
    expect(f('d.toDateString() === now.toDateString()')).toHaveLength(1);
    expect(f('n.toLocaleString()')).toHaveLength(1); // numbers too: use Intl.NumberFormat
    expect(f('d.getUTCDate(); new Intl.NumberFormat("en-US")')).toEqual([]);
    expect(offenders([{ path: home, text: 'new Intl.DateTimeFormat()' }])).toEqual([]);
  });
});
