// Versions grouped by the local day they ended on, for the history panel.
import type { VersionView } from '../../lib/api/types';

export interface VersionDay {
  label: string;
  versions: VersionView[];
}

/** dayLabel is "Today", "Yesterday" or a date, for the local day of iso. */
export function dayLabel(iso: string, now: number): string {
  const d = new Date(iso);
  const day = (t: Date) => new Date(t.getFullYear(), t.getMonth(), t.getDate()).getTime();
  const diff = Math.round((day(new Date(now)) - day(d)) / 86_400_000);
  if (diff === 0) return 'Today';
  if (diff === 1) return 'Yesterday';
  const sameYear = d.getFullYear() === new Date(now).getFullYear();
  return d.toLocaleDateString(undefined, sameYear ? { weekday: 'short', month: 'short', day: 'numeric' } : { year: 'numeric', month: 'short', day: 'numeric' });
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

/** timeRange is "14:05" or "14:05 – 14:32" in local time. */
export function timeRange(start: string, end: string): string {
  const f = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const a = f(start);
  const b = f(end);
  return a === b ? a : `${a} – ${b}`;
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
