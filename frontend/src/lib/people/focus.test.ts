import { describe, expect, it } from 'vitest';
import { focusText, focusing } from './focus';

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
});
