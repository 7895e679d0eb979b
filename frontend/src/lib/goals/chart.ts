// The geometry of a goal's progress chart and of scoreboard sparklines:
// plain numbers for an SVG drawn by hand.
import type { MeasureView, SnapshotView } from '../api/types';

export interface ChartPoint {
  x: number;
  y: number;
  snap: SnapshotView;
}

export interface Chart {
  points: ChartPoint[];
  /** The line through the points, an SVG path ("" with no points). */
  path: string;
  /** The area under it, closed along the bottom. */
  area: string;
  /** Where the target and the start sit on the y axis. */
  targetY: number;
  startY: number;
  /** Value ticks for the y axis, bottom to top. */
  ticks: { y: number; value: number }[];
  /**
   * Labels for the x axis: the goal's period's first and last day (day,
   * "YYYY-MM-DD") when it has one, else the first and last snapshot (at).
   */
  xLabels: { x: number; at?: string; day?: string }[];
}

export interface Box {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** niceStep picks a round tick step (1, 2, 2.5 or 5 × 10^n) for a span. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

const dayMs = 86_400_000;
const dayStart = (day: string) => (/^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN);

/**
 * chart lays out a goal's snapshots in a box: time along x across the
 * goal's period (from its first day to the end of its last, widened to
 * take in any snapshot outside it), or across the snapshots without one
 * (points spread evenly when they share a time); value along y between
 * the lowest and highest of start, target and every value.
 */
export function chart(snaps: SnapshotView[], m: MeasureView, box: Box, period?: { start: string; end: string }): Chart {
  const binary = m.kind === 'binary';
  const start = binary ? 0 : m.start;
  const target = binary ? 1 : m.target;
  const values = snaps.map((s) => (Number.isFinite(s.value) ? s.value : 0));
  let lo = Math.min(start, target, ...values);
  let hi = Math.max(start, target, ...values);
  if (hi === lo) hi = lo + 1;
  const step = binary ? 1 : niceStep(hi - lo, 4);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const x0 = box.left;
  const x1 = box.width - box.right;
  const y0 = box.height - box.bottom;
  const y1 = box.top;
  const yOf = (v: number) => round(y0 - ((v - lo) / (hi - lo)) * (y0 - y1));
  const times = snaps.map((s) => Date.parse(s.at));
  const p0 = period ? dayStart(period.start) : NaN;
  const p1 = period ? dayStart(period.end) + dayMs : NaN;
  const byPeriod = p1 > p0 && !times.some((t) => Number.isNaN(t));
  const t0 = byPeriod ? Math.min(p0, ...times) : Math.min(...times);
  const t1 = byPeriod ? Math.max(p1, ...times) : Math.max(...times);
  const xOf = (i: number) => {
    if (snaps.length === 1 && !byPeriod) return round((x0 + x1) / 2);
    if (!(t1 > t0) || times.some((t) => Number.isNaN(t))) return round(x0 + ((x1 - x0) * i) / (snaps.length - 1));
    return round(x0 + ((times[i] - t0) / (t1 - t0)) * (x1 - x0));
  };
  const points = snaps.map((snap, i) => ({ x: xOf(i), y: yOf(values[i]), snap }));
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ');
  const area = points.length > 1 ? `${path} L${points[points.length - 1].x} ${y0} L${points[0].x} ${y0} Z` : '';
  const ticks: { y: number; value: number }[] = [];
  for (let v = lo, n = 0; v <= hi + step / 2 && n < 12; v += step, n++) ticks.push({ y: yOf(v), value: Math.round(v * 1e6) / 1e6 });
  const xLabels = byPeriod ? [{ x: round(x0 + ((p0 - t0) / (t1 - t0)) * (x1 - x0)), day: period!.start }, { x: round(x0 + ((p1 - dayMs - t0) / (t1 - t0)) * (x1 - x0)), day: period!.end }]
    : points.length === 0 ? [] : points.length === 1 ? [{ x: points[0].x, at: snaps[0].at }] :
    [{ x: points[0].x, at: snaps[0].at }, { x: points[points.length - 1].x, at: snaps[snaps.length - 1].at }];
  return { points, path, area, targetY: yOf(target), startY: yOf(start), ticks, xLabels };
}

/** sparkline draws values as a small line in width × height, the lowest at the bottom. */
export function sparkline(values: number[], width: number, height: number): string {
  const vs = values.filter((v) => Number.isFinite(v));
  if (vs.length === 0) return '';
  const lo = Math.min(...vs);
  const hi = Math.max(...vs);
  const pad = 2;
  const y = (v: number) => round(hi === lo ? height / 2 : height - pad - ((v - lo) / (hi - lo)) * (height - 2 * pad));
  if (vs.length === 1) return `M0 ${y(vs[0])} L${width} ${y(vs[0])}`;
  return vs.map((v, i) => `${i === 0 ? 'M' : 'L'}${round((i / (vs.length - 1)) * width)} ${y(v)}`).join(' ');
}

/** trend compares the last value with the one before: up, down or flat. */
export function trend(values: number[]): 'up' | 'down' | 'flat' {
  if (values.length < 2) return 'flat';
  const d = values[values.length - 1] - values[values.length - 2];
  return d > 0 ? 'up' : d < 0 ? 'down' : 'flat';
}
