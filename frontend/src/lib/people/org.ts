// The org chart, drawn from who reports to whom. Pure functions.
import type { MemberView } from '../api/types';

export interface OrgNode {
  member: MemberView;
  reports: OrgNode[];
}

/**
 * orgChart builds the reporting tree: people with no manager, or whose
 * manager is unknown, are roots. A loop (which the store refuses, but a
 * merge of two offline edits could make) is broken where it is found, so
 * everyone appears exactly once.
 */
export function orgChart(members: MemberView[]): OrgNode[] {
  const byId = new Map(members.map((m) => [m.id, m]));
  const children = new Map<string, MemberView[]>();
  const roots: MemberView[] = [];
  for (const m of members) {
    if (m.managerId && byId.has(m.managerId) && m.managerId !== m.id) {
      children.set(m.managerId, [...(children.get(m.managerId) ?? []), m]);
    } else {
      roots.push(m);
    }
  }
  const placed = new Set<string>();
  const build = (m: MemberView): OrgNode => {
    placed.add(m.id);
    const reports = (children.get(m.id) ?? []).filter((c) => !placed.has(c.id)).map(build);
    return { member: m, reports };
  };
  const out = roots.map(build);
  // Whoever is left sits in a loop: start from the first of each.
  for (const m of members) if (!placed.has(m.id)) out.push(build(m));
  return out;
}
