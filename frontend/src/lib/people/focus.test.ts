import { describe, expect, it } from 'vitest';
import { badge, focusText, focusing, untilAt } from './focus';
import { configureTime } from '../time.svelte';

// These tests read British English on a 24-hour clock; time.test.ts covers the other formats.
configureTime({ locale: 'en-GB', hours: '', zone: 'UTC' });

describe('focus', () => {
  const now = Date.parse('2026-01-12T10:00:00Z');
  it('says when they are back, in their time and mine', () => {
    // 11:30 in London is 20:30 in Tokyo.
    expect(focusText('2026-01-12T11:30:00Z', 'Europe/London', 'Asia/Tokyo', now)).toBe('Focusing until 11:30 — 20:30 your time');
    expect(focusText('2026-01-12T11:30:00Z', 'Europe/London', 'UTC', now)).toBe('Focusing until 11:30');
  });
  it('is nothing once the session has ended', () => {
    expect(focusText('2026-01-12T09:59:00Z', 'UTC', 'UTC', now)).toBe('');
    expect(focusing('', now)).toBe(false);
  });

  it('finds the next time a clock reads a time, in that zone', () => {
    // 10:00 UTC is 11:00 in Berlin in January: 14:30 Berlin is 13:30 UTC today.
    expect(untilAt('14:30', 'Europe/Berlin', now)).toBe('2026-01-12T13:30:00.000Z');
    // 10:30 in Berlin has passed: tomorrow's.
    expect(untilAt('10:30', 'Europe/Berlin', now)).toBe('2026-01-13T09:30:00.000Z');
    // Lord Howe is 10:30 ahead in its winter, 11 in its summer (January).
    expect(untilAt('22:00', 'Australia/Lord_Howe', now)).toBe('2026-01-12T11:00:00.000Z');
    expect(untilAt('25:00', 'UTC', now)).toBe('');
    expect(untilAt('9:00', 'UTC', now)).toBe('');
  });
  it('finds the time across a clock change', () => {
    // New York springs forward on 8 March 2026: 09:00 on the 9th is EDT (13:00 UTC).
    const sat = Date.parse('2026-03-08T03:00:00Z'); // 22:00 EST on the 7th
    expect(untilAt('23:30', 'America/New_York', sat)).toBe('2026-03-08T04:30:00.000Z');
    const sun = Date.parse('2026-03-08T20:00:00Z'); // 16:00 EDT on the 8th
    expect(untilAt('09:00', 'America/New_York', sun)).toBe('2026-03-09T13:00:00.000Z');
  });
  it('keeps the badge still while focusing', () => {
    let b = badge({ focusing: false, count: 0 }, false, 2);
    expect(b.count).toBe(2);
    b = badge(b, true, 3); // focus begins: the count as it is then
    expect(b.count).toBe(3);
    b = badge(b, true, 7); // items arrive while focusing
    expect(b.count).toBe(3);
    b = badge(b, false, 7); // focus ends
    expect(b.count).toBe(7);
  });
});
