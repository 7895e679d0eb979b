// Rough transcripts under the video player: which chapter is playing, and
// the link a search hit opens a video with.

export interface TimedChapter {
  start: number; // ms
  title: string;
}

/** currentChapter returns the index of the chapter playing at ms, or -1 before the first. */
export function currentChapter(chapters: TimedChapter[], ms: number): number {
  let at = -1;
  for (let i = 0; i < chapters.length; i++) {
    if (chapters[i].start <= ms) at = i;
    else break;
  }
  return at;
}

/** mediaFragment is what a video's URL ends with to start playing at ms (a media fragment, #t=seconds). */
export function mediaFragment(ms: number | undefined): string {
  if (!ms || ms <= 0 || !Number.isFinite(ms)) return '';
  return `#t=${(Math.floor(ms / 100) / 10).toFixed(1)}`;
}
