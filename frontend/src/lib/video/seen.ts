// "Seen by" for video messages: when a viewer counts as having watched,
// and the line the player shows.
import type { VideoSeenView } from '../api/types';

/** seenAfterSeconds is how much of a video is played before its viewer counts as having seen it (Go's store.SeenAfter). */
export const seenAfterSeconds = 3;

/** playedSeconds adds up the stretches of a video that played, however the viewer skipped. */
export function playedSeconds(played: { length: number; start(i: number): number; end(i: number): number }): number {
  let total = 0;
  for (let i = 0; i < played.length; i++) total += Math.max(0, played.end(i) - played.start(i));
  return total;
}

/** watched says whether a viewer saw enough: three seconds played, or the end of a shorter video. */
export function watched(played: number, ended: boolean): boolean {
  return ended || played >= seenAfterSeconds;
}

/** seenLine writes who watched, as "Seen by Ada, Grace · 2 of 5"; '' when the video was sent to no one else. */
export function seenLine(s: Pick<VideoSeenView, 'audience' | 'seen'>, shown = 3): string {
  if (s.audience <= 0) return '';
  const of = `${s.seen.length} of ${s.audience}`;
  if (s.seen.length === 0) return `Not seen yet · ${of}`;
  const names = s.seen.slice(0, shown).map((p) => p.name);
  const more = s.seen.length - names.length;
  return `Seen by ${names.join(', ')}${more > 0 ? ` and ${more} more` : ''} · ${of}`;
}
