// What the review screens say: labels, due times in two time zones, and
// what a person may do next. Pure functions of their inputs.
import { addDays as moveDays, calendarDate, clock, date, dayKey } from '../time.svelte';
import type { PageStatus, ReviewState, ReviewView, ReviewerView } from '../api/types';

export const statusLabel: Record<PageStatus, string> = { draft: 'Draft', review: 'In review', decided: 'Decided' };

export const stateLabel: Record<ReviewState, string> = {
  unread: 'Not yet read',
  read: 'Read',
  commented: 'Commented',
  approved: 'Approved',
};

/** asStatus reads a status from Go, treating anything unknown as a draft. */
export function asStatus(s: string | undefined): PageStatus {
  return s === 'review' || s === 'decided' ? s : 'draft';
}

/** city names a time zone the way people say it: "Asia/Tokyo" → "Tokyo". */
export function city(timeZone: string): string {
  const last = timeZone.split('/').pop() ?? timeZone;
  return last.replace(/_/g, ' ');
}

export interface DueText {
  /** In the reviewer's own time zone, e.g. "Fri 6 Mar, 17:00 Tokyo". */
  theirs: string;
  /** In the viewer's, e.g. "Fri 6 Mar, 08:00", or "" when the zones agree. */
  mine: string;
}

/**
 * dueText shows a due instant in the reviewer's time zone, and in the
 * viewer's when that reads differently (just the time when the day is the same).
 */
export function dueText(due: string, theirZone: string, myZone: string): DueText {
  const day = (zone: string) => date(due, { weekday: 'short', year: 'never' }, zone);
  const theirDay = day(theirZone);
  if (theirDay === '') return { theirs: '', mine: '' };
  const theirTime = clock(due, theirZone);
  const myDay = day(myZone);
  const myTime = clock(due, myZone);
  const theirs = `${theirDay}, ${theirTime}`;
  if (theirZone === myZone || (myDay === theirDay && myTime === theirTime)) return { theirs, mine: '' };
  return { theirs: `${theirs} ${city(theirZone)}`, mine: myDay === theirDay ? myTime : `${myDay}, ${myTime}` };
}

/** isOverdue reports whether a reviewer who has not approved is past due. */
export function isOverdue(r: ReviewerView, now: number): boolean {
  const t = Date.parse(r.due);
  return r.state !== 'approved' && !Number.isNaN(t) && t < now;
}

/** progress counts the approvals of a review, e.g. "1 of 3 approved". */
export function progress(review: ReviewView): { approved: number; total: number } {
  return { approved: review.reviewers.filter((r) => r.state === 'approved').length, total: review.reviewers.length };
}

/** nextStatuses are the moves the owner can make from a status. */
export function nextStatuses(s: PageStatus): PageStatus[] {
  switch (s) {
    case 'draft':
      return ['review'];
    case 'review':
      return ['decided', 'draft'];
    case 'decided':
      return ['review', 'draft'];
  }
}

/** whyNotStatus says why the owner cannot move to a status yet, or "". */
export function whyNotStatus(review: ReviewView, to: PageStatus): string {
  if (to === 'review' && review.reviewers.length === 0) return 'Add a reviewer first.';
  return '';
}

/** whyNotReady says why a meeting page cannot be marked ready, or "". */
export function whyNotReady(review: ReviewView): string {
  const m = review.meeting;
  if (!m.preReadId) return 'Link the pre-read first.';
  if (m.preReadGone) return 'The pre-read was deleted; link another one.';
  if (asStatus(m.preReadStatus) === 'draft') return `The pre-read “${m.preReadTitle || 'Untitled'}” is still a draft.`;
  return '';
}

/** addDays returns the YYYY-MM-DD date n days after today in a time zone. */
export function addDays(now: number, n: number, timeZone: string): string {
  return moveDays(dayKey(now, timeZone) || new Date(now).toISOString().slice(0, 10), n);
}

/** dayLabel shows a YYYY-MM-DD date as "Fri 6 Mar" (in the reader's order). */
export function dayLabel(day: string): string {
  return calendarDate(day, { weekday: 'short', year: 'never' });
}
