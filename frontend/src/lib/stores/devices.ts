// This device's identity, the devices the signed membership log lists, and
// the invitations in it. Loaded when the security tab opens and after each
// change made here; changes from other devices arrive with sync.
import { writable } from 'svelte/store';
import { api } from '../api/client';
import { toApiError } from '../api/errors';
import type { DeviceView, IdentityView, InviteView, NewInviteInput } from '../api/types';

export interface DevicesState {
  loaded: boolean;
  identity: IdentityView | null;
  /** Why the identity could not be loaded; '' when it was. */
  identityError: string;
  devices: DeviceView[];
  invites: InviteView[];
  error: string;
}

const empty: DevicesState = { loaded: false, identity: null, identityError: '', devices: [], invites: [], error: '' };
const state = writable<DevicesState>(empty);

async function load(): Promise<void> {
  const [identity, devices, invites] = await Promise.allSettled([api.identity(), api.listDevices(), api.listInvites()]);
  state.set({
    loaded: true,
    identity: identity.status === 'fulfilled' ? identity.value : null,
    identityError: identity.status === 'rejected' ? toApiError(identity.reason).message : '',
    devices: devices.status === 'fulfilled' ? devices.value : [],
    invites: invites.status === 'fulfilled' ? invites.value : [],
    error: devices.status === 'rejected' ? toApiError(devices.reason).message : '',
  });
}

export const devices = {
  subscribe: state.subscribe,
  load,
  /** createInvite makes an invitation; its code and link are only in the result. */
  async createInvite(input: NewInviteInput): Promise<InviteView> {
    const v = await api.createInvite(input);
    await load();
    return v;
  },
  /** removeDevice takes a device out of the workspace; Go rotates the key after it. */
  async removeDevice(id: string): Promise<void> {
    await api.removeDevice(id);
    await load();
  },
  async revokeInvite(id: string): Promise<void> {
    await api.revokeInvite(id);
    await load();
  },
};
