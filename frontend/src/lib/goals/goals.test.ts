import { describe, expect, it } from 'vitest';
import type { GoalView, MeasureView, MemberView, SnapshotView } from '../api/types';
import { chart, niceStep, sparkline, trend } from './chart';
import { defaultPeriod, formatValue, measureProgress, measureText, percent, periodText } from './format';
import { configureTime } from '../time.svelte';
import { ancestors, byDivision, byPerson, descendants, divisions, forest, orgCount, orgTree, reportsOf, rows, scopeLabel } from './tree';

const num = (current = 0, target = 10, unit = ''): MeasureView => ({ kind: 'number', unit, start: 0, target, current, done: false });

function goal(id: string, over: Partial<GoalView> = {}): GoalView {
  return {
    id, title: id, description: '', level: 'quarterly', scope: 'company', scopeTarget: '', parentId: '', ownerId: 'ada', authorId: 'ada',
    periodStart: '2026-01-01', periodEnd: '2026-03-31', measure: num(), status: 'on_track', confidence: 50, scoreboard: false,
    archived: false, retrospective: '', closedAt: '', progress: 0, snapshots: [], createdAt: '', updatedAt: '', damaged: '', ...over,
  };
}

function member(id: string, name: string, team = '', managerId = ''): MemberView {
  return { id, name, timeZone: 'UTC', role: '', team, managerId, workStart: '09:00', workEnd: '17:00' };
}

const outline = (gs: GoalView[], collapsed = new Set<string>()) =>
  rows(forest(gs), collapsed).map((r) => `${'  '.repeat(r.depth)}${r.goal.id}`).join('\n');

describe('forest', () => {
  it('nests goals under parents, company first, then by level', () => {
    const gs = [
      goal('w1', { level: 'weekly', parentId: 'q1', scope: 'individual' }),
      goal('q1', { parentId: 'year' }),
      goal('div', { scope: 'division', scopeTarget: 'Sales', level: 'annual' }),
      goal('year', { level: 'annual' }),
      goal('m1', { level: 'monthly', parentId: 'year' }),
    ];
    expect(outline(gs)).toBe('year\n  q1\n    w1\n  m1\ndiv');
  });
  it('hides the subgoals of a collapsed goal', () => {
    const gs = [goal('year', { level: 'annual' }), goal('q1', { parentId: 'year' }), goal('w', { parentId: 'q1', level: 'weekly' })];
    expect(outline(gs, new Set(['q1']))).toBe('year\n  q1');
    expect(outline(gs, new Set(['year']))).toBe('year');
  });
  it('shows a goal whose parent is gone at the top', () => {
    expect(outline([goal('orphan', { parentId: 'gone' })])).toBe('orphan');
  });
  it('shows every goal of a parent cycle once', () => {
    const out = outline([goal('a', { parentId: 'b' }), goal('b', { parentId: 'a' }), goal('self', { parentId: 'self' })]);
    expect(out.split('\n').map((l) => l.trim()).sort()).toEqual(['a', 'b', 'self']);
  });
});

describe('groupings', () => {
  const members = [member('ada', 'Ada', 'Engineering'), member('kim', 'Kim', 'Sales', 'ada'), member('lee', 'Lee')];
  const index = new Map(members.map((m) => [m.id, m]));
  const gs = [
    goal('co'),
    goal('sales', { scope: 'division', scopeTarget: 'Sales', ownerId: 'ada' }),
    goal('kim1', { scope: 'individual', scopeTarget: 'kim', ownerId: 'kim' }),
    goal('team', { scope: 'manager', scopeTarget: 'ada', ownerId: 'ada' }),
    goal('lee1', { scope: 'individual', scopeTarget: 'lee', ownerId: 'lee' }),
    goal('ghost', { ownerId: 'nobody', scope: 'individual', scopeTarget: 'nobody' }),
  ];
  it('groups by person, by name, with unknown owners last', () => {
    expect(byPerson(gs, members).map((g) => `${g.label}:${g.goals.map((x) => x.id).join(',')}`)).toEqual([
      'Ada:co,sales,team', 'Kim:kim1', 'Lee:lee1', 'Someone not in this workspace:ghost',
    ]);
  });
  it('groups by division: division goals, and people by their team', () => {
    expect(byDivision(gs, members).map((g) => `${g.label}:${g.goals.map((x) => x.id).join(',')}`)).toEqual([
      'Engineering:team', 'Sales:sales,kim1', 'No division:ghost,lee1',
    ]);
  });
  it('names scopes', () => {
    expect(gs.map((g) => scopeLabel(g, index))).toEqual(['Company', 'Sales', 'Kim', 'Ada’s team', 'Lee', 'Someone']);
  });
  it('finds a manager’s reports and the divisions in use', () => {
    expect(reportsOf('ada', members).map((m) => m.id)).toEqual(['kim']);
    expect(reportsOf('kim', members)).toEqual([]);
    expect(divisions(gs, members)).toEqual(['Engineering', 'Sales']);
  });
  it('walks ancestors and descendants', () => {
    const t = [goal('a'), goal('b', { parentId: 'a' }), goal('c', { parentId: 'b' }), goal('d', { parentId: 'a' })];
    expect(ancestors(t, 'c').map((g) => g.id)).toEqual(['b', 'a']);
    expect([...descendants(t, 'a')].sort()).toEqual(['b', 'c', 'd']);
    expect([...descendants(t, 'c')]).toEqual([]);
  });
});

describe('format', () => {
  it('writes values with units', () => {
    expect(formatValue(40, '%')).toBe('40%');
    expect(formatValue(1200, '$')).toBe('$1,200');
    expect(formatValue(12.345, 'customers')).toBe('12.35 customers');
    expect(formatValue(NaN, 'x')).toBe('– x');
    expect(measureText(num(12, 30, 'deals'))).toBe('12 / 30 deals');
    expect(measureText({ ...num(), kind: 'binary', done: true })).toBe('Done');
    expect(percent(0.456)).toBe('46%');
    expect(measureProgress(num(18, 30))).toBe(0.6);
    expect(measureProgress({ ...num(250, 200), start: 400 })).toBe(0.75);
    expect(measureProgress(num(40, 30))).toBe(1);
    expect(measureProgress({ ...num(), kind: 'binary', done: true })).toBe(1);
    expect(percent(1.7)).toBe('100%');
  });
  it('names periods as people say them, in the reader\'s order', () => {
    configureTime({ locale: 'en-US', hours: '', zone: 'UTC' });
    expect(periodText('2026-01-01', '2026-12-31')).toBe('2026');
    expect(periodText('2026-04-01', '2026-06-30')).toBe('Q2 2026');
    expect(periodText('2026-02-01', '2026-02-28')).toBe('February 2026');
    const text = (a: string, b: string) => periodText(a, b).replace(/\s/g, ' ');
    expect(text('2026-03-02', '2026-03-08')).toBe('Mar 2 – 8');
    expect(text('2026-11-30', '2026-12-06')).toBe('Nov 30 – Dec 6');
    expect(text('2025-12-29', '2026-01-04')).toBe('Dec 29, 2025 – Jan 4, 2026');
    expect(periodText('bad', '2026-01-01')).toBe('bad – 2026-01-01');
    configureTime({ locale: 'en-GB' });
    expect(text('2026-03-02', '2026-03-08')).toBe('2 – 8 Mar');
    expect(text('2026-11-30', '2026-12-06')).toBe('30 Nov – 6 Dec');
    expect(periodText('2026-02-01', '2026-02-28')).toBe('February 2026');
    configureTime({ locale: '' });
  });
  it('defaults periods to the calendar around a day', () => {
    const thu = '2026-08-13';
    expect(defaultPeriod('annual', thu)).toEqual({ start: '2026-01-01', end: '2026-12-31' });
    expect(defaultPeriod('quarterly', thu)).toEqual({ start: '2026-07-01', end: '2026-09-30' });
    expect(defaultPeriod('monthly', thu)).toEqual({ start: '2026-08-01', end: '2026-08-31' });
    expect(defaultPeriod('weekly', thu)).toEqual({ start: '2026-08-10', end: '2026-08-16' });
    expect(defaultPeriod('weekly', '2026-08-16')).toEqual({ start: '2026-08-10', end: '2026-08-16' });
  });
});

describe('chart', () => {
  const box = { width: 400, height: 200, left: 40, right: 10, top: 10, bottom: 30 };
  const snap = (at: string, value: number): SnapshotView => ({ at, value, status: 'on_track', confidence: 50, byId: '', checkInId: '', note: '' });
  it('places snapshots by time and value, target at the top', () => {
    const c = chart([snap('2026-01-01T00:00:00Z', 0), snap('2026-01-03T00:00:00Z', 5), snap('2026-01-11T00:00:00Z', 10)], num(10, 10), box);
    expect(c.points.map((p) => [p.x, p.y])).toEqual([[40, 170], [110, 90], [390, 10]]);
    expect(c.targetY).toBe(10);
    expect(c.startY).toBe(170);
    expect(c.path).toBe('M40 170 L110 90 L390 10');
    expect(c.ticks.map((t) => t.value)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(c.xLabels.map((l) => l.x)).toEqual([40, 390]);
  });
  it('handles one snapshot, equal times and values past the target', () => {
    expect(chart([snap('2026-01-01T00:00:00Z', 3)], num(3), box).points[0].x).toBe(215);
    const same = chart([snap('2026-01-01T00:00:00Z', 1), snap('2026-01-01T00:00:00Z', 14)], num(14, 10), box);
    expect(same.points.map((p) => p.x)).toEqual([40, 390]);
    expect(same.points[1].y).toBeLessThan(same.targetY);
    expect(chart([], num(), box).path).toBe('');
  });
  it('spans the goal\'s period when it has one, whatever the snapshots', () => {
    // Two updates minutes apart in a quarter: near its start, not across the whole width.
    const q = { start: '2026-10-01', end: '2026-12-31' };
    const c = chart([snap('2026-10-02T09:00:00Z', 1), snap('2026-10-02T09:05:00Z', 2)], num(10, 10), box, q);
    expect(c.xLabels).toEqual([{ x: 40, day: '2026-10-01' }, { x: 386.2, day: '2026-12-31' }]);
    expect(c.points[0].x).toBeGreaterThan(40);
    expect(c.points[1].x - c.points[0].x).toBeLessThan(1);
    expect(c.points[1].x).toBeLessThan(50);
    // One snapshot sits at its time, not in the middle.
    expect(chart([snap('2026-12-31T12:00:00Z', 3)], num(3), box, q).points[0].x).toBeGreaterThan(380);
    // A snapshot after the period widens the axis to take it in.
    const late = chart([snap('2027-01-10T00:00:00Z', 3)], num(3), box, q);
    expect(late.points[0].x).toBe(390);
    expect(late.xLabels[1].x).toBeLessThan(390);
  });
  it('picks round tick steps', () => {
    expect(niceStep(100, 4)).toBe(25);
    expect(niceStep(7, 4)).toBe(2);
    expect(niceStep(0, 4)).toBe(1);
  });
  it('draws sparklines and trends', () => {
    expect(sparkline([0, 5, 10], 100, 20)).toBe('M0 18 L50 10 L100 2');
    expect(sparkline([4], 100, 20)).toBe('M0 10 L100 10');
    expect(sparkline([], 100, 20)).toBe('');
    expect(trend([1, 3])).toBe('up');
    expect(trend([3, 1])).toBe('down');
    expect(trend([3])).toBe('flat');
  });
});

describe('orgTree', () => {
  const members = [
    member('ceo', 'Ceo'),
    member('vp', 'Vera', 'Sales', 'ceo'),
    member('kim', 'Kim', 'Sales', 'vp'),
    member('lee', 'Lee', 'Sales', 'vp'),
    member('eng', 'Eli', 'Engineering', 'ceo'),
    member('solo', 'Sol', 'Design'),
  ];
  const outlineOrg = (n: ReturnType<typeof orgTree>, depth = 0): string[] => [
    `${'  '.repeat(depth)}${n.kind}:${n.label}[${n.goals.map((g) => g.id).join(',')}]`,
    ...n.children.flatMap((c) => outlineOrg(c, depth + 1)),
  ];
  it('goes from the company to divisions, teams and people, leaving out empty branches', () => {
    const gs = [
      goal('co'),
      goal('sales', { scope: 'division', scopeTarget: 'Sales' }),
      goal('vpteam', { scope: 'manager', scopeTarget: 'vp' }),
      goal('kim1', { scope: 'individual', scopeTarget: 'kim' }),
      goal('ceo1', { scope: 'individual', scopeTarget: 'ceo' }),
      goal('sol1', { scope: 'individual', scopeTarget: 'solo' }),
      goal('ghost', { scope: 'individual', scopeTarget: 'nobody' }),
    ];
    expect(outlineOrg(orgTree(gs, members))).toEqual([
      'company:Company[co]',
      '  division:Design[]',
      '    person:Sol[sol1]',
      '  division:Sales[sales]',
      '    manager:Vera’s team[vpteam]',
      '      person:Kim[kim1]',
      '  person:Ceo[ceo1]',
      '  person:Someone not in this workspace[ghost]',
    ]);
  });
  it('puts the reports of a manager with no team goals under that team', () => {
    const gs = [goal('eli1', { scope: 'individual', scopeTarget: 'eng' })];
    expect(outlineOrg(orgTree(gs, members))).toEqual(['company:Company[]', '  manager:Ceo’s team[]', '    person:Eli[eli1]']);
  });
  it('counts the goals of a branch', () => {
    const t = orgTree([goal('co'), goal('kim1', { scope: 'individual', scopeTarget: 'kim' })], members);
    expect(orgCount(t)).toBe(2);
  });
});
