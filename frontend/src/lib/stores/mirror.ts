// The live Markdown folder mirror: whether it is on, where, and the files
// it left alone. Loaded once, then kept current by mirror:changed events;
// a file newly left alone is also said in a toast.
import { writable } from 'svelte/store';
import { api, events } from '../api/client';
import { toApiError } from '../api/errors';
import type { MirrorProblem, MirrorStatus } from '../api/types';
import { toasts } from './toasts';

export interface MirrorState {
  loaded: boolean;
  status: MirrorStatus;
  /** Why the status could not be read; '' when it was. */
  error: string;
}

const off: MirrorStatus = { on: false, folder: '', pages: 0, problems: [], error: '' };
const state = writable<MirrorState>({ loaded: false, status: off, error: '' });
let current: MirrorStatus = off;
let started = false;

/** newProblems lists the problems in next that were not in prev, by path and reason. */
export function newProblems(prev: readonly MirrorProblem[], next: readonly MirrorProblem[]): MirrorProblem[] {
  const seen = new Set(prev.map((p) => `${p.path}\n${p.reason}`));
  return next.filter((p) => !seen.has(`${p.path}\n${p.reason}`));
}

/** mirrorSummary is the one line the settings show under the folder. */
export function mirrorSummary(s: MirrorStatus): string {
  if (!s.on) return s.folder ? 'Paused' : 'Off';
  const pages = `${s.pages} ${s.pages === 1 ? 'page' : 'pages'} mirrored`;
  if (s.problems.length === 0) return `${pages} · up to date`;
  return `${pages} · ${s.problems.length} ${s.problems.length === 1 ? 'file needs' : 'files need'} attention`;
}

function apply(next: MirrorStatus, announce: boolean): void {
  if (announce) {
    const fresh = newProblems(current.problems, next.problems);
    for (const p of fresh.slice(0, 3)) toasts.error(`Folder mirror · ${p.path}: ${p.reason}`);
  }
  current = next;
  state.set({ loaded: true, status: next, error: '' });
}

export const mirror = {
  subscribe: state.subscribe,
  /** start loads the status once and follows mirror:changed from then on. */
  async start(): Promise<void> {
    if (started) return;
    started = true;
    events.onMirrorChanged((s) => apply(s, true));
    try {
      apply(await api.mirrorStatus(), false);
    } catch (e) {
      state.update((st) => ({ ...st, loaded: true, error: toApiError(e).message }));
    }
  },
  /** choose asks for a folder with the system's dialog and mirrors into it; false when cancelled. */
  async choose(): Promise<boolean> {
    const folder = await api.chooseMirrorFolder();
    if (!folder) return false;
    apply(await api.startMirror(folder), false);
    return true;
  },
  async stop(): Promise<void> {
    apply(await api.stopMirror(), false);
  },
  async rescan(): Promise<void> {
    await api.rescanMirror();
  },
};
