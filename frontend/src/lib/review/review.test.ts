import { describe, expect, it } from 'vitest';
import type { ReviewView } from '../api/types';
import { addDays, asStatus, city, dayLabel, dueText, isOverdue, progress, whyNotReady, whyNotStatus } from './review';
import { configureTime } from '../time.svelte';

// These tests read British English on a 24-hour clock; time.test.ts covers the other formats.
configureTime({ locale: 'en-GB', hours: '', zone: 'UTC' });

function review(over: Partial<ReviewView> = {}): ReviewView {
  return {
    pageId: 'p',
    kind: '',
    status: 'draft',
    ownerId: 'a',
    reviewBy: '',
    reviewers: [],
    meeting: { preReadId: '', preReadTitle: '', preReadStatus: '', preReadGone: false, ready: false },
    decisions: [],
    decidedAt: '',
    decidedBy: '',
    decidedByName: '',
    ...over,
  };
}

describe('dueText', () => {
  it('shows the due time in the reviewer’s zone and in mine', () => {
    // 17:00 in Tokyo is 08:00 in London (winter).
    const d = dueText('2026-03-06T08:00:00Z', 'Asia/Tokyo', 'Europe/London');
    expect(d.theirs).toBe('Fri 6 Mar, 17:00 Tokyo');
    expect(d.mine).toBe('08:00');
  });
  it('says it once when both are in the same zone', () => {
    const d = dueText('2026-03-06T17:00:00Z', 'Europe/London', 'Europe/London');
    expect(d).toEqual({ theirs: 'Fri 6 Mar, 17:00', mine: '' });
  });
  it('crosses the date line', () => {
    // 16:30 Friday in New York is 06:30 Saturday in Tokyo.
    const d = dueText('2026-03-06T21:30:00Z', 'America/New_York', 'Asia/Tokyo');
    expect(d.theirs).toBe('Fri 6 Mar, 16:30 New York');
    expect(d.mine).toBe('Sat 7 Mar, 06:30');
  });
  it('gives nothing for a missing time', () => {
    expect(dueText('', 'UTC', 'UTC')).toEqual({ theirs: '', mine: '' });
  });
});

describe('review rules', () => {
  it('needs a reviewer before review', () => {
    expect(whyNotStatus(review(), 'review')).toMatch(/reviewer/);
    const r = review({ reviewers: [{ memberId: 'b', name: 'Bo', timeZone: 'UTC', state: 'unread', dueDate: '2026-03-06', due: '2026-03-06T17:00:00Z' }] });
    expect(whyNotStatus(r, 'review')).toBe('');
    expect(progress(r)).toEqual({ approved: 0, total: 1 });
  });
  it('needs a pre-read past draft before a meeting is ready', () => {
    const m = (meeting: Partial<ReviewView['meeting']>) => review({ kind: 'meeting', meeting: { ...review().meeting, ...meeting } });
    expect(whyNotReady(m({}))).toMatch(/Link the pre-read/);
    expect(whyNotReady(m({ preReadId: 'x', preReadTitle: 'Memo', preReadStatus: 'draft' }))).toMatch(/“Memo” is still a draft/);
    expect(whyNotReady(m({ preReadId: 'x', preReadGone: true }))).toMatch(/deleted/);
    expect(whyNotReady(m({ preReadId: 'x', preReadStatus: 'review' }))).toBe('');
  });
  it('is overdue only while not approved', () => {
    const r = { memberId: 'b', name: 'Bo', timeZone: 'UTC', state: 'read' as const, dueDate: '', due: '2026-03-06T17:00:00Z' };
    const after = Date.parse('2026-03-07T00:00:00Z');
    expect(isOverdue(r, after)).toBe(true);
    expect(isOverdue({ ...r, state: 'approved' }, after)).toBe(false);
    expect(isOverdue(r, Date.parse('2026-03-06T16:00:00Z'))).toBe(false);
  });
  it('reads unknown statuses as drafts', () => {
    expect(asStatus('bogus')).toBe('draft');
    expect(asStatus('decided')).toBe('decided');
  });
});

describe('dates', () => {
  it('counts days from today in a zone', () => {
    // 23:30 UTC on 1 March is already 2 March in Tokyo.
    const now = Date.parse('2026-03-01T23:30:00Z');
    expect(addDays(now, 0, 'UTC')).toBe('2026-03-01');
    expect(addDays(now, 0, 'Asia/Tokyo')).toBe('2026-03-02');
    expect(addDays(now, 3, 'Asia/Tokyo')).toBe('2026-03-05');
  });
  it('labels days and cities', () => {
    expect(dayLabel('2026-03-06')).toBe('Fri 6 Mar');
    expect(city('America/Argentina/Buenos_Aires')).toBe('Buenos Aires');
  });
});
