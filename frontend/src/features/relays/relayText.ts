// What a relay's row says, from its status.
import type { RelayView } from '../../lib/api/types';
import { postTime } from '../../lib/time.svelte';

export interface RelayText {
  tone: 'ok' | 'bad' | 'idle';
  text: string;
  detail: string;
}

const when = (iso: string, now: Date) => postTime(iso, now.getTime());

const waiting = (n: number) => (n === 1 ? '1 document waiting to be sent' : `${n} documents waiting to be sent`);

export function describeRelay(r: RelayView, now = new Date()): RelayText {
  let pos = r.position > 0 ? `confirmed up to #${r.position}` : 'nothing received yet';
  if (r.queued > 0) pos += ` · ${waiting(r.queued)}`;
  switch (r.state) {
    case 'reachable':
      return { tone: 'ok', text: `Reachable · ${pos}`, detail: r.lastError };
    case 'unreachable': {
      const last = r.lastOkAt ? `last reached ${when(r.lastOkAt, now)}` : 'never reached';
      return { tone: 'bad', text: `Not reachable · ${last} · ${pos}`, detail: `${r.lastError} Edits made meanwhile are kept and sent when it is back.`.trim() };
    }
    case 'unavailable':
      return { tone: 'idle', text: 'Not syncing', detail: r.lastError };
    default:
      return { tone: 'idle', text: 'Connecting…', detail: '' };
  }
}
