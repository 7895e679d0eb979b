import { describe, expect, it } from 'vitest';
import type { VersionView } from '../../lib/api/types';
import { dayLabel, groupByDay, versionKey, versionMeta } from './group';
import { configureTime } from '../../lib/time.svelte';

// These tests read British English on a 24-hour clock; time.test.ts covers the other formats.
configureTime({ locale: 'en-GB', hours: '', zone: 'UTC' });

const v = (id: string, end: string): VersionView => ({ id, authorId: 'a', authorName: 'Ada', start: end, end, changes: 1 });

describe('groupByDay', () => {
  it('groups newest-first versions by local day', () => {
    const now = new Date(2026, 10, 24, 18, 0).getTime();
    const at = (d: number, h: number) => new Date(2026, 10, d, h).toISOString();
    const g = groupByDay([v('1', at(24, 17)), v('2', at(24, 9)), v('3', at(23, 12)), v('4', at(20, 8))], now);
    expect(g.map((x) => [x.label, x.versions.map((y) => y.id)])).toEqual([
      ['Today', ['1', '2']],
      ['Yesterday', ['3']],
      [dayLabel(at(20, 8), now), ['4']],
    ]);
  });
});

describe('named versions', () => {
  const named = (id: string, name: string, extra: Partial<VersionView> = {}): VersionView => ({
    ...v(id, '2026-11-24T10:00:00Z'),
    name,
    namedById: 'a',
    namedByName: 'Ada',
    namedAt: '2026-11-24T10:01:00Z',
    ...extra,
  });
  it('keys two names of one state apart, and an unnamed run by its id', () => {
    expect(versionKey(v('h1', ''))).toBe('h1');
    expect(versionKey(named('h1', 'Draft'))).not.toBe(versionKey(named('h1', 'Sent to legal')));
  });
  it('says who named it when that is not who wrote it, and who named a bare state', () => {
    expect(versionMeta(v('1', ''))).toBe('Ada · 1 change');
    expect(versionMeta(named('1', 'v1', { changes: 3 }))).toBe('Ada · 3 changes');
    expect(versionMeta(named('1', 'v1', { namedByName: 'Grace' }))).toBe('Ada · 1 change · named by Grace');
    expect(versionMeta(named('1,2', 'Merged', { changes: 0, namedByName: 'Grace' }))).toBe('Named by Grace');
  });
});
