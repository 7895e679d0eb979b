// The goal tree and the ways of slicing it: by parent, by person, by
// division. Pure functions of the goals and members.
import type { GoalView, MemberView } from '../api/types';
import { levelRank, scopeRank } from './format';

export interface GoalNode {
  goal: GoalView;
  children: GoalNode[];
}

function byLevelThenTitle(a: GoalView, b: GoalView): number {
  return (
    scopeRank(a.scope) - scopeRank(b.scope) ||
    levelRank(a.level) - levelRank(b.level) ||
    a.periodStart.localeCompare(b.periodStart) ||
    a.title.localeCompare(b.title) ||
    a.id.localeCompare(b.id)
  );
}

/**
 * forest arranges goals by their parent links: the roots are goals with no
 * parent among them (the company's first), each with its subgoals. A cycle
 * of parent links (two devices editing at once can make one) is broken so
 * every goal shows exactly once.
 */
export function forest(goals: GoalView[]): GoalNode[] {
  const ids = new Set(goals.map((g) => g.id));
  const kids = new Map<string, GoalView[]>();
  for (const g of goals) {
    if (g.parentId && g.parentId !== g.id && ids.has(g.parentId)) {
      const list = kids.get(g.parentId) ?? [];
      list.push(g);
      kids.set(g.parentId, list);
    }
  }
  const placed = new Set<string>();
  const build = (g: GoalView): GoalNode => {
    placed.add(g.id);
    const children = (kids.get(g.id) ?? []).filter((c) => !placed.has(c.id)).sort(byLevelThenTitle);
    for (const c of children) placed.add(c.id);
    return { goal: g, children: children.map((c) => build(c)) };
  };
  const roots = goals.filter((g) => !g.parentId || g.parentId === g.id || !ids.has(g.parentId)).sort(byLevelThenTitle);
  const out = roots.map(build);
  // Goals only reachable through a cycle: show each as a root.
  for (const g of [...goals].sort(byLevelThenTitle)) if (!placed.has(g.id)) out.push(build(g));
  return out;
}

export interface Row {
  goal: GoalView;
  depth: number;
  hasChildren: boolean;
}

/** rows flattens a forest for display, leaving out the subgoals of collapsed goals. */
export function rows(nodes: GoalNode[], collapsed: ReadonlySet<string>, depth = 0, out: Row[] = []): Row[] {
  for (const n of nodes) {
    out.push({ goal: n.goal, depth, hasChildren: n.children.length > 0 });
    if (!collapsed.has(n.goal.id)) rows(n.children, collapsed, depth + 1, out);
  }
  return out;
}

/** scopeLabel says whose a goal is: "Company", "Growth", "Kim Lee's team", "Ada Lovelace". */
export function scopeLabel(g: GoalView, members: ReadonlyMap<string, MemberView>): string {
  switch (g.scope) {
    case 'company':
      return 'Company';
    case 'division':
      return g.scopeTarget || 'Division';
    case 'manager': {
      const m = members.get(g.scopeTarget);
      return m ? `${m.name}’s team` : 'A team';
    }
    case 'individual':
      return members.get(g.scopeTarget)?.name ?? 'Someone';
  }
  return g.scope;
}

export interface Group {
  key: string;
  label: string;
  goals: GoalView[];
}

/** byPerson groups goals by owner, people by name; owners not among the members last. */
export function byPerson(goals: GoalView[], members: MemberView[]): Group[] {
  const groups: Group[] = [];
  const known = new Set(members.map((m) => m.id));
  for (const m of [...members].sort((a, b) => a.name.localeCompare(b.name))) {
    const mine = goals.filter((g) => g.ownerId === m.id).sort(byLevelThenTitle);
    if (mine.length > 0) groups.push({ key: m.id, label: m.name, goals: mine });
  }
  const others = goals.filter((g) => !known.has(g.ownerId)).sort(byLevelThenTitle);
  if (others.length > 0) groups.push({ key: '', label: 'Someone not in this workspace', goals: others });
  return groups;
}

/**
 * divisionOf is the division a goal belongs to: a division goal's own, or
 * the team of the person or manager it is scoped to (else its owner's); ""
 * for company goals and people with no team.
 */
export function divisionOf(g: GoalView, members: ReadonlyMap<string, MemberView>): string {
  if (g.scope === 'company') return '';
  if (g.scope === 'division') return g.scopeTarget;
  return members.get(g.scopeTarget)?.team || members.get(g.ownerId)?.team || '';
}

/** byDivision groups goals under their division, divisions by name, then goals with none. */
export function byDivision(goals: GoalView[], members: MemberView[]): Group[] {
  const index = new Map(members.map((m) => [m.id, m]));
  const map = new Map<string, GoalView[]>();
  for (const g of goals) {
    if (g.scope === 'company') continue;
    const d = divisionOf(g, index);
    map.set(d, [...(map.get(d) ?? []), g]);
  }
  const names = [...map.keys()].filter((d) => d !== '').sort((a, b) => a.localeCompare(b));
  const groups = names.map((d) => ({ key: d, label: d, goals: map.get(d)!.sort(byLevelThenTitle) }));
  if (map.has('')) groups.push({ key: '', label: 'No division', goals: map.get('')!.sort(byLevelThenTitle) });
  return groups;
}

/** divisions lists the division names in use, by members' teams and division goals. */
export function divisions(goals: GoalView[], members: MemberView[]): string[] {
  const set = new Set<string>();
  for (const m of members) if (m.team) set.add(m.team);
  for (const g of goals) if (g.scope === 'division' && g.scopeTarget) set.add(g.scopeTarget);
  return [...set].sort((a, b) => a.localeCompare(b));
}

/** reportsOf lists the people who report to a manager. */
export function reportsOf(managerId: string, members: MemberView[]): MemberView[] {
  return members.filter((m) => m.managerId === managerId && m.id !== managerId);
}

/** ancestors returns a goal's parents, nearest first, stopping at a cycle. */
export function ancestors(goals: GoalView[], id: string): GoalView[] {
  const index = new Map(goals.map((g) => [g.id, g]));
  const out: GoalView[] = [];
  const seen = new Set([id]);
  let cur = index.get(id);
  while (cur && cur.parentId && !seen.has(cur.parentId)) {
    const p = index.get(cur.parentId);
    if (!p) break;
    seen.add(p.id);
    out.push(p);
    cur = p;
  }
  return out;
}

/** descendants returns the ids under a goal (not the goal), to keep a goal from moving under its own subgoal. */
export function descendants(goals: GoalView[], id: string): Set<string> {
  const out = new Set<string>();
  let frontier = [id];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const g of goals) if (frontier.includes(g.parentId) && !out.has(g.id) && g.id !== id) {
      out.add(g.id);
      next.push(g.id);
    }
    frontier = next;
  }
  return out;
}

export type OrgKind = 'company' | 'division' | 'manager' | 'person';

export interface OrgNode {
  key: string;
  kind: OrgKind;
  label: string;
  goals: GoalView[];
  children: OrgNode[];
}

/**
 * orgTree arranges goals by the organization, from the company down to a
 * person: the company's goals; each division's, with the teams of the
 * managers in it (a manager's division is their team), and under each
 * team the goals of the people who report to its manager. People with no
 * manager sit under their division, or under the company with none.
 * Branches that hold no goals are left out.
 */
export function orgTree(goals: GoalView[], members: MemberView[]): OrgNode {
  const byName = (a: OrgNode, b: OrgNode) => a.label.localeCompare(b.label) || a.key.localeCompare(b.key);
  const index = new Map(members.map((m) => [m.id, m]));
  const scoped = (scope: string, target: string) => goals.filter((g) => g.scope === scope && g.scopeTarget === target);

  const company: OrgNode = { key: 'company', kind: 'company', label: 'Company', goals: goals.filter((g) => g.scope === 'company'), children: [] };
  const divisionNodes = new Map<string, OrgNode>();
  const division = (name: string): OrgNode => {
    if (name === '') return company;
    let n = divisionNodes.get(name);
    if (!n) {
      n = { key: `division:${name}`, kind: 'division', label: name, goals: scoped('division', name), children: [] };
      divisionNodes.set(name, n);
    }
    return n;
  };
  for (const d of divisions(goals, members)) division(d);

  // Managers: people someone reports to, or who have team goals.
  const managerIds = new Set<string>();
  for (const m of members) if (m.managerId && index.has(m.managerId)) managerIds.add(m.managerId);
  for (const g of goals) if (g.scope === 'manager' && index.has(g.scopeTarget)) managerIds.add(g.scopeTarget);
  const managerNodes = new Map<string, OrgNode>();
  for (const id of managerIds) {
    const m = index.get(id)!;
    managerNodes.set(id, { key: `manager:${id}`, kind: 'manager', label: `${m.name}’s team`, goals: scoped('manager', id), children: [] });
  }

  for (const m of members) {
    const n: OrgNode = { key: `person:${m.id}`, kind: 'person', label: m.name, goals: scoped('individual', m.id), children: [] };
    const boss = m.managerId && m.managerId !== m.id ? managerNodes.get(m.managerId) : undefined;
    (boss ?? division(m.team)).children.push(n);
  }
  for (const [id, n] of managerNodes) division(index.get(id)!.team).children.push(n);
  for (const n of divisionNodes.values()) company.children.push(n);

  // Goals of people or managers not in the workspace, and division goals without a name.
  const placed = new Set<string>();
  const mark = (n: OrgNode) => {
    for (const g of n.goals) placed.add(g.id);
    n.children.forEach(mark);
  };
  mark(company);
  const rest = goals.filter((g) => !placed.has(g.id));
  if (rest.length > 0) company.children.push({ key: 'others', kind: 'person', label: 'Someone not in this workspace', goals: rest, children: [] });

  // Order: divisions, then teams, then people, each by name; prune empty branches.
  const rank: Record<OrgKind, number> = { company: 0, division: 1, manager: 2, person: 3 };
  const tidy = (n: OrgNode): OrgNode | null => {
    const children = n.children.map(tidy).filter((c): c is OrgNode => c !== null).sort((a, b) => rank[a.kind] - rank[b.kind] || byName(a, b));
    if (n.kind !== 'company' && n.goals.length === 0 && children.length === 0) return null;
    return { ...n, children };
  };
  return tidy(company)!;
}

/** orgCount is how many goals a branch holds, its own and below. */
export function orgCount(n: OrgNode): number {
  return n.goals.length + n.children.reduce((s, c) => s + orgCount(c), 0);
}
