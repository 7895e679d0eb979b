// The people of the workspace, loaded once and kept current by
// member:changed events.
import { derived, writable } from 'svelte/store';
import { api, events } from '../api/client';
import { toApiError } from '../api/errors';
import type { MemberView } from '../api/types';
import { toasts } from './toasts';

export interface MembersState {
  loaded: boolean;
  list: MemberView[];
}

/** withMember adds or replaces a member, keeping the list by name. */
export function withMember(list: MemberView[], m: MemberView): MemberView[] {
  const rest = list.filter((x) => x.id !== m.id);
  return [...rest, m].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

const state = writable<MembersState>({ loaded: false, list: [] });
let started = false;

export const members = {
  subscribe: state.subscribe,

  async start(): Promise<void> {
    if (started) return;
    started = true;
    events.onMemberChanged((m) => state.update((s) => ({ ...s, list: withMember(s.list, m) })));
    try {
      const list = await api.listMembers();
      state.update((s) => ({ loaded: true, list: list.reduce(withMember, s.list) }));
    } catch (e) {
      state.update((s) => ({ ...s, loaded: true }));
      toasts.error(toApiError(e).message);
    }
  },
};

/** memberIndex maps member ids to members. */
export const memberIndex = derived(state, (s) => new Map(s.list.map((m) => [m.id, m])));
