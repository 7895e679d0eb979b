import { afterEach, describe, expect, it } from 'vitest';
import {
  autoRegional, calendarRange, clock, configureTime, dateTime, dayLabel, fromInputValue, fullTime, postTime,
  toInputValue, uses12Hours, wallClock, wallRange,
} from './time.svelte';

// U+202F and U+2009 (narrow spaces ICU puts before "am" and around dashes) read as spaces here.
const plain = (s: string) => s.replace(/\s/g, ' ');
const at = Date.parse('2026-03-14T14:05:00Z'); // 19:35 in Kolkata, 15:05 in Stockholm

afterEach(() => configureTime({ zone: 'UTC', hours: '', locale: '', countries: {}, system: 'en-US' }));

describe('the one time model', () => {
  it('shows times in the profile zone, whatever the computer’s', () => {
    configureTime({ zone: 'Asia/Kolkata', locale: 'en-GB' });
    expect(clock(at)).toBe('19:35');
    expect(plain(fullTime(at))).toBe('14 Mar 2026, 19:35');
    configureTime({ zone: 'Europe/Stockholm' });
    expect(clock(at)).toBe('15:05');
    // A zone named explicitly (a teammate's local time) stays theirs.
    expect(clock(at, 'America/New_York')).toBe('10:05');
  });

  it('takes the 12/24-hour choice over the regional default', () => {
    configureTime({ zone: 'Asia/Kolkata', locale: 'en-GB', hours: '12' });
    expect(uses12Hours()).toBe(true);
    expect(plain(clock(at))).toBe('7:35 pm');
    configureTime({ locale: 'en-US', hours: '24' });
    expect(clock(at)).toBe('19:35');
    expect(wallClock('09:00')).toBe('09:00');
    configureTime({ hours: '12' });
    expect(plain(wallRange('09:00', '17:00'))).toBe('9:00 AM – 5:00 PM');
  });

  it('works the regional format out from the system language and the zone’s country', () => {
    const countries = { 'Europe/Stockholm': 'SE', 'Asia/Kolkata': 'IN', 'America/New_York': 'US', 'Europe/Athens': 'GR' };
    configureTime({ system: 'en-US', countries, zone: 'Europe/Stockholm' });
    expect(uses12Hours()).toBe(false);
    expect(plain(fullTime(at))).not.toMatch(/\b3\/14\b|Mar 14/); // never US order for a European profile
    expect(plain(dateTime(at, { year: 'always' }))).toBe('14 Mar 2026, 15:05');
    configureTime({ zone: 'Asia/Kolkata' });
    expect(uses12Hours()).toBe(true);
    expect(plain(dateTime(at, { year: 'always' }))).toMatch(/^14 Mar 2026, 7:35 pm$/i);
    configureTime({ zone: 'America/New_York' });
    expect(plain(dateTime(at, { year: 'always' }))).toBe('Mar 14, 2026, 10:05 AM');
    // English has no Greek format: day first, on the Greek clock.
    expect(autoRegional('en-US', 'GR').locale).not.toBe('en-US');
    expect(autoRegional('en-US', 'BR')).toMatchObject({ hourCycle: 'h23' });
  });

  it('says today, yesterday and the day in the profile zone', () => {
    configureTime({ zone: 'Asia/Kolkata', locale: 'en-GB' });
    const now = Date.parse('2026-03-14T20:00:00Z'); // 01:30 on the 15th in Kolkata
    expect(dayLabel('2026-03-14T19:00:00Z', now)).toBe('Today'); // 00:30 on the 15th there
    expect(dayLabel('2026-03-14T18:00:00Z', now)).toBe('Yesterday');
    expect(postTime('2026-03-14T19:00:00Z', now)).toBe('00:30');
    expect(plain(postTime('2026-03-10T12:00:00Z', now))).toBe('10 Mar, 17:30');
  });

  it('reads date and time inputs on the profile clock', () => {
    configureTime({ zone: 'Asia/Kolkata' });
    expect(fromInputValue('2026-03-14T19:35')).toBe('2026-03-14T14:05:00.000Z');
    expect(toInputValue(at)).toBe('2026-03-14T19:35');
    expect(fromInputValue('nonsense')).toBe('');
  });

  it('writes date ranges in the reader’s order', () => {
    configureTime({ locale: 'en-GB' });
    expect(plain(calendarRange('2026-03-02', '2026-03-08'))).toBe('2 – 8 Mar');
    configureTime({ locale: 'en-US' });
    expect(plain(calendarRange('2026-03-02', '2026-03-08'))).toBe('Mar 2 – 8');
  });
});
