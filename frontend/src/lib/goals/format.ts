// How goals read to people: labels, values and periods. Pure functions.
import type { GoalView, MeasureView } from '../api/types';
import { calendarRange, monthYear } from '../time.svelte';

export const levels = ['annual', 'quarterly', 'monthly', 'weekly'] as const;
export const scopes = ['company', 'division', 'manager', 'individual'] as const;
export const statuses = ['on_track', 'at_risk', 'off_track'] as const;

const levelNames: Record<string, string> = { annual: 'Annual', quarterly: 'Quarterly', monthly: 'Monthly', weekly: 'Weekly' };
const statusNames: Record<string, string> = { on_track: 'On track', at_risk: 'At risk', off_track: 'Off track' };
const scopeNames: Record<string, string> = { company: 'Company', division: 'Division', manager: 'Team', individual: 'Person' };

export function levelLabel(level: string): string {
  return levelNames[level] ?? level;
}
export function statusLabel(status: string): string {
  return statusNames[status] ?? 'No status';
}
export function scopeName(scope: string): string {
  return scopeNames[scope] ?? scope;
}

/** levelRank orders levels from the longest horizon; unknown ones last. */
export function levelRank(level: string): number {
  const i = (levels as readonly string[]).indexOf(level);
  return i < 0 ? levels.length : i;
}

/** scopeRank orders scopes from the company down to a person; unknown ones last. */
export function scopeRank(scope: string): number {
  const i = (scopes as readonly string[]).indexOf(scope);
  return i < 0 ? scopes.length : i;
}

/** confidenceLabel reads a 0–100 confidence as low, medium or high. */
export function confidenceLabel(c: number): string {
  if (c >= 70) return 'High';
  if (c >= 40) return 'Medium';
  return 'Low';
}

const nf = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** formatValue writes a number with its unit: "40%", "12 customers", "$1,200". */
export function formatValue(v: number, unit: string): string {
  const n = Number.isFinite(v) ? nf.format(v) : '–';
  const u = unit.trim();
  if (u === '') return n;
  if (u === '%') return `${n}%`;
  if (u === '$' || u === '€' || u === '£') return `${u}${n}`;
  return `${n} ${u}`;
}

/** measureText says where a measure stands: "12 / 30 customers", "Done". */
export function measureText(m: MeasureView): string {
  if (m.kind === 'binary') return m.done ? 'Done' : 'Not done';
  return `${nf.format(m.current)} / ${formatValue(m.target, m.unit)}`;
}

/** measureProgress is how far a measure is from its start to its target, 0–1, as Go computes it. */
export function measureProgress(m: MeasureView): number {
  if (m.kind === 'binary') return m.done ? 1 : 0;
  const span = m.target - m.start;
  if (span === 0 || !Number.isFinite(span)) return 0;
  const f = (m.current - m.start) / span;
  return Number.isFinite(f) ? Math.max(0, Math.min(1, f)) : 0;
}

/** percent writes a 0–1 fraction as a whole percentage. */
export function percent(p: number): string {
  if (!Number.isFinite(p)) return '0%';
  return `${Math.round(Math.max(0, Math.min(1, p)) * 100)}%`;
}

function parseDate(s: string): { y: number; m: number; d: number } | null {
  const r = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return r ? { y: +r[1], m: +r[2], d: +r[3] } : null;
}

function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** periodText names a period the way people say it: "2026", "Q1 2026", "March 2026", "2–8 Mar" (in the reader's order). */
export function periodText(start: string, end: string): string {
  const a = parseDate(start);
  const b = parseDate(end);
  if (!a || !b) return `${start} – ${end}`;
  if (a.d === 1 && b.y === a.y) {
    if (a.m === 1 && b.m === 12 && b.d === 31) return `${a.y}`;
    if ((a.m - 1) % 3 === 0 && b.m === a.m + 2 && b.d === lastDay(b.y, b.m)) return `Q${(a.m + 2) / 3} ${a.y}`;
    if (b.m === a.m && b.d === lastDay(b.y, b.m)) return monthYear(a.y, a.m);
  }
  return calendarRange(start, end);
}

/** defaultPeriod is the calendar period of a level around a day ("YYYY-MM-DD", today in my zone), as YYYY-MM-DD. */
export function defaultPeriod(level: string, today: string): { start: string; end: string } {
  const day = new Date(`${today}T12:00:00Z`);
  const y = day.getUTCFullYear();
  const m = day.getUTCMonth();
  const fmt = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
  let s: Date;
  let e: Date;
  if (level === 'annual') {
    s = new Date(Date.UTC(y, 0, 1));
    e = new Date(Date.UTC(y, 11, 31));
  } else if (level === 'quarterly') {
    s = new Date(Date.UTC(y, m - (m % 3), 1));
    e = new Date(Date.UTC(y, m - (m % 3) + 3, 0));
  } else if (level === 'monthly') {
    s = new Date(Date.UTC(y, m, 1));
    e = new Date(Date.UTC(y, m + 1, 0));
  } else {
    const dow = (day.getUTCDay() + 6) % 7; // Monday = 0
    s = new Date(Date.UTC(y, m, day.getUTCDate() - dow));
    e = new Date(Date.UTC(y, m, day.getUTCDate() - dow + 6));
  }
  return { start: fmt(s), end: fmt(e) };
}

/** isOpen reports whether a goal still takes check-ins: not archived and not closed. */
export function isOpen(g: GoalView): boolean {
  return !g.archived && g.closedAt === '';
}
