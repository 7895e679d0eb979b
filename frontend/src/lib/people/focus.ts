// What a focus session looks like to the team. Pure functions.
import { timeIn } from '../chat/chat';
import { addDays, dayKey, instantAt } from '../time.svelte';

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

/**
 * untilAt is the next time a clock in timeZone reads hhmm ("14:30"), after
 * now: today's, or tomorrow's when today's has passed. "" for a bad time.
 */
export function untilAt(hhmm: string, timeZone: string, now: number): string {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return '';
  const today = dayKey(now, timeZone);
  for (let day = 0; day <= 1; day++) {
    const [y, mo, d] = addDays(today, day).split('-').map(Number);
    const t = instantAt(y, mo, d, Number(m[1]), Number(m[2]), timeZone);
    if (t > now) return new Date(t).toISOString();
  }
  return '';
}

export interface Badge {
  focusing: boolean;
  count: number;
}

/**
 * badge is the unread count to show: while focusing it stays what it was
 * when focus began, so that nothing moves on screen; after, the real one.
 */
export function badge(prev: Badge, focusingNow: boolean, actual: number): Badge {
  if (focusingNow && prev.focusing) return prev;
  return { focusing: focusingNow, count: actual };
}

export const dayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
