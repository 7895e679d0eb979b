export interface SetupErrors {
  name?: string;
  timeZone?: string;
}

/** validateSetup checks the first-run form; zones may be empty while loading. */
export function validateSetup(name: string, timeZone: string, zones: readonly string[]): SetupErrors {
  const errors: SetupErrors = {};
  const n = name.trim();
  if (n === '') errors.name = 'Please enter your name.';
  else if (n.length > 80) errors.name = 'That name is too long (80 characters at most).';
  const tz = timeZone.trim();
  if (tz === '') errors.timeZone = 'Please choose your time zone.';
  else if (zones.length > 0 && !zones.includes(tz)) errors.timeZone = 'Pick a time zone from the list, like Europe/Berlin.';
  return errors;
}
