/** Error codes the Go side sends with every rejected call. */
export type ErrorCode = 'conflict' | 'forbidden' | 'internal' | 'invalid' | 'not_found' | 'unavailable';

const codes: readonly string[] = ['conflict', 'forbidden', 'internal', 'invalid', 'not_found', 'unavailable'];

/** ApiError is what every failed call to Go rejects with, whatever the bridge handed us. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  /** Any other fields the Go side attached (for example dataDir). */
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }
}

const fallback = 'Something went wrong. Please try again.';

function fromObject(o: Record<string, unknown>): ApiError {
  const code = typeof o.code === 'string' && codes.includes(o.code) ? (o.code as ErrorCode) : 'internal';
  const message = typeof o.message === 'string' && o.message.trim() !== '' ? o.message : fallback;
  const { code: _c, message: _m, ...rest } = o;
  return new ApiError(code, message, rest);
}

function fromText(text: string): ApiError {
  const s = text.trim();
  if (s.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(s);
      if (parsed && typeof parsed === 'object') return fromObject(parsed as Record<string, unknown>);
    } catch {
      // not JSON: show the text
    }
  }
  if (s === '' || s === '[object Object]') return new ApiError('internal', fallback);
  return new ApiError('internal', s);
}

/** toApiError normalizes a rejection from the Wails bridge: an object, a JSON string, a string or an Error. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (typeof e === 'string') return fromText(e);
  if (e instanceof Error) {
    // Wails 2.16 rejects with new Error(formatted): an object formatter
    // arrives as "[object Object]", a JSON string formatter as its text.
    const cause = (e as Error & { cause?: unknown }).cause;
    if (cause && typeof cause === 'object') return fromObject(cause as Record<string, unknown>);
    return fromText(e.message);
  }
  if (e && typeof e === 'object') return fromObject(e as Record<string, unknown>);
  return new ApiError('internal', fallback);
}

/** isApiError tells whether e is an ApiError with the given code. */
export function hasCode(e: unknown, code: ErrorCode): boolean {
  return e instanceof ApiError && e.code === code;
}
