/** Fault injection: requests answered with a rate limit or an error, or answered late. */
import { compileMatcher, type RequestMatcher } from './http.js';
import type { FaultOptions, RecordedRequest } from './types.js';

export interface Fault {
  match: (req: RecordedRequest) => boolean;
  remaining: number;
  /** `delay` answers normally after `delayMs`; the others replace the answer. */
  kind: 'rate-limit' | 'error' | 'delay';
  status: number;
  body?: unknown;
  headers: Record<string, string>;
  delayMs: number;
}

export type Matcher = RequestMatcher<RecordedRequest>;

/** A 429 with `retry-after` and the `x-ratelimit-*` headers discord.js reads, so the client waits and retries. */
export function rateLimitFault(
  matcher: Matcher,
  retryAfterMs: number,
  opts: { global?: boolean; scope?: 'user' | 'shared' },
): Fault {
  const seconds = (retryAfterMs / 1000).toFixed(3);
  const headers: Record<string, string> = {
    'retry-after': seconds,
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset-after': seconds,
    'x-ratelimit-reset': ((Date.now() + retryAfterMs) / 1000).toFixed(3),
    'x-ratelimit-bucket': 'fakebucket' + Math.random().toString(16).slice(2, 10),
    'x-ratelimit-scope': opts.global ? 'global' : (opts.scope ?? 'user'),
    ...(opts.global ? { 'x-ratelimit-global': 'true' } : {}),
  };
  return {
    match: compileMatcher(matcher),
    remaining: 1,
    kind: 'rate-limit',
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: retryAfterMs / 1000, global: opts.global ?? false },
    headers,
    delayMs: 0,
  };
}

export function errorFault(matcher: Matcher, opts: FaultOptions): Fault {
  return {
    match: compileMatcher(matcher),
    remaining: opts.times ?? 1,
    kind: 'error',
    status: opts.status ?? 500,
    body: opts.body ?? { message: opts.message ?? 'Internal Server Error', code: opts.code ?? 0 },
    headers: opts.headers ?? {},
    delayMs: opts.delayMs ?? 0,
  };
}

export function delayFault(matcher: Matcher, delayMs: number, times: number): Fault {
  return { match: compileMatcher(matcher), remaining: times, kind: 'delay', status: 0, headers: {}, delayMs };
}
