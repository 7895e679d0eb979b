import { describe, expect, it } from 'vitest';
import { upsert } from '../../lib/stores/relays';
import { describeRelay } from './relayText';
import { configureTime } from '../../lib/time.svelte';

// These tests read British English on a 24-hour clock; time.test.ts covers the other formats.
configureTime({ locale: 'en-GB', hours: '', zone: 'UTC' });

const base = { url: 'wss://relay.example.com/v1', position: 0, lastOkAt: '', lastError: '', queued: 0 };

describe('describeRelay', () => {
  it('says a reachable relay and the position it confirmed', () => {
    expect(describeRelay({ ...base, state: 'reachable', position: 42 })).toMatchObject({ tone: 'ok', text: 'Reachable · confirmed up to #42' });
  });
  it('says when an unreachable relay was last reached and that edits wait', () => {
    const d = describeRelay({ ...base, state: 'unreachable', lastOkAt: '2026-12-01T09:05:00Z', lastError: 'The relay cannot be reached.' }, new Date('2026-12-01T12:00:00Z'));
    expect(d.tone).toBe('bad');
    expect(d.text).toMatch(/^Not reachable · last reached \d\d:\d\d · nothing received yet$/);
    expect(d.detail).toContain('sent when it is back');
  });
  it('counts documents waiting to be sent', () => {
    expect(describeRelay({ ...base, state: 'unreachable', queued: 3 }).text).toContain('3 documents waiting to be sent');
    expect(describeRelay({ ...base, state: 'reachable', position: 5, queued: 1 }).text).toBe('Reachable · confirmed up to #5 · 1 document waiting to be sent');
  });
  it('says a relay that was never reached', () => {
    expect(describeRelay({ ...base, state: 'unreachable' }).text).toContain('never reached');
  });
  it('passes on why a relay cannot sync', () => {
    expect(describeRelay({ ...base, state: 'unavailable', lastError: 'Not in this build.' })).toMatchObject({ tone: 'idle', detail: 'Not in this build.' });
  });
});

describe('upsert', () => {
  it('replaces a relay in place and appends a new one', () => {
    const a = { ...base, state: 'connecting' };
    const b = { ...base, url: 'wss://b/v1', state: 'connecting' };
    const list = upsert(upsert([], a), b);
    expect(upsert(list, { ...a, state: 'reachable' }).map((r) => r.state)).toEqual(['reachable', 'connecting']);
    expect(list.map((r) => r.url)).toEqual([a.url, b.url]);
  });
});
