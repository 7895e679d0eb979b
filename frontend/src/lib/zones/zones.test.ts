import { describe, expect, it } from 'vitest';
import { normalOffset, offsetOf, searchZones, zoneOptions } from './zones';

const at = new Date('2026-01-15T12:00:00Z');
const zones = ['Europe/Stockholm', 'Asia/Kolkata', 'America/Sao_Paulo', 'America/Argentina/Buenos_Aires', 'Asia/Tokyo', 'UTC', 'Europe/London'];
const countries = { 'Europe/Stockholm': 'SE', 'Asia/Kolkata': 'IN', 'America/Sao_Paulo': 'BR', 'Asia/Tokyo': 'JP', 'Europe/London': 'GB' };
const options = zoneOptions(zones, countries, at);
const ids = (q: string) => searchZones(options, q).map((o) => o.id);

describe('finding a time zone', () => {
  it('by city, with or without accents and case', () => {
    expect(ids('stock')).toEqual(['Europe/Stockholm']);
    expect(ids('são')).toEqual(['America/Sao_Paulo']);
    expect(ids('BUENOS')).toEqual(['America/Argentina/Buenos_Aires']);
  });
  it('by country', () => {
    expect(ids('india')).toEqual(['Asia/Kolkata']);
    expect(ids('Japan')).toEqual(['Asia/Tokyo']);
  });
  it('by offset, however it is written', () => {
    expect(ids('+5:30')).toEqual(['Asia/Kolkata']);
    expect(ids('UTC+5.5')).toEqual(['Asia/Kolkata']);
    expect(ids('gmt+9')).toEqual(['Asia/Tokyo']);
    expect(normalOffset('-3')).toBe('UTC-03:00');
    expect(normalOffset('Stockholm')).toBe('');
  });
  it('by its IANA name, and lists cities starting with what was typed first', () => {
    expect(ids('europe/')).toEqual(['Europe/London', 'Europe/Stockholm']);
    expect(ids('lo')[0]).toBe('Europe/London');
  });
  it('knows each zone’s offset now', () => {
    expect(offsetOf('Asia/Kolkata', at)).toBe('UTC+05:30');
    expect(offsetOf('UTC', at)).toBe('UTC');
    expect(offsetOf('Europe/Stockholm', new Date('2026-07-01T12:00:00Z'))).toBe('UTC+02:00');
  });
});
