import { describe, expect, it } from 'vitest';
import type { CheckInView, GoalView } from '../api/types';
import { withCheckIn, withGoal } from './goals';

const g = (id: string, over: Partial<GoalView> = {}): GoalView => ({
  id, title: id, description: '', level: 'weekly', scope: 'company', scopeTarget: '', parentId: '', ownerId: 'a', authorId: 'a',
  periodStart: '2026-03-02', periodEnd: '2026-03-08', measure: { kind: 'binary', unit: '', start: 0, target: 1, current: 0, done: false },
  status: 'on_track', confidence: 50, scoreboard: false, archived: false, retrospective: '', closedAt: '', progress: 0, snapshots: [],
  createdAt: '', updatedAt: '', damaged: '', ...over,
});
const c = (id: string, memberId: string, createdAt: string): CheckInView => ({
  id, memberId, date: createdAt.slice(0, 10), updates: [], plans: '', progress: '', problems: '', blockers: '', comments: [], createdAt, damaged: '',
});

describe('withGoal', () => {
  it('adds, replaces in place and drops archived goals', () => {
    let list = withGoal(withGoal([], g('a')), g('b'));
    list = withGoal(list, g('a', { title: 'A2' }));
    expect(list.map((x) => x.title)).toEqual(['A2', 'b']);
    expect(withGoal(list, g('a', { archived: true })).map((x) => x.id)).toEqual(['b']);
  });
  it('keeps the list lean: snapshots are loaded with a goal, not the list', () => {
    const snap = { at: '', value: 1, status: 'on_track', confidence: 1, byId: '', checkInId: '', note: '' };
    expect(withGoal([], g('a', { snapshots: [snap] }))[0].snapshots).toEqual([]);
  });
});

describe('withCheckIn', () => {
  it('adds a check-in to its person’s and everyone’s timelines, newest first, once', () => {
    const all = { '': [c('1', 'ada', '2026-03-03T09:00:00Z')], ada: [c('1', 'ada', '2026-03-03T09:00:00Z')], kim: [] };
    let out = withCheckIn(all, c('2', 'ada', '2026-03-06T09:00:00Z'));
    out = withCheckIn(out, { ...c('2', 'ada', '2026-03-06T09:00:00Z'), comments: [{ id: 'x', authorId: 'kim', body: 'hi', createdAt: '' }] });
    expect(out[''].map((x) => x.id)).toEqual(['2', '1']);
    expect(out.ada.map((x) => x.id)).toEqual(['2', '1']);
    expect(out.ada[0].comments).toHaveLength(1);
    expect(out.kim).toEqual([]);
  });
  it('does not make timelines that were never loaded', () => {
    expect(Object.keys(withCheckIn({}, c('1', 'ada', '2026-03-03T09:00:00Z')))).toEqual([]);
  });
});
