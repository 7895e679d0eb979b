// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../editor/attachText';
import { renderMarkdown } from '../markdown/render';
import { captureError, checkSummary, formatLength, nativeWhat, pickRecordType, posterOf, TakeClock, videoMarkdown, windowRecords } from './video';

describe('video messages', () => {
  it('writes lengths as m:ss, rounded down', () => {
    expect(formatLength(0)).toBe('0:00');
    expect(formatLength(59_999)).toBe('0:59');
    expect(formatLength(180_000)).toBe('3:00');
    expect(formatLength(-5)).toBe('0:00');
  });

  it('names a video in Markdown as a file link the read view turns into a player', () => {
    const hash = 'a'.repeat(64);
    const md = videoMarkdown('The launch [moves]\nto May', `attachment:${hash}`, 83_000);
    expect(md).toBe(`[▶ The launch  moves  to May (1:23)](attachment:${hash})`.replace(/ {2}/g, ' '));
    expect(renderMarkdown(md)).toContain(`data-attachment="${hash}"`);
  });

  it('names the thumbnail in the link title, which the read view turns into data-poster and nothing else', () => {
    const hash = 'a'.repeat(64);
    const poster = 'b'.repeat(64);
    const md = videoMarkdown('Hi', `attachment:${hash}`, 5_000, `attachment:${poster}`);
    expect(md).toBe(`[▶ Hi (0:05)](attachment:${hash} "poster attachment:${poster}")`);
    const html = renderMarkdown(md);
    expect(html).toContain(`data-poster="${poster}"`);
    expect(html).not.toContain('data-tip');
    expect(posterOf(`poster attachment:${poster}`)).toBe(poster);
    // A poster that is no hash is dropped; so is one outside a file link, or smuggled in HTML.
    expect(videoMarkdown('Hi', `attachment:${hash}`, 5_000, 'javascript:alert(1)')).not.toContain('poster');
    expect(renderMarkdown(`[x](attachment:${hash} "poster attachment:nothex")`)).not.toContain('data-poster');
    expect(renderMarkdown(`[x](https://example.com "poster attachment:${poster}")`)).not.toContain('data-poster');
    expect(renderMarkdown(`<a data-attachment="${hash}" data-poster="${poster}">x</a>`)).not.toMatch(/<a [^>]*data-poster/);
    expect(posterOf('attachment:' + poster)).toBe('');
  });

  it('asks for one line of summary, as Go does', () => {
    expect(checkSummary('  ')).toMatch(/one line/);
    expect(checkSummary('a\nb')).toMatch(/one line/);
    expect(checkSummary('x'.repeat(201))).toMatch(/200/);
    expect(checkSummary('Ship it')).toBeNull();
  });

  it('prefers WebM with VP8 or VP9 and Opus', () => {
    expect(pickRecordType(() => true)).toBe('video/webm;codecs=vp8,opus');
    expect(pickRecordType((t) => t !== 'video/webm;codecs=vp8,opus')).toBe('video/webm;codecs=vp9,opus');
    expect(pickRecordType(() => false)).toBe('');
  });

  it('stops a take at the limit exactly, and counts no further', () => {
    let now = 1000;
    const c = new TakeClock(180_000, () => now);
    c.start();
    now += 179_999;
    expect(c.done()).toBe(false);
    expect(c.msLeft()).toBe(1);
    now += 1;
    expect(c.done()).toBe(true);
    now += 5000;
    expect(c.elapsed()).toBe(180_000);
    const fast = new TakeClock(180_000, () => now, 60);
    fast.start();
    now += 3000;
    expect(fast.done()).toBe(true);
    expect(fast.elapsed()).toBe(180_000);
  });

  it('sends a piece of a recording as base64, though its type holds a comma', async () => {
    const piece = new Blob([new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0xff])], { type: 'video/webm;codecs=vp8,opus' });
    expect(await toBase64(piece)).toBe(btoa('\x1a\x45\xdf\xa3\xff'));
  });

  it('says what to do when a device cannot be used', () => {
    expect(captureError({ name: 'NotAllowedError' }, 'camera')).toMatch(/not allowed to use the camera/);
    expect(captureError({ name: 'NotFoundError' }, 'microphone')).toBe('No microphone was found on this computer.');
  });

  it('hands the recording to Go where the window cannot make a MediaRecorder', () => {
    const had = (globalThis as { MediaRecorder?: unknown }).MediaRecorder;
    const hadStream = (globalThis as { MediaStream?: unknown }).MediaStream;
    try {
      delete (globalThis as { MediaRecorder?: unknown }).MediaRecorder;
      expect(windowRecords(() => ({}))).toBe(false);
      Object.assign(globalThis, { MediaRecorder: class {}, MediaStream: class {} });
      expect(windowRecords(() => ({}))).toBe(true);
      expect(windowRecords(() => { throw new Error('MediaRecorder is unsupported on this platform'); })).toBe(false);
    } finally {
      Object.assign(globalThis, { MediaRecorder: had, MediaStream: hadStream });
    }
    expect(nativeWhat('both', true)).toBe('the screen and the camera and the microphone');
    expect(nativeWhat('camera', false)).toBe('the camera');
  });
});
