// Goals, my check-in schedule and everyone's check-ins, kept current by
// goal:changed, checkin:changed and checkin:due events.
import { get, writable } from 'svelte/store';
import { api, events } from '../api/client';
import { toApiError } from '../api/errors';
import type { CheckInInput, CheckInView, GoalInput, GoalView, ScheduleView } from '../api/types';
import { focusing } from '../people/focus';
import { memberById } from './members';
import { toasts } from './toasts';

export interface GoalsState {
  loaded: boolean;
  /** Every live goal, with progress rolled up; no snapshots. */
  list: GoalView[];
  schedule: ScheduleView | null;
  /** My scheduled check-in time has come and I have not checked in since. */
  due: boolean;
  /** Check-ins by person ("" = everyone's), newest first, once loaded. */
  checkIns: Record<string, CheckInView[]>;
}

/** withGoal puts a changed goal in the list: replaced, added, or removed when archived. */
export function withGoal(list: GoalView[], g: GoalView): GoalView[] {
  const rest = list.filter((x) => x.id !== g.id);
  if (g.archived) return rest;
  const lean = { ...g, snapshots: [] };
  return list.some((x) => x.id === g.id) ? list.map((x) => (x.id === g.id ? lean : x)) : [...list, lean];
}

/** withCheckIn puts a check-in in each loaded timeline it belongs to, newest first. */
export function withCheckIn(all: Record<string, CheckInView[]>, c: CheckInView): Record<string, CheckInView[]> {
  const out: Record<string, CheckInView[]> = {};
  for (const [key, list] of Object.entries(all)) {
    if (key !== '' && key !== c.memberId) {
      out[key] = list;
      continue;
    }
    const rest = list.filter((x) => x.id !== c.id);
    out[key] = [...rest, c].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  }
  return out;
}

const state = writable<GoalsState>({ loaded: false, list: [], schedule: null, due: false, checkIns: {} });
let started = false;
let meId = '';
let onDue: (() => void) | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

async function refreshSchedule(): Promise<void> {
  try {
    const schedule = await api.schedule();
    state.update((s) => ({ ...s, schedule, due: schedule.due }));
  } catch {
    // the schedule is a nicety; goals still work without it
  }
}

export const goals = {
  subscribe: state.subscribe,

  /** start loads goals and the schedule; openCheckIn runs when a due prompt's action is taken. */
  async start(me: string, openCheckIn: () => void): Promise<void> {
    meId = me;
    onDue = openCheckIn;
    if (started) return;
    started = true;
    events.onGoalChanged((g) => {
      state.update((s) => ({ ...s, list: withGoal(s.list, g) }));
      // Its parents' roll-ups moved with it: reload the list once the burst is over.
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => void goals.refresh(), 150);
    });
    events.onCheckInChanged((c) => {
      state.update((s) => ({ ...s, checkIns: withCheckIn(s.checkIns, c) }));
      if (c.memberId === meId) void refreshSchedule();
    });
    events.onCheckInDue(() => {
      state.update((s) => ({ ...s, due: true }));
      void refreshSchedule();
      // Focus is not interrupted: the sidebar says it is due, and the held
      // desktop notification comes when focus ends.
      if (!focusing(get(memberById).get(meId)?.focusUntil, Date.now())) {
        toasts.info('It’s time for your check-in.', { label: 'Check in', run: () => onDue?.() });
      }
    });
    try {
      const list = await api.listGoals();
      state.update((s) => ({ ...s, loaded: true, list: list.reduce(withGoal, s.list) }));
    } catch (e) {
      state.update((s) => ({ ...s, loaded: true }));
      toasts.error(toApiError(e).message);
    }
    await refreshSchedule();
  },

  /** create makes a goal; it throws ApiError for the form to show. */
  async create(input: GoalInput): Promise<GoalView> {
    const g = await api.createGoal(input);
    state.update((s) => ({ ...s, list: withGoal(s.list, g) }));
    return g;
  },

  async update(id: string, input: GoalInput): Promise<GoalView> {
    const g = await api.updateGoal(id, input);
    state.update((s) => ({ ...s, list: withGoal(s.list, g) }));
    return g;
  },

  /** refresh reloads every goal, for roll-ups that moved with a change elsewhere in the tree. */
  async refresh(): Promise<void> {
    try {
      const list = await api.listGoals();
      state.update((s) => ({ ...s, list }));
    } catch (e) {
      toasts.error(toApiError(e).message);
    }
  },

  async checkIn(input: CheckInInput): Promise<CheckInView> {
    const c = await api.checkIn(input);
    state.update((s) => ({ ...s, due: false, checkIns: withCheckIn(s.checkIns, c) }));
    await Promise.all([goals.refresh(), refreshSchedule()]);
    return c;
  },

  async loadCheckIns(memberId: string): Promise<void> {
    try {
      const list = await api.checkIns(memberId);
      state.update((s) => ({ ...s, checkIns: { ...s.checkIns, [memberId]: list } }));
    } catch (e) {
      toasts.error(toApiError(e).message);
    }
  },

  async comment(checkInId: string, body: string): Promise<CheckInView> {
    const c = await api.commentOnCheckIn(checkInId, body);
    state.update((s) => ({ ...s, checkIns: withCheckIn(s.checkIns, c) }));
    return c;
  },

  async setSchedule(days: number[], time: string): Promise<ScheduleView> {
    const schedule = await api.setSchedule(days, time);
    state.update((s) => ({ ...s, schedule, due: schedule.due }));
    return schedule;
  },
};
