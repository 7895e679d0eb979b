// Finding a time zone by what people know: a city, a country, a region or
// an offset ("stockholm", "India", "UTC+5:30"), not only its exact IANA name.
import { offsetOf } from '../time.svelte';

export interface ZoneOption {
  id: string; // the IANA name, what is stored
  city: string; // "Sao Paulo", "Kolkata"
  region: string; // "America", "Asia"
  country: string; // "Brazil", "India", when known
  offset: string; // "UTC+05:30" now
}

export { offsetOf };

/** zoneOptions describes zones for the picker; countries maps a zone to its country code, when known. */
export function zoneOptions(zones: string[], countries: Record<string, string>, at: Date): ZoneOption[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames(['en'], { type: 'region' });
  } catch {
    names = null;
  }
  return zones.map((id) => {
    const parts = id.split('/');
    const code = countries[id] ?? '';
    let country = '';
    try {
      country = code && names ? (names.of(code) ?? '') : '';
    } catch {
      country = '';
    }
    return { id, city: (parts.at(-1) ?? id).replace(/_/g, ' '), region: parts.length > 1 ? parts[0] : '', country, offset: offsetOf(id, at) };
  });
}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** normalOffset reads "+5:30", "UTC+5.5", "gmt-3" as UTC+05:30 or UTC-03:00; "" when q is not an offset. */
export function normalOffset(q: string): string {
  const m = /^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?:[:.](\d{1,2}))?$/i.exec(q.trim());
  if (!m) return /^(utc|gmt)$/i.test(q.trim()) ? 'UTC' : '';
  let minutes = 0;
  if (m[3] !== undefined) minutes = q.includes('.') ? Math.round(Number(`0.${m[3]}`) * 60) : Number(m[3]);
  if (Number(m[2]) === 0 && minutes === 0) return 'UTC';
  return `UTC${m[1]}${m[2].padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/**
 * searchZones finds zones by city, country, region, IANA name or offset:
 * cities starting with what was typed first, then other matches; at most
 * limit.
 */
export function searchZones(options: ZoneOption[], query: string, limit = 8): ZoneOption[] {
  const q = fold(query.trim());
  if (q === '') return options.slice(0, limit);
  const offset = normalOffset(query);
  const scored: { o: ZoneOption; score: number }[] = [];
  for (const o of options) {
    const city = fold(o.city);
    let score = -1;
    if (offset && o.offset === offset) score = 3;
    else if (city.startsWith(q)) score = 0;
    else if (fold(o.country).startsWith(q)) score = 1;
    else if (city.includes(q) || fold(o.id).includes(q) || fold(o.country).includes(q)) score = 2;
    if (score >= 0) scored.push({ o, score });
  }
  scored.sort((a, b) => a.score - b.score || a.o.city.localeCompare(b.o.city));
  return scored.slice(0, limit).map((s) => s.o);
}
