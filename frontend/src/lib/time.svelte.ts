// The one time model. Every date and time a person reads goes through this
// module: in the viewer's profile time zone (never the computer's), in their
// regional format, with their 12- or 24-hour choice. Components call the
// functions below; they read the settings as Svelte state, so a change of
// zone, format or clock choice redraws every time on screen at once.
//
// No other module may format a date or a time: time.lint.test.ts fails on a
// toLocale*String or an Intl.DateTimeFormat anywhere else, and on reading the
// computer's clock fields (getHours, getDate...) that depend on its zone.

/** How the person reads clock times: automatic (from the regional format), 12-hour or 24-hour. */
export type HourChoice = '' | '12' | '24';

export interface TimeSettings {
  /** The viewer's profile time zone (IANA). */
  zone: string;
  /** The 12/24-hour choice; '' follows the regional format. */
  hours: HourChoice;
  /** The chosen regional format (BCP 47); '' works it out. */
  locale: string;
  /** The two-letter country of each time zone, for the automatic format. */
  countries: Record<string, string>;
  /** The system's language (navigator.language). */
  system: string;
}

function systemLanguage(): string {
  try {
    return (typeof navigator !== 'undefined' && navigator.language) || 'en-US';
  } catch {
    return 'en-US';
  }
}

const settings = $state<TimeSettings>({ zone: 'UTC', hours: '', locale: '', countries: {}, system: systemLanguage() });

/** configureTime changes what the formatters use; every time on screen follows. */
export function configureTime(s: Partial<TimeSettings>): void {
  if (s.zone !== undefined && s.zone !== settings.zone) settings.zone = knownZone(s.zone) ? s.zone : 'UTC';
  if (s.hours !== undefined && s.hours !== settings.hours) settings.hours = s.hours === '12' || s.hours === '24' ? s.hours : '';
  if (s.locale !== undefined && s.locale !== settings.locale) settings.locale = supportedLocale(s.locale) ? s.locale : '';
  if (s.countries !== undefined) settings.countries = s.countries;
  if (s.system !== undefined && s.system !== settings.system) settings.system = s.system || 'en-US';
}

/** myZone is the viewer's profile time zone. */
export function myZone(): string {
  return settings.zone;
}

// ---- Zones --------------------------------------------------------------

const zoneCheck = new Map<string, string | null>();

/** canonicalZone is the name Intl gives a zone ("Asia/Calcutta" → "Asia/Kolkata" on some systems), or null when unknown. */
export function canonicalZone(tz: string): string | null {
  if (tz === '') return null;
  let c = zoneCheck.get(tz);
  if (c === undefined) {
    try {
      c = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
    } catch {
      c = null;
    }
    zoneCheck.set(tz, c);
  }
  return c;
}

/** knownZone reports whether this system knows a time zone. */
export function knownZone(tz: string): boolean {
  return canonicalZone(tz) !== null;
}

const zoneOf = (zone: string | undefined) => (zone && knownZone(zone) ? zone : settings.zone);

// ---- The regional format -------------------------------------------------

const localeCheck = new Map<string, string>();

/** resolvedLocale is the locale Intl uses for a tag ("" when it does not know the tag at all). */
function resolvedLocale(tag: string): string {
  let r = localeCheck.get(tag);
  if (r === undefined) {
    try {
      r = new Intl.DateTimeFormat(tag).resolvedOptions().locale;
    } catch {
      r = '';
    }
    localeCheck.set(tag, r);
  }
  return r;
}

/** supportedLocale reports whether a tag names a regional format this system has, region and all. */
export function supportedLocale(tag: string): boolean {
  if (tag === '') return false;
  const r = resolvedLocale(tag);
  if (r === '') return false;
  const region = tag.split('-').slice(1).find((p) => /^([A-Za-z]{2}|\d{3})$/.test(p));
  return !region || r.toLowerCase().split('-').includes(region.toLowerCase());
}

type Order = 'dmy' | 'mdy' | 'ymd';

function numericOrder(tag: string): Order {
  const parts = new Intl.DateTimeFormat(tag, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).formatToParts(0);
  const o = parts.filter((p) => p.type === 'year' || p.type === 'month' || p.type === 'day').map((p) => p.type[0]).join('');
  return o === 'mdy' || o === 'ymd' ? o : 'dmy';
}

const cycles = new Map<string, 'h12' | 'h23'>();

function hourCycleOf(tag: string): 'h12' | 'h23' {
  let c = cycles.get(tag);
  if (!c) {
    const hc = new Intl.DateTimeFormat(tag, { hour: 'numeric', timeZone: 'UTC' }).resolvedOptions().hourCycle;
    c = hc === 'h11' || hc === 'h12' ? 'h12' : 'h23';
    cycles.set(tag, c);
  }
  return c;
}

interface Regional {
  locale: string;
  hourCycle: 'h12' | 'h23';
}

const autoCache = new Map<string, Regional>();

/**
 * autoRegional works out the regional format from the system's language and
 * the country of the profile's zone: English in Stockholm is "en-SE"
 * (2025-03-14, 14:05), in Kolkata "en-IN" (14/03/25, 2:05 pm), in New York
 * "en-US". When the system has no format for that language in that
 * country, the country's own conventions pick the nearest one in the
 * language: day first, year first or month first, and its hour cycle.
 */
export function autoRegional(system: string, country: string): Regional {
  const key = `${system}|${country}`;
  let r = autoCache.get(key);
  if (r) return r;
  const sys = resolvedLocale(system) || 'en-US';
  const lang = sys.split('-')[0];
  if (!country) {
    r = { locale: sys, hourCycle: hourCycleOf(sys) };
  } else if (supportedLocale(`${lang}-${country}`)) {
    r = { locale: `${lang}-${country}`, hourCycle: hourCycleOf(`${lang}-${country}`) };
  } else {
    let native = '';
    try {
      native = new Intl.Locale(`und-${country}`).maximize().toString();
    } catch {
      native = '';
    }
    if (!native || resolvedLocale(native) === '') {
      r = { locale: sys, hourCycle: hourCycleOf(sys) };
    } else {
      const order = numericOrder(native);
      const near: Record<Order, string[]> = {
        dmy: [`${lang}-150`, `${lang}-GB`, `${lang}-FR`, `${lang}-DE`],
        ymd: [`${lang}-SE`, `${lang}-CA`, `${lang}-JP`],
        mdy: [`${lang}-US`],
      };
      const pick = near[order].find((t) => supportedLocale(t) && numericOrder(t) === order) ?? sys;
      r = { locale: pick, hourCycle: hourCycleOf(native) };
    }
  }
  autoCache.set(key, r);
  return r;
}

function regional(): Regional {
  // Read every setting here, so that whatever formats a time follows them all.
  const { locale, hours, zone, countries, system } = settings;
  const base = locale ? { locale, hourCycle: hourCycleOf(locale) } : autoRegional(system, countries[zone] ?? '');
  return hours === '12' ? { ...base, hourCycle: 'h12' } : hours === '24' ? { ...base, hourCycle: 'h23' } : base;
}

/** timeLocale is the regional format in use, e.g. "en-SE". */
export function timeLocale(): string {
  return regional().locale;
}

/** uses12Hours reports whether clock times read "2:05 pm" rather than "14:05". */
export function uses12Hours(): boolean {
  return regional().hourCycle === 'h12';
}

/** describeFormat says what the automatic choices come to, for the settings. */
export function describeFormat(): { locale: string; hours: '12' | '24'; automaticHours: '12' | '24' } {
  const r = regional();
  const auto = settings.locale ? hourCycleOf(settings.locale) : autoRegional(settings.system, settings.countries[settings.zone] ?? '').hourCycle;
  return { locale: r.locale, hours: r.hourCycle === 'h12' ? '12' : '24', automaticHours: auto === 'h12' ? '12' : '24' };
}

// ---- Formatting -----------------------------------------------------------

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(opts: Intl.DateTimeFormatOptions, zone: string): Intl.DateTimeFormat {
  const r = regional();
  const withClock = opts.hour !== undefined || opts.timeStyle !== undefined;
  const full: Intl.DateTimeFormatOptions = { ...opts, timeZone: zone };
  if (withClock) {
    full.hourCycle = r.hourCycle;
    // "09:05" reads well in 24 hours, "9:05 am" in 12.
    if (full.hour !== undefined) full.hour = r.hourCycle === 'h12' ? 'numeric' : '2-digit';
  }
  const key = `${r.locale}|${JSON.stringify(full)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(r.locale, full);
    cache.set(key, f);
  }
  return f;
}

type Instant = string | number | Date;

function ms(t: Instant): number {
  if (typeof t === 'number') return t;
  if (t instanceof Date) return t.getTime();
  return t === '' ? NaN : Date.parse(t);
}

/** format writes an instant with Intl options, in a zone (the viewer's by default). "" for no time. */
export function format(t: Instant, opts: Intl.DateTimeFormatOptions, zone?: string): string {
  const n = ms(t);
  if (Number.isNaN(n)) return '';
  return formatter(opts, zoneOf(zone)).format(n);
}

function parts(t: number, zone: string): { y: number; m: number; d: number; h: number; min: number } {
  const ps = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(t);
  const n = (type: string) => Number(ps.find((p) => p.type === type)?.value ?? 0);
  return { y: n('year'), m: n('month'), d: n('day'), h: n('hour') % 24, min: n('minute') };
}

/** dayKey is the calendar day of an instant in a zone (the viewer's by default), "YYYY-MM-DD". */
export function dayKey(t: Instant, zone?: string): string {
  const n = ms(t);
  if (Number.isNaN(n)) return '';
  const p = parts(n, zoneOf(zone));
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/** offsetMinutes is how far a zone's clock is ahead of UTC at an instant. */
export function offsetMinutes(t: Instant, zone: string): number {
  const n = ms(t);
  const p = parts(n, zone);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min);
  return Math.round((asUtc - Math.floor(n / 60_000) * 60_000) / 60_000);
}

/**
 * instantAt is the instant a clock in a zone (the viewer's by default) reads
 * a wall time, right across a clock change: the offset at the guess, then at
 * the answer.
 */
export function instantAt(y: number, month: number, d: number, h: number, min: number, zone?: string): number {
  const z = zoneOf(zone);
  const wall = Date.UTC(y, month - 1, d, h, min);
  let t = wall - offsetMinutes(wall, z) * 60_000;
  t = wall - offsetMinutes(t, z) * 60_000;
  return t;
}

/** todayIn is today's date in a zone (the viewer's by default), "YYYY-MM-DD". */
export function todayIn(now: number, zone?: string): string {
  return dayKey(now, zone);
}

/** clock is the time of day: "14:05", or "2:05 pm" for a 12-hour reader. */
export function clock(t: Instant, zone?: string): string {
  return format(t, { hour: '2-digit', minute: '2-digit' }, zone);
}

/** clockIn shows the time now in a time zone, e.g. "14:05". */
export function clockIn(zone: string, now: number): string {
  return clock(now, zone);
}

/** timeRange is "14:05" or "14:05 – 14:32", in the viewer's zone. */
export function timeRange(start: Instant, end: Instant, zone?: string): string {
  const a = clock(start, zone);
  const b = clock(end, zone);
  return a === b ? a : `${a} – ${b}`;
}

export interface DateOpts {
  /** 'short' ("Fri"), 'long' ("Friday") or none. */
  weekday?: 'short' | 'long';
  /** The year: when it is not this one (the default), always, or never. */
  year?: 'auto' | 'always' | 'never';
  /** The month as a word ('short', the default, or 'long'). */
  month?: 'short' | 'long';
  /** For year: 'auto', what "now" is. */
  now?: number;
}

function dateOptions(t: number, o: DateOpts, zone: string): Intl.DateTimeFormatOptions {
  const opts: Intl.DateTimeFormatOptions = { day: 'numeric', month: o.month ?? 'short' };
  if (o.weekday) opts.weekday = o.weekday;
  const year = o.year ?? 'auto';
  if (year === 'always' || (year === 'auto' && dayKey(t, zone).slice(0, 4) !== dayKey(o.now ?? Date.now(), zone).slice(0, 4))) {
    opts.year = 'numeric';
  }
  return opts;
}

/** date is a day in words in the regional order: "14 Mar" / "Mar 14", with the year when it is not this one. */
export function date(t: Instant, o: DateOpts = {}, zone?: string): string {
  const n = ms(t);
  if (Number.isNaN(n)) return '';
  const z = zoneOf(zone);
  return format(n, dateOptions(n, o, z), z);
}

/** dateTime is a day and a time: "Fri 14 Mar, 14:05" in the regional order. */
export function dateTime(t: Instant, o: DateOpts = {}, zone?: string): string {
  const n = ms(t);
  if (Number.isNaN(n)) return '';
  const z = zoneOf(zone);
  return format(n, { ...dateOptions(n, o, z), hour: '2-digit', minute: '2-digit' }, z);
}

/** weekdayTime is "Tue 09:00" (or "Tuesday 09:00" with long). */
export function weekdayTime(t: Instant, long = false, zone?: string): string {
  return format(t, { weekday: long ? 'long' : 'short', hour: '2-digit', minute: '2-digit' }, zone);
}

/** fullTime is the exact date and time, for tooltips: "14 Mar 2025, 14:05". */
export function fullTime(t: Instant, zone?: string): string {
  return format(t, { dateStyle: 'medium', timeStyle: 'short' }, zone);
}

/** fullTimeIn is the exact date and time in a zone, with the zone's name, for tooltips. */
export function fullTimeIn(t: Instant, zone: string): string {
  const s = format(t, { dateStyle: 'full', timeStyle: 'short' }, zone);
  return s === '' ? '' : `${s} (${zoneOf(zone)})`;
}

/** postTime shows when something happened: "14:05" today, "1 Dec, 14:05" this year, with the year otherwise. */
export function postTime(t: Instant, now: number, zone?: string): string {
  const n = ms(t);
  if (Number.isNaN(n)) return '';
  if (dayKey(n, zone) === dayKey(now, zone)) return clock(n, zone);
  return dateTime(n, { now }, zone);
}

/** dayLabel is "Today", "Yesterday" or the day ("Fri 14 Mar"), in the viewer's zone. */
export function dayLabel(t: Instant, now: number, zone?: string): string {
  const n = ms(t);
  if (Number.isNaN(n)) return '';
  const day = dayKey(n, zone);
  if (day === dayKey(now, zone)) return 'Today';
  if (day === addDays(dayKey(now, zone), -1)) return 'Yesterday';
  return date(n, { weekday: 'short', now }, zone);
}

let rtfLocale = '';
let rtf: Intl.RelativeTimeFormat | null = null;

/** relativeTime says how long ago an instant was: "just now", "5 min. ago", then the day. */
export function relativeTime(t: Instant, now: number): string {
  const n = ms(t);
  if (Number.isNaN(n)) return '';
  const loc = regional().locale;
  if (!rtf || rtfLocale !== loc) {
    rtf = new Intl.RelativeTimeFormat(loc, { numeric: 'auto', style: 'short' });
    rtfLocale = loc;
  }
  const s = Math.round((now - n) / 1000);
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return rtf.format(-m, 'minute');
  const h = Math.round(m / 60);
  if (h < 24) return rtf.format(-h, 'hour');
  const d = Math.round(h / 24);
  if (d < 7) return rtf.format(-d, 'day');
  return date(n, { now });
}

// ---- Calendar dates and wall times (no instant, no zone) ------------------

const calendarRe = /^(\d{4})-(\d{2})-(\d{2})$/;

/** addDays moves a "YYYY-MM-DD" date by n days. */
export function addDays(day: string, n: number): string {
  const m = calendarRe.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] + n, 12));
  return d.toISOString().slice(0, 10);
}

/** calendarDate shows a "YYYY-MM-DD" date, a day rather than an instant: "Fri 14 Mar". */
export function calendarDate(day: string, o: DateOpts = {}): string {
  const m = calendarRe.exec(day);
  if (!m) return day;
  const noon = Date.UTC(+m[1], +m[2] - 1, +m[3], 12);
  const opts: Intl.DateTimeFormatOptions = { day: 'numeric', month: o.month ?? 'short' };
  if (o.weekday) opts.weekday = o.weekday;
  const year = o.year ?? 'auto';
  if (year === 'always' || (year === 'auto' && m[1] !== dayKey(o.now ?? Date.now()).slice(0, 4))) opts.year = 'numeric';
  return format(noon, opts, 'UTC');
}

/** calendarRange shows two "YYYY-MM-DD" dates as one range in the regional order: "2–8 Mar", "Mar 2 – 8". */
export function calendarRange(start: string, end: string, withYear = false): string {
  const a = calendarRe.exec(start);
  const b = calendarRe.exec(end);
  if (!a || !b) return `${start} – ${end}`;
  const opts: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', timeZone: 'UTC' };
  if (withYear || a[1] !== b[1]) opts.year = 'numeric';
  const f = new Intl.DateTimeFormat(regional().locale, opts);
  return f.formatRange(Date.UTC(+a[1], +a[2] - 1, +a[3], 12), Date.UTC(+b[1], +b[2] - 1, +b[3], 12));
}

/** monthYear is "March 2026" in the regional format. */
export function monthYear(year: number, month: number): string {
  return format(Date.UTC(year, month - 1, 15, 12), { month: 'long', year: 'numeric' }, 'UTC');
}

/** weekdayName is a day's name, 0 Sunday to 6 Saturday: "Mon" (or "Monday" with long). */
export function weekdayName(day: number, long = false): string {
  return format(Date.UTC(2024, 0, 7 + day, 12), { weekday: long ? 'long' : 'short' }, 'UTC');
}

/** wallClock shows a wall time, "HH:MM" as stored, in the reader's clock: "17:00" or "5:00 pm". */
export function wallClock(hhmm: string): string {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m || +m[1] > 23 || +m[2] > 59) return hhmm;
  return format(Date.UTC(2024, 0, 1, +m[1], +m[2]), { hour: '2-digit', minute: '2-digit' }, 'UTC');
}

/** wallRange shows working hours and blocks: "09:00–17:00" or "9:00 am – 5:00 pm". */
export function wallRange(start: string, end: string): string {
  return uses12Hours() ? `${wallClock(start)} – ${wallClock(end)}` : `${wallClock(start)}–${wallClock(end)}`;
}

// ---- Date and time inputs -------------------------------------------------

/** toInputValue is an instant as a datetime-local input shows it, on the viewer's clock ("2025-03-14T14:05"). */
export function toInputValue(t: Instant, zone?: string): string {
  const n = ms(t);
  if (Number.isNaN(n)) return '';
  const p = parts(n, zoneOf(zone));
  const two = (x: number) => String(x).padStart(2, '0');
  return `${p.y}-${two(p.m)}-${two(p.d)}T${two(p.h)}:${two(p.min)}`;
}

/**
 * fromInputValue reads a datetime-local input's value as a time on the
 * viewer's clock, not the computer's: the ISO instant, or "" for none.
 */
export function fromInputValue(v: string, zone?: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(v);
  if (!m) return '';
  return new Date(instantAt(+m[1], +m[2], +m[3], +m[4], +m[5], zone)).toISOString();
}

/** offsetOf writes a zone's offset from UTC at a moment, as UTC+05:30 (UTC for none): for choosing a zone. */
export function offsetOf(zone: string, at: Date): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value;
    return !part || part === 'GMT' || part === 'GMT+00:00' ? 'UTC' : part.replace('GMT', 'UTC');
  } catch {
    return '';
  }
}
