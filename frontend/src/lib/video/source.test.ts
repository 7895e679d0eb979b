import { describe, expect, it } from 'vitest';
import { mediaSource, readsWhole, readWhole, WholeVideo, type Reader } from './source';

const linux = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';
const mac = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko)';

/** A window that serves one video of `bytes` bytes in `pieces`, counting what it was asked and let go. */
function fakeWindow(bytes = 1000, pieces = 4, opts: { status?: number; length?: boolean; hold?: Promise<void> } = {}) {
  const asked: string[] = [];
  const revoked: string[] = [];
  let made = 0;
  let signal: AbortSignal | null = null;
  const reader: Reader = {
    fetch: async (url, init) => {
      asked.push(url);
      signal = init.signal;
      await opts.hold;
      if (init.signal.aborted) throw new DOMException('aborted', 'AbortError');
      const size = Math.ceil(bytes / pieces);
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          for (let left = bytes; left > 0; left -= size) c.enqueue(new Uint8Array(Math.min(size, left)));
          c.close();
        },
      });
      const headers = new Headers({ 'Content-Type': 'video/webm' });
      if (opts.length !== false) headers.set('Content-Length', String(bytes));
      return new Response(opts.status && opts.status >= 400 ? null : body, { status: opts.status ?? 200, statusText: opts.status ? 'Not Found' : 'OK', headers });
    },
    createObjectURL: () => `blob:video-${++made}`,
    revokeObjectURL: (u) => revoked.push(u),
  };
  return { reader, asked, revoked, aborted: () => signal?.aborted ?? false };
}

describe('where a video is read from', () => {
  it('reads whole only in Linux’s real window, whose scheme GStreamer cannot open', () => {
    expect(readsWhole('wails:', linux)).toBe(true);
    expect(readsWhole('wails:', mac)).toBe(false);
    expect(readsWhole('http:', linux)).toBe(false);
  });
  it('plays the URL itself elsewhere, with nothing to let go', async () => {
    const m = await mediaSource('/videos/abc', false);
    expect(m).toMatchObject({ src: '/videos/abc', whole: false });
    m.release();
  });
  it('reads a video whole into a blob of its type, telling how much has come', async () => {
    const w = fakeWindow(1000, 4);
    const shares: number[] = [];
    const m = await readWhole('/videos/abc', { reader: w.reader, onProgress: (s) => shares.push(s) });
    expect(m).toMatchObject({ src: 'blob:video-1', whole: true });
    expect(shares).toEqual([0.25, 0.5, 0.75, 1]);
    m.release();
    expect(w.revoked).toEqual(['blob:video-1']);
  });
  it('counts against the stored size when the response gives no length', async () => {
    const w = fakeWindow(1000, 2, { length: false });
    const shares: number[] = [];
    await readWhole('/videos/abc', { size: 2000, reader: w.reader, onProgress: (s) => shares.push(s) });
    expect(shares).toEqual([0.25, 0.5]);
  });
});

describe('a player that reads its video whole', () => {
  it('reads nothing until it is asked to play', async () => {
    const w = fakeWindow();
    const v = new WholeVideo('/videos/abc', 1000, () => {}, w.reader);
    await Promise.resolve();
    expect(v.phase).toBe('idle');
    expect(w.asked).toEqual([]);
  });
  it('goes from idle to loading to ready, reading once however often it is asked', async () => {
    let release!: () => void;
    const w = fakeWindow(1000, 4, { hold: new Promise((r) => (release = r)) });
    const seen: string[] = [];
    const v = new WholeVideo('/videos/abc', 1000, () => seen.push(`${v.phase} ${v.share}`), w.reader);
    const first = v.load();
    const second = v.load();
    expect(v.phase).toBe('loading');
    expect(v.share).toBe(0);
    release();
    await Promise.all([first, second]);
    await v.load();
    expect(w.asked).toEqual(['/videos/abc']);
    expect(v.phase).toBe('ready');
    expect(v.src).toBe('blob:video-1');
    expect(seen).toEqual(['loading 0', 'loading 0.25', 'loading 0.5', 'loading 0.75', 'loading 1', 'ready 1']);
    v.release();
    expect(w.revoked).toEqual(['blob:video-1']);
  });
  it('says why it failed, and reads again when asked again', async () => {
    const w = fakeWindow(1000, 1, { status: 404 });
    const v = new WholeVideo('/videos/abc', 0, () => {}, w.reader);
    await v.load();
    expect(v.phase).toBe('error');
    expect(v.error).toMatch(/could not be read \(404/);
    expect(v.src).toBe('');
    await v.load();
    expect(w.asked).toHaveLength(2);
  });
  it('stops a read under way when its player goes, keeping nothing', async () => {
    let release!: () => void;
    const w = fakeWindow(1000, 4, { hold: new Promise((r) => (release = r)) });
    const v = new WholeVideo('/videos/abc', 1000, () => {}, w.reader);
    const reading = v.load();
    v.release();
    release();
    await reading;
    expect(w.aborted()).toBe(true);
    expect(v.phase).toBe('loading');
    expect(v.src).toBe('');
    await v.load();
    expect(w.asked).toHaveLength(1);
  });
});
