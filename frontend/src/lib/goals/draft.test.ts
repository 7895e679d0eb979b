import { describe, expect, it } from 'vitest';
import { parseDraft } from './draft';

describe('parseDraft', () => {
  it('reads what was stored', () => {
    const d = parseDraft(JSON.stringify({ progress: 'p', plans: 'q', goals: { g1: { value: '5', done: false, status: 'at_risk', confidence: 40, note: 'n', include: true } } }));
    expect(d).toEqual({ progress: 'p', plans: 'q', problems: '', blockers: '', goals: { g1: { value: '5', done: false, status: 'at_risk', confidence: 40, note: 'n', include: true } } });
  });
  it('gives nothing for nothing or for garbage, and fixes bad fields', () => {
    expect(parseDraft(null)).toBeNull();
    expect(parseDraft('{not json')).toBeNull();
    expect(parseDraft('42')).toBeNull();
    const d = parseDraft(JSON.stringify({ progress: 7, goals: { a: { confidence: 900, value: 3 }, b: null } }));
    expect(d?.progress).toBe('');
    expect(d?.goals).toEqual({ a: { value: '', done: false, status: 'on_track', confidence: 50, note: '', include: true } });
  });
});
