import { describe, expect, it } from 'vitest';
import { ApiError, hasCode, toApiError } from './errors';

describe('toApiError', () => {
  it('keeps the code and message of an object', () => {
    const e = toApiError({ code: 'not_found', message: 'That page does not exist.' });
    expect(e).toBeInstanceOf(ApiError);
    expect([e.code, e.message]).toEqual(['not_found', 'That page does not exist.']);
    expect(hasCode(e, 'not_found')).toBe(true);
  });
  it('parses JSON text, in a string or in an Error (how Wails 2.16 rejects)', () => {
    const json = JSON.stringify({ code: 'unavailable', message: 'The data folder is not writable.', dataDir: '/x' });
    expect(toApiError(json).code).toBe('unavailable');
    const e = toApiError(new Error(json));
    expect([e.code, e.message, e.details.dataDir]).toEqual(['unavailable', 'The data folder is not writable.', '/x']);
  });
  it('turns anything else into an internal error with a sentence', () => {
    expect(toApiError('disk full')).toMatchObject({ code: 'internal', message: 'disk full' });
    expect(toApiError(new Error('[object Object]')).message).toBe('Something went wrong. Please try again.');
    expect(toApiError({ code: 'weird' }).code).toBe('internal');
    expect(toApiError(undefined).code).toBe('internal');
  });
});
