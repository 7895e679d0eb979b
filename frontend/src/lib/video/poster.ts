// A video's thumbnail: the frame about a second in, drawn from the stored
// video in the window (the only place that decodes video) and sent to Go
// as a small JPEG, which checks that it decodes before keeping it.
import { toBase64 } from '../editor/attachText';
import { mediaSource, type MediaSource } from './source';

/** posterWidth is how wide a thumbnail is drawn: sharp in a feed, a few tens of kilobytes. */
export const posterWidth = 480;

/** posterTime is where the thumbnail is taken, in seconds: a second in, or the middle of a shorter video. */
export function posterTime(lengthMs: number): number {
  return Math.max(0, Math.min(1, lengthMs / 2000));
}

/** posterSize fits a picture of w×h into maxWidth, keeping its shape. */
export function posterSize(w: number, h: number, maxWidth = posterWidth): { width: number; height: number } {
  if (w <= 0 || h <= 0) return { width: 0, height: 0 };
  const width = Math.min(maxWidth, w);
  return { width, height: Math.max(1, Math.round((h * width) / w)) };
}

function once(el: HTMLMediaElement, event: string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      el.removeEventListener(event, onEvent);
      el.removeEventListener('error', onError);
      if (ok) resolve();
      else reject(new Error(`the video gave no ${event}`));
    };
    const onEvent = () => done(true);
    const onError = () => done(false);
    const timer = setTimeout(() => done(false), ms);
    el.addEventListener(event, onEvent);
    el.addEventListener('error', onError);
  });
}

/**
 * capturePoster draws the frame at posterTime of the video at url as a
 * JPEG, in base64; null when there is no picture to take (a video with
 * sound only, or one the window cannot decode). A video without a
 * thumbnail still plays. read is the same video already read whole (the
 * take the recorder's review played): drawn from it, the video is not
 * read a second time. It stays the caller's to let go.
 */
export async function capturePoster(url: string, lengthMs: number, read: MediaSource | null = null): Promise<string | null> {
  const v = document.createElement('video');
  v.muted = true;
  v.playsInline = true;
  v.preload = 'auto';
  let release = () => {};
  try {
    if (read?.whole) v.src = read.src;
    else {
      const m = await mediaSource(url);
      release = m.release;
      v.src = m.src;
    }
    await once(v, 'loadeddata', 10_000);
    const { width, height } = posterSize(v.videoWidth, v.videoHeight);
    if (width === 0) return null;
    const at = posterTime(lengthMs);
    if (at > 0) {
      const seeked = once(v, 'seeked', 10_000);
      v.currentTime = at;
      await seeked;
    }
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d')?.drawImage(v, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', 0.82));
    return blob ? await toBase64(blob) : null;
  } catch {
    return null;
  } finally {
    v.removeAttribute('src');
    v.load();
    release();
  }
}
