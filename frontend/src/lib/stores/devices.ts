// This device's identity, the devices the signed membership log lists, and
// the invitations in it. Loaded when first asked for, and again whenever
// the log takes in an entry (membership:changed): a change made here, or a
// device that joined through this one or reached it by sync.
import { writable } from 'svelte/store';
import { api, events } from '../api/client';
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

let listening = false;
let loads = 0;

async function load(): Promise<void> {
  if (!listening) {
    listening = true;
    events.onMembershipChanged(() => void load());
  }
  const n = ++loads;
  const [identity, devices, invites] = await Promise.allSettled([api.identity(), api.listDevices(), api.listInvites()]);
  if (n !== loads) return; // a later load, of a later log, is on its way
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
