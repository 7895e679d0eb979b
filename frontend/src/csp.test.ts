/// <reference types="node" />
// The Content-Security-Policy that ships: index.html's meta tag, which Vite
// copies into dist/index.html, embedded by the production binary and served
// by the dev build (-assetdir frontend/dist) alike, so one policy covers both.
// The page talks to Go through the Wails bridge only: the webview's message
// handler in production, and in the dev build a WebSocket to the page's own
// origin (ws://127.0.0.1:<port>/wails/ipc), which 'self' allows. Relays are
// reached from Go, never from the page.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const html = readFileSync(fileURLToPath(new URL('../index.html', import.meta.url)), 'utf8');

function policy(): Map<string, string[]> {
  const metas = [...html.matchAll(/<meta\s[^>]*http-equiv="Content-Security-Policy"[^>]*>/gi)];
  expect(metas).toHaveLength(1);
  const content = /content="([^"]*)"/.exec(metas[0][0])?.[1] ?? '';
  const out = new Map<string, string[]>();
  for (const part of content.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

describe('Content-Security-Policy', () => {
  it('lets the page connect to its own origin only', () => {
    expect(policy().get('connect-src')).toEqual(["'self'"]);
  });

  it('names no whole scheme (ws:, wss:, https:) and no wildcard host in any directive', () => {
    for (const [name, sources] of policy()) {
      for (const s of sources) {
        // data: images: inline raster images in page bodies, and the icons the CSS draws.
        if (name === 'img-src' && s === 'data:') continue;
        // blob: media: Linux's window plays a video from a blob it read whole from
        // its own origin (lib/video/source.ts); blobs are made by the page's code only.
        if (name === 'media-src' && s === 'blob:') continue;
        expect(s, `${name} ${s}`).not.toMatch(/^[a-z][a-z0-9+.-]*:$/i);
        expect(s, `${name} ${s}`).not.toContain('*');
      }
    }
  });

  it('falls back to nothing but the page itself', () => {
    const p = policy();
    expect(p.get('default-src')).toEqual(["'self'"]);
    expect(p.get('object-src')).toEqual(["'none'"]);
  });
});
