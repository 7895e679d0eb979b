// Everyone in the workspace, loaded once and kept current by
// member:changed events.
import { derived, writable } from 'svelte/store';
import { api, events } from '../api/client';
import { toApiError } from '../api/errors';
import type { MemberInput, MemberView } from '../api/types';
import { toasts } from './toasts';

export interface MembersState {
  loaded: boolean;
  list: MemberView[];
}

const state = writable<MembersState>({ loaded: false, list: [] });
let started = false;

/** withMember puts m in the list, replacing an older copy, sorted by name. */
export function withMember(list: MemberView[], m: MemberView): MemberView[] {
  const next = list.some((x) => x.id === m.id) ? list.map((x) => (x.id === m.id ? m : x)) : [...list, m];
  return next.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id));
}

export const members = {
  subscribe: state.subscribe,

  async start(): Promise<void> {
    if (started) return;
    started = true;
    const early: MemberView[] = [];
    let loading = true;
    events.onMemberChanged((m) => {
      if (loading) early.push(m);
      else state.update((s) => ({ ...s, list: withMember(s.list, m) }));
    });
    try {
      let list = await api.listMembers();
      for (const m of early) list = withMember(list, m);
      state.set({ loaded: true, list });
    } catch (e) {
      state.update((s) => ({ ...s, loaded: true }));
      toasts.error(toApiError(e).message);
    } finally {
      loading = false;
    }
  },

  /** add makes a profile; it throws ApiError so that the form can show the message by its fields. */
  async add(input: MemberInput): Promise<MemberView> {
    const m = await api.addMember(input);
    state.update((s) => ({ ...s, list: withMember(s.list, m) }));
    return m;
  },

  async update(id: string, input: MemberInput): Promise<MemberView> {
    const m = await api.updateMember(id, input);
    state.update((s) => ({ ...s, list: withMember(s.list, m) }));
    return m;
  },
};

/** memberById looks people up by ID. */
export const memberById = derived(state, (s) => new Map(s.list.map((m) => [m.id, m])));
