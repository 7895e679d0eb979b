// A check-in being written is kept on this device as it is typed, so that
// closing the form, a reload or a crash does not lose it. It is cleared
// once the check-in is made.
export interface CheckInDraft {
  progress: string;
  plans: string;
  problems: string;
  blockers: string;
  /** Per goal id: what was entered for it. */
  goals: Record<string, { value: string; done: boolean; status: string; confidence: number; note: string; include: boolean }>;
}

const key = (meId: string) => `longhand.checkinDraft.${meId}`;

/** parseDraft reads a stored draft, or null when there is none or it is not one. */
export function parseDraft(raw: string | null): CheckInDraft | null {
  if (!raw) return null;
  try {
    const d: unknown = JSON.parse(raw);
    if (!d || typeof d !== 'object') return null;
    const o = d as Record<string, unknown>;
    const text = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : '');
    const goals: CheckInDraft['goals'] = {};
    if (o.goals && typeof o.goals === 'object') {
      for (const [id, g] of Object.entries(o.goals as Record<string, unknown>)) {
        if (!g || typeof g !== 'object') continue;
        const e = g as Record<string, unknown>;
        goals[id] = {
          value: typeof e.value === 'string' ? e.value : '',
          done: e.done === true,
          status: typeof e.status === 'string' ? e.status : 'on_track',
          confidence: typeof e.confidence === 'number' && e.confidence >= 0 && e.confidence <= 100 ? e.confidence : 50,
          note: typeof e.note === 'string' ? e.note : '',
          include: e.include !== false,
        };
      }
    }
    return { progress: text('progress'), plans: text('plans'), problems: text('problems'), blockers: text('blockers'), goals };
  } catch {
    return null;
  }
}

export function loadDraft(meId: string): CheckInDraft | null {
  try {
    return parseDraft(localStorage.getItem(key(meId)));
  } catch {
    return null;
  }
}

export function saveDraft(meId: string, d: CheckInDraft): void {
  try {
    localStorage.setItem(key(meId), JSON.stringify(d));
  } catch {
    // storage may be full or unavailable; the form still works
  }
}

export function clearDraft(meId: string): void {
  try {
    localStorage.removeItem(key(meId));
  } catch {
    // nothing to clear
  }
}
