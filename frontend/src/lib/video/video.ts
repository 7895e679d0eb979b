// Video messages: the rules the recorder shows (Go enforces them again),
// how a take's time is counted, and the Markdown that names a video.

/** formatLength writes milliseconds as m:ss, rounded down, as the timer shows them. */
export function formatLength(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** posterTitle matches a video link's title naming its thumbnail: poster attachment:<hash>. */
const posterTitle = /^poster attachment:([0-9a-f]{64})$/;

/**
 * videoMarkdown writes the Markdown for a video message: a link whose text
 * is its summary, which the read view shows as a player. Its thumbnail,
 * when there is one, is named in the link's title ("poster attachment:<hash>"),
 * so it is a blob the page names like any image: synced, fetched and kept.
 */
export function videoMarkdown(summary: string, ref: string, lengthMs: number, poster = ''): string {
  const text = summary.replace(/[\\[\]\n\r]/g, ' ').replace(/\s+/g, ' ').trim() || 'Video';
  const title = /^attachment:[0-9a-f]{64}$/.test(poster) ? ` "poster ${poster}"` : '';
  return `[▶ ${text} (${formatLength(lengthMs)})](${ref}${title})`;
}

/** posterOf reads the thumbnail's hash from a video link's title, or ''. */
export function posterOf(title: string | null | undefined): string {
  return posterTitle.exec(title ?? '')?.[1] ?? '';
}

/** checkSummary says why a summary cannot be sent, or null: one line, 1–200 characters (as Go checks). */
export function checkSummary(s: string): string | null {
  const t = s.trim();
  if (t === '') return 'Write one line saying what the viewer should take away.';
  if (/[\r\n]/.test(t)) return 'The summary is one line.';
  if ([...t].length > 200) return 'The summary is at most 200 characters.';
  return null;
}

/**
 * The types MediaRecorder is asked for, best first: WebM with VP8 and Opus
 * (VP9 takes several times the processor to encode in real time, which a
 * screen recording on a busy laptop cannot spare), then VP9, else MP4.
 */
export const recordTypes = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm', 'video/mp4'];

/** pickRecordType returns the first type the recorder supports, or '' to let it choose. */
export function pickRecordType(supported: (t: string) => boolean): string {
  return recordTypes.find((t) => supported(t)) ?? '';
}

/**
 * TakeClock counts a take's time and says when it must stop: at the limit
 * exactly. speed > 1 only in tests of the stop (see testClockSpeed); Go
 * checks the real length of what is recorded.
 */
export class TakeClock {
  private started = 0;
  constructor(
    readonly limitMs: number,
    private readonly now: () => number = () => performance.now(),
    private readonly speed = 1,
  ) {}
  start(): void {
    this.started = this.now();
  }
  elapsed(): number {
    return Math.min(this.limitMs, (this.now() - this.started) * this.speed);
  }
  done(): boolean {
    return (this.now() - this.started) * this.speed >= this.limitMs;
  }
  /** msLeft is how long, in real time, until the limit. */
  msLeft(): number {
    return Math.max(0, (this.limitMs - (this.now() - this.started) * this.speed) / this.speed);
  }
}

/** testClockSpeed is how much faster the recorder's clock runs; set only by the e2e test of the 3:00 stop. */
export function testClockSpeed(): number {
  const v = Number(globalThis.localStorage?.getItem('longhand.test.clockSpeed') ?? '1');
  return Number.isFinite(v) && v >= 1 ? v : 1;
}

/** captureError turns getUserMedia's and getDisplayMedia's errors into a sentence a person can act on. */
export function captureError(e: unknown, what: string): string {
  const name = (e as { name?: string } | null)?.name ?? '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return `Longhand was not allowed to use the ${what}. Allow it, or choose another source.`;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return `No ${what} was found on this computer.`;
    case 'NotReadableError':
    case 'AbortError':
      return `The ${what} is in use by another app, or stopped working.`;
  }
  return `The ${what} could not be used${e instanceof Error && e.message ? `: ${e.message}` : ''}.`;
}

/**
 * windowRecords says whether the window can record a take itself: it has
 * MediaRecorder and can make one. WebKitGTK on Debian 12 has the class but
 * throws "MediaRecorder is unsupported on this platform"; Go records there.
 */
export function windowRecords(make: () => unknown = () => new MediaRecorder(new MediaStream())): boolean {
  if (typeof MediaRecorder === 'undefined' || typeof MediaStream === 'undefined') return false;
  try {
    make();
    return true;
  } catch {
    return false;
  }
}

/** nativeWhat says what Go's recorder records, for the line under its picture. */
export function nativeWhat(source: 'camera' | 'screen' | 'both', mic: boolean): string {
  const what = { camera: 'the camera', screen: 'the screen', both: 'the screen and the camera' }[source];
  return mic ? `${what} and the microphone` : what;
}

/** Speeds the player offers. */
export const speeds = [1, 1.25, 1.5, 1.75, 2];
