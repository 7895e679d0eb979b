import { canonicalZone, knownZone } from '../../lib/time.svelte';

export interface SetupErrors {
  name?: string;
  timeZone?: string;
}

/**
 * validateSetup checks the first-run form. A zone is accepted when it is in
 * Go's list or the runtime knows it (aliases such as Etc/UTC); Go has the
 * last word either way.
 */
export function validateSetup(name: string, timeZone: string, zones: readonly string[]): SetupErrors {
  const errors: SetupErrors = {};
  const n = name.trim();
  if (n === '') errors.name = 'Please enter your name.';
  else if (n.length > 80) errors.name = 'That name is too long (80 characters at most).';
  const tz = timeZone.trim();
  if (tz === '') errors.timeZone = 'Please choose your time zone.';
  else if (!zones.includes(tz) && !knownZone(tz)) errors.timeZone = 'Pick a time zone from the list, like Europe/Berlin.';
  return errors;
}

/**
 * preferredZone picks the name to prefill: the system zone, or its canonical
 * spelling when only that is in Go's list (Etc/UTC → UTC).
 */
export function preferredZone(system: string, zones: readonly string[]): string {
  const tz = system.trim() || 'UTC';
  if (zones.length === 0 || zones.includes(tz)) return tz;
  const canonical = canonicalZone(tz); // null when unknown to the runtime: left for Go to judge
  if (canonical !== null && zones.includes(canonical)) return canonical;
  return tz;
}
