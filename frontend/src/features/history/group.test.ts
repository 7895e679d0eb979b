import { describe, expect, it } from 'vitest';
import type { VersionView } from '../../lib/api/types';
import { dayLabel, groupByDay } from './group';

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
