// The session: who is using this workspace, or why it cannot be opened.
import { writable } from 'svelte/store';
import { api } from '../api/client';
import { ApiError, toApiError } from '../api/errors';
import type { SessionView } from '../api/types';
import { markLaunch } from '../launchTiming';

export type SessionState =
  | { status: 'loading' }
  | { status: 'unavailable'; error: ApiError }
  | { status: 'setup'; session: SessionView }
  | { status: 'ready'; session: SessionView };

const { subscribe, set } = writable<SessionState>({ status: 'loading' });

export const session = {
  subscribe,

  async load(): Promise<void> {
    try {
      const s = await api.session();
      markLaunch('session');
      set(s.ready ? { status: 'ready', session: s } : { status: 'setup', session: s });
    } catch (e) {
      const err = toApiError(e);
      // Without a session nothing else can work; any failure is shown as such.
      set({ status: 'unavailable', error: err });
    }
  },

  /** setup creates the workspace; it rejects with ApiError for the form to show. */
  async setup(name: string, timeZone: string, workspaceName: string): Promise<void> {
    const s = await api.setup(name.trim(), timeZone.trim(), workspaceName.trim());
    set({ status: 'ready', session: s });
  },

  /** join makes this device one of an existing workspace's, with an invitation code. */
  async join(code: string, name: string, timeZone: string, address: string): Promise<void> {
    const s = await api.joinWorkspace(code.trim(), name.trim(), timeZone.trim(), address.trim());
    set({ status: 'ready', session: s });
  },
};
