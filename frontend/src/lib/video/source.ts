// Where a <video> reads a video from. In Linux's real window the page is
// served from Wails' own URI scheme (wails://), and WebKitGTK hands a
// media element's URL straight to GStreamer, which has no source for a
// scheme it does not know: the element fails with a format error before a
// byte is read (WebKit bug 146351, measured here with the recorder's review
// player). There the video is read whole through fetch, which the scheme
// does serve, and played from a blob: a video message is three minutes at
// most (tens of megabytes), and the blob is let go with its player. So a
// feed of ten videos does not read ten of them as it scrolls, a player
// there reads its video only when the person presses play (WholeVideo).
// Everywhere else (Chromium in the tests, macOS, Windows) the URL is used
// as it is, with range requests.

/** readsWhole tells whether videos must be read whole before they play. */
export function readsWhole(protocol: string, userAgent: string): boolean {
  return protocol === 'wails:' && /Linux/.test(userAgent);
}

/**
 * mustReadWhole is readsWhole for this window; the e2e tests ask Chromium
 * to behave so too (longhand.test.readWhole), to test the poster-first
 * player where they can watch its requests.
 */
export function mustReadWhole(): boolean {
  return readsWhole(location.protocol, navigator.userAgent) || globalThis.localStorage?.getItem('longhand.test.readWhole') === '1';
}

/** A video's source for a media element, and how to let it go; whole when it is a blob read into memory. */
export interface MediaSource {
  src: string;
  whole: boolean;
  release: () => void;
}

/** What reading a video whole needs from the window; tests pass their own. */
export interface Reader {
  fetch: (url: string, init: { signal: AbortSignal }) => Promise<Response>;
  createObjectURL: (b: Blob) => string;
  revokeObjectURL: (url: string) => void;
}

const windowReader: Reader = {
  fetch: (url, init) => fetch(url, init),
  createObjectURL: (b) => URL.createObjectURL(b),
  revokeObjectURL: (u) => URL.revokeObjectURL(u),
};

/**
 * readWhole reads the video at url into a blob, telling onProgress the
 * share of it read so far (0–1): its size is the response's length, else
 * size (what the store says), else unknown (onProgress is not called).
 */
export async function readWhole(url: string, opts: { size?: number; signal?: AbortSignal; onProgress?: (share: number) => void; reader?: Reader } = {}): Promise<MediaSource> {
  const reader = opts.reader ?? windowReader;
  const r = await reader.fetch(url, { signal: opts.signal ?? new AbortController().signal });
  if (!r.ok) throw new Error(`The video could not be read (${r.status} ${r.statusText}).`);
  let blob: Blob;
  const total = Number(r.headers.get('Content-Length')) || opts.size || 0;
  if (r.body && total > 0 && opts.onProgress) {
    const parts: Uint8Array[] = [];
    let got = 0;
    const body = r.body.getReader();
    for (;;) {
      const { done, value } = await body.read();
      if (done) break;
      parts.push(value);
      got += value.length;
      opts.onProgress(Math.min(1, got / total));
    }
    blob = new Blob(parts as BlobPart[], { type: r.headers.get('Content-Type') ?? '' });
  } else {
    blob = await r.blob();
  }
  const src = reader.createObjectURL(blob);
  return { src, whole: true, release: () => reader.revokeObjectURL(src) };
}

/** mediaSource returns what a media element should play for the video served at url, at once. */
export async function mediaSource(url: string, whole = mustReadWhole()): Promise<MediaSource> {
  if (!whole) return { src: url, whole: false, release: () => {} };
  return readWhole(url);
}

/** Where a player that reads its video whole is: nothing read, reading, playable, or failed. */
export type WholePhase = 'idle' | 'loading' | 'ready' | 'error';

/**
 * WholeVideo is a player's video where it must be read whole: nothing is
 * read until load is called (the person pressed play, or asked for a
 * moment of it), it is read once however often load is called, and what
 * was read, or is being read, is let go with release. onchange is called
 * whenever phase, share, src or error change.
 */
export class WholeVideo {
  phase: WholePhase = 'idle';
  /** share is how much has been read, 0–1, or -1 when the size is not known. */
  share = 0;
  src = '';
  error = '';
  private reading: Promise<void> | null = null;
  private source: MediaSource | null = null;
  private readonly abort = new AbortController();

  constructor(
    readonly url: string,
    readonly size: number,
    private readonly onchange: () => void = () => {},
    private readonly reader: Reader = windowReader,
  ) {}

  /** load reads the video, or waits for the read already started; after a failure it tries again. */
  load(): Promise<void> {
    if (this.phase === 'ready' || this.abort.signal.aborted) return Promise.resolve();
    this.reading ??= this.read();
    return this.reading;
  }

  private async read(): Promise<void> {
    this.phase = 'loading';
    this.share = this.size > 0 ? 0 : -1;
    this.error = '';
    this.onchange();
    try {
      const m = await readWhole(this.url, {
        size: this.size,
        signal: this.abort.signal,
        reader: this.reader,
        onProgress: (s) => {
          this.share = s;
          this.onchange();
        },
      });
      if (this.abort.signal.aborted) return m.release();
      this.source = m;
      this.src = m.src;
      this.phase = 'ready';
    } catch (e) {
      if (this.abort.signal.aborted) return;
      this.phase = 'error';
      this.error = e instanceof Error && e.message ? e.message : 'The video could not be read.';
      this.reading = null;
    }
    this.onchange();
  }

  /** release stops a read under way and lets go of what was read. */
  release(): void {
    this.abort.abort();
    this.source?.release();
    this.source = null;
  }
}
