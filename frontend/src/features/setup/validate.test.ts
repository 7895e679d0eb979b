import { describe, expect, it } from 'vitest';
import { preferredZone, validateSetup } from './validate';

describe('validateSetup', () => {
  it('asks for a name and a known zone', () => {
    expect(validateSetup(' ', '', [])).toEqual({ name: 'Please enter your name.', timeZone: 'Please choose your time zone.' });
    expect(validateSetup('Ada', 'Mars/Olympus', ['UTC']).timeZone).toBeDefined();
  });
  it('accepts zones from the list and aliases the runtime knows', () => {
    expect(validateSetup('Ada', 'UTC', ['UTC'])).toEqual({});
    expect(validateSetup('Ada', 'Etc/UTC', ['UTC'])).toEqual({});
  });
});

describe('preferredZone', () => {
  it('uses the canonical name when only that is listed', () => {
    expect(preferredZone('Etc/UTC', ['Europe/Berlin', 'UTC'])).toBe('UTC');
    expect(preferredZone('Europe/Berlin', ['Europe/Berlin'])).toBe('Europe/Berlin');
    expect(preferredZone('', [])).toBe('UTC');
  });
});
