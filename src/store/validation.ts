/**
 * Shared input rules. Schemas are the single source of truth: repositories parse with them and
 * derive their input types from them, and zod's first issue becomes the user-facing message.
 */
import { z } from 'zod';
import { StoreValidationError } from './errors.js';

/**
 * Discord ids are snowflakes, but the store only needs them to be stable, short keys; staying
 * permissive keeps console tools and tests free to use readable ids like 'guild-a'.
 * DMs are stored under DM_GUILD_ID (see index.ts).
 */
export const idSchema = z.string().min(1, 'An id is missing.').max(64, 'An id is too long.');

/** Control characters (NUL, escape, bell…) have no business in text members read; tabs and line breaks stay. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Single-line text: whitespace runs collapse so "What  is X?" and "What is X?" are one question. */
export const lineText = (what: string, max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').replace(/\s+/g, ' ').replace(CONTROL, '').trim())
    .pipe(z.string().min(1, `The ${what} cannot be empty.`).max(max, `The ${what} can be at most ${max} characters.`));

/** Multi-line text: line breaks are kept (answers are formatted), only the ends are trimmed. */
export const blockText = (what: string, max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').replace(CONTROL, '').trim())
    .pipe(z.string().min(1, `The ${what} cannot be empty.`).max(max, `The ${what} can be at most ${max} characters.`));

export const authorSchema = z.object({
  id: idSchema,
  name: lineText('display name', 100),
});
export type Author = z.input<typeof authorSchema>;

/** Parses or throws StoreValidationError carrying zod's first message and the field path. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, pathPrefix = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field =
    issue && issue.path.length > 0 ? pathPrefix + issue.path.join('.') : pathPrefix.replace(/\.$/, '') || null;
  throw new StoreValidationError(issue?.message ?? 'The input is not valid.', field);
}

/** Case- and spacing-insensitive key; JS lower-casing because SQLite's lower() is ASCII-only. */
export const textKey = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
