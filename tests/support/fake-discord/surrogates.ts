/**
 * Lone surrogates (half an emoji, from a cut at a fixed UTF-16 length). Discord cannot store such
 * text: it answers 500, not a 400 with a path (discord-api-docs#6561), so the fake does the same.
 * Apart from validate.ts because it is checked on every request body, not per route.
 */
import type { DiscordErrorBody } from './validate.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where a request body holds a string (or key) with a lone surrogate, or null. */
export function loneSurrogatePath(value: unknown, path = 'body'): string | null {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = loneSurrogatePath(v, `${path}.${i}`);
      if (found) return found;
    }
    return null;
  }
  if (isObj(value)) {
    for (const [k, v] of Object.entries(value)) {
      const found = LONE_SURROGATE.test(k) ? `${path}.${k}` : loneSurrogatePath(v, `${path}.${k}`);
      if (found) return found;
    }
  }
  return null;
}

export const LONE_SURROGATE_ERROR: DiscordErrorBody = { message: '500: Internal Server Error', code: 0 };
