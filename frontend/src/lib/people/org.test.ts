import { describe, expect, it } from 'vitest';
import type { MemberView } from '../api/types';
import { orgChart, type OrgNode } from './org';

const m = (id: string, managerId = ''): MemberView => ({ id, name: id, timeZone: 'UTC', role: '', team: '', managerId, workStart: '09:00', workEnd: '17:00' });
const shape = (ns: OrgNode[]): unknown => ns.map((n) => [n.member.id, shape(n.reports)]);

describe('orgChart', () => {
  it('nests reports under their managers', () => {
    expect(shape(orgChart([m('ceo'), m('cto', 'ceo'), m('eng', 'cto'), m('cfo', 'ceo')]))).toEqual([
      ['ceo', [['cto', [['eng', []]]], ['cfo', []]]],
    ]);
  });
  it('puts people with an unknown manager at the top', () => {
    expect(shape(orgChart([m('a', 'gone'), m('b')]))).toEqual([['a', []], ['b', []]]);
  });
  it('shows everyone once even in a loop', () => {
    const out = orgChart([m('a', 'b'), m('b', 'a'), m('c')]);
    const ids: string[] = [];
    const walk = (ns: OrgNode[]) => ns.forEach((n) => (ids.push(n.member.id), walk(n.reports)));
    walk(out);
    expect(ids.sort()).toEqual(['a', 'b', 'c']);
  });
});
