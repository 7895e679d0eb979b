// Pure logic behind the comments panel: grouping threads, and @mentions in
// a composer. Kept apart from the store so it is tested without Go.
import type { ThreadView } from '../api/types';

export interface ThreadGroups {
  /** Open threads anchored to text, in text order. */
  open: ThreadView[];
  /** Open threads whose text was deleted. */
  detached: ThreadView[];
  /** Resolved threads, most recently resolved first. */
  resolved: ThreadView[];
}

export function groupThreads(threads: readonly ThreadView[]): ThreadGroups {
  const open = threads.filter((t) => !t.resolved && !t.detached).sort((a, b) => a.start - b.start || a.end - b.end || a.id.localeCompare(b.id));
  const detached = threads.filter((t) => !t.resolved && t.detached);
  const resolved = threads.filter((t) => t.resolved).sort((a, b) => b.resolvedAt.localeCompare(a.resolvedAt));
  return { open, detached, resolved };
}

export interface Person {
  id: string;
  name: string;
}

/** mentionQuery finds an "@wor" being typed just before the caret; null if none. */
export function mentionQuery(text: string, caret: number): { at: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|[\s(])@([\p{L}\p{N}_.-]*)$/u.exec(before);
  if (!m) return null;
  return { at: caret - m[2].length - 1, query: m[2] };
}

/** matchPeople lists the people whose name starts a word with the query. */
export function matchPeople(people: readonly Person[], query: string): Person[] {
  const q = query.toLowerCase();
  return people.filter((p) => q === '' || p.name.toLowerCase().split(/\s+/).some((w) => w.startsWith(q)) || p.name.toLowerCase().startsWith(q));
}

/** insertMention replaces the "@query" at `at` with "@Name ". */
export function insertMention(text: string, at: number, caret: number, person: Person): { text: string; caret: number } {
  const ins = `@${person.name} `;
  return { text: text.slice(0, at) + ins + text.slice(caret), caret: at + ins.length };
}

/** mentionsIn returns the ids of the people still mentioned in the text ("@Name"). */
export function mentionsIn(text: string, chosen: readonly Person[]): string[] {
  const ids: string[] = [];
  for (const p of chosen) if (text.includes(`@${p.name}`) && !ids.includes(p.id)) ids.push(p.id);
  return ids;
}
