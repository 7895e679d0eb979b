// Where a <video> reads a video from. In Linux's real window the page is
// served from Wails' own URI scheme (wails://), and WebKitGTK hands a
// media element's URL straight to GStreamer, which has no source for a
// scheme it does not know: the element fails with a format error before a
// byte is read (WebKit bug 146351, measured here with the recorder's review
// player). There the video is read whole through fetch, which the scheme
// does serve, and played from a blob: a video message is three minutes at
// most (tens of megabytes), and the blob is let go with its player.
// Everywhere else (Chromium in the tests, macOS, Windows) the URL is used
// as it is, with range requests.

/** readsWhole tells whether videos must be read whole before they play. */
export function readsWhole(protocol: string, userAgent: string): boolean {
  return protocol === 'wails:' && /Linux/.test(userAgent);
}

/** A video's source for a media element, and how to let it go. */
export interface MediaSource {
  src: string;
  release: () => void;
}

/** mediaSource returns what a media element should play for the video served at url. */
export async function mediaSource(url: string, protocol = location.protocol, userAgent = navigator.userAgent): Promise<MediaSource> {
  if (!readsWhole(protocol, userAgent)) return { src: url, release: () => {} };
  const r = await fetch(url);
  if (!r.ok) throw new Error(`The video could not be read (${r.status} ${r.statusText}).`);
  const src = URL.createObjectURL(await r.blob());
  return { src, release: () => URL.revokeObjectURL(src) };
}
