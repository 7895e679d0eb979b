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

/** offsetMinutes is how far a zone's clock is ahead of UTC at an instant. */
function offsetMinutes(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(new Date(at));
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour') % 24, n('minute'));
  return Math.round((asUtc - Math.floor(at / 60_000) * 60_000) / 60_000);
}

/**
 * untilAt is the next time a clock in timeZone reads hhmm ("14:30"), after
 * now: today's, or tomorrow's when today's has passed. "" for a bad time.
 */
export function untilAt(hhmm: string, timeZone: string, now: number): string {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return '';
  const local = new Date(now + offsetMinutes(now, timeZone) * 60_000);
  for (let day = 0; day <= 1; day++) {
    const wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + day, Number(m[1]), Number(m[2]));
    // The offset at the guess, then at the answer: right across a clock change.
    let t = wall - offsetMinutes(wall, timeZone) * 60_000;
    t = wall - offsetMinutes(t, timeZone) * 60_000;
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
