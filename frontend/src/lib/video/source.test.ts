import { describe, expect, it } from 'vitest';
import { mediaSource, readsWhole } from './source';

const linux = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';
const mac = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko)';

describe('where a video is read from', () => {
  it('reads whole only in Linux’s real window, whose scheme GStreamer cannot open', () => {
    expect(readsWhole('wails:', linux)).toBe(true);
    expect(readsWhole('wails:', mac)).toBe(false);
    expect(readsWhole('http:', linux)).toBe(false);
  });
  it('plays the URL itself elsewhere, with nothing to let go', async () => {
    const m = await mediaSource('/videos/abc', 'http:', linux);
    expect(m.src).toBe('/videos/abc');
    m.release();
  });
});
