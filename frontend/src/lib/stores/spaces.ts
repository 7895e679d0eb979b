// The spaces of the knowledge base and those in the trash, loaded once and
// kept current by space:created and space:changed events (never by polling).
import { get, writable } from 'svelte/store';
import { api, events } from '../api/client';
import { toApiError } from '../api/errors';
import type { SpaceChanged, SpaceInput, SpaceView } from '../api/types';
import { emptySpaces, moveTarget, reduceSpaceChange, reduceSpaceCreated, type SpacesState } from './spacesReducer';
import { toasts } from './toasts';

export { withSpace } from './spacesReducer';
export type { SpacesState } from './spacesReducer';

const state = writable<SpacesState>(emptySpaces);
let started = false;

function report(e: unknown): void {
  toasts.error(toApiError(e).message);
}

export const spaces = {
  subscribe: state.subscribe,

  /** start subscribes to events, then loads the lists; events that race the load are replayed. */
  async start(): Promise<void> {
    if (started) return;
    started = true;
    let queue: ((s: SpacesState) => SpacesState)[] | null = [];
    const apply = (f: (s: SpacesState) => SpacesState) => {
      if (queue) queue.push(f);
      else state.update(f);
    };
    events.onSpaceCreated((sp) => apply((s) => reduceSpaceCreated(s, sp)));
    events.onSpaceChanged((ev) => apply((s) => reduceSpaceChange(s, ev)));
    try {
      const [list, trash] = await Promise.all([api.listSpaces(), api.listSpaceTrash()]);
      let next: SpacesState = { loaded: true, list, trash };
      for (const f of queue ?? []) next = f(next);
      state.set(next);
    } catch (e) {
      state.update((s) => ({ ...s, loaded: true }));
      report(e);
    } finally {
      queue = null;
    }
  },

  /** create makes a space; it throws ApiError so that a dialog can show the message next to its fields. */
  async create(name: string, description: string, icon: string): Promise<SpaceView> {
    const sp = await api.createSpace(name, description, icon);
    state.update((s) => reduceSpaceCreated(s, sp));
    return sp;
  },

  /** update changes a space's name, description and icon; it throws ApiError for the dialog. */
  async update(id: string, input: SpaceInput): Promise<SpaceView> {
    const sp = await api.updateSpace(id, input);
    state.update((s) => reduceSpaceChange(s, { kind: 'updated', space: sp }));
    return sp;
  },

  /** move puts a space before another ("" = last); a refusal is shown as a toast. */
  async move(id: string, beforeId: string): Promise<boolean> {
    try {
      const changed = await api.moveSpace(id, beforeId);
      state.update((s) => changed.reduce((acc, sp) => reduceSpaceChange(acc, { kind: 'moved', space: sp } satisfies SpaceChanged), s));
      return true;
    } catch (e) {
      report(e);
      return false;
    }
  },

  /** step moves a space one place up (-1) or down (1) in the sidebar. */
  async step(id: string, dir: -1 | 1): Promise<boolean> {
    const before = moveTarget(get(state).list, id, dir);
    if (before === null) return false;
    return spaces.move(id, before);
  },

  /** trash moves a space, with its pages, to the trash. */
  async trash(id: string): Promise<boolean> {
    try {
      await api.deleteSpace(id);
      const sp = get(state).list.find((x) => x.id === id);
      if (sp) state.update((s) => reduceSpaceChange(s, { kind: 'trashed', space: { ...sp, deletedAt: new Date().toISOString() } }));
      return true;
    } catch (e) {
      report(e);
      return false;
    }
  },

  async restore(id: string): Promise<boolean> {
    try {
      await api.restoreSpace(id);
      const sp = get(state).trash.find((x) => x.id === id);
      if (sp) state.update((s) => reduceSpaceChange(s, { kind: 'restored', space: sp }));
      return true;
    } catch (e) {
      report(e);
      return false;
    }
  },

  async purge(id: string): Promise<boolean> {
    try {
      await api.purgeSpace(id);
      const sp = get(state).trash.find((x) => x.id === id);
      if (sp) state.update((s) => reduceSpaceChange(s, { kind: 'purged', space: sp }));
      return true;
    } catch (e) {
      report(e);
      return false;
    }
  },
};
