// What a focus session looks like to the team. Pure functions.
import { timeIn } from '../chat/chat';

/** focusing reports whether a session ending at until is on at now. */
export function focusing(until: string | undefined, now: number): boolean {
  const t = Date.parse(until ?? '');
  return !Number.isNaN(t) && t > now;
}

/**
 * focusText says when someone is back: "Focusing until 11:30 — 16:30 your
 * time", in their zone and in mine (once when the zones read the same).
 */
export function focusText(until: string | undefined, theirZone: string, myZone: string, now: number): string {
  if (!focusing(until, now)) return '';
  const theirs = timeIn(until!, theirZone);
  const mine = timeIn(until!, myZone);
  return theirs === mine ? `Focusing until ${theirs}` : `Focusing until ${theirs} — ${mine} your time`;
}
