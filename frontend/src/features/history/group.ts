// Versions grouped by the day they ended on, in the viewer's zone, for the history panel.
import type { VersionView } from '../../lib/api/types';
import { dayLabel } from '../../lib/time.svelte';

export { dayLabel, timeRange } from '../../lib/time.svelte';

export interface VersionDay {
  label: string;
  versions: VersionView[];
}

/** groupByDay keeps the order (newest first) and starts a group at each new day. */
export function groupByDay(versions: readonly VersionView[], now: number): VersionDay[] {
  const out: VersionDay[] = [];
  for (const v of versions) {
    const label = dayLabel(v.end || v.start, now);
    const last = out[out.length - 1];
    if (last && last.label === label) last.versions.push(v);
    else out.push({ label, versions: [v] });
  }
  return out;
}

/** versionKey tells entries apart: a name given twice to one state lists that state twice. */
export function versionKey(v: VersionView): string {
  return v.name ? `${v.id}#${v.namedAt ?? ''}#${v.name}` : v.id;
}

/** versionMeta is the line under an entry: when, who, and how much changed. */
export function versionMeta(v: VersionView): string {
  const who = v.authorName || 'Someone';
  if (v.changes === 0) return `Named by ${v.namedByName || who}`;
  const changes = `${v.changes} ${v.changes === 1 ? 'change' : 'changes'}`;
  const named = v.name && v.namedByName && v.namedByName !== who ? ` · named by ${v.namedByName}` : '';
  return `${who} · ${changes}${named}`;
}
