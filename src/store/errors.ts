/**
 * Store errors. Every error the store raises on purpose carries `userMessage`: a short sentence
 * safe to show a Discord member as-is, so callers never leak SQLite wording or paths. The
 * technical detail stays in `message` / `cause` for the log.
 */

/** The generic line shown when persistence is down; the documents still answer. */
export const UNAVAILABLE_USER_MESSAGE = 'Saving is unavailable right now; answers from the documents still work.';

export abstract class StoreError extends Error {
  abstract readonly userMessage: string;
}

/** Input the member or recruiter can fix (too long, bad link, malformed import file). */
export class StoreValidationError extends StoreError {
  override readonly name = 'StoreValidationError';
  constructor(
    readonly userMessage: string,
    /** Which field failed, e.g. 'question' or 'entries.3.link'; null when it is the whole input. */
    readonly field: string | null = null,
  ) {
    super(userMessage);
  }
}

/** A count limit (500 FAQ entries, 25 custom items) would be exceeded. */
export class StoreLimitError extends StoreError {
  override readonly name = 'StoreLimitError';
  constructor(
    readonly userMessage: string,
    readonly limit: number,
  ) {
    super(userMessage);
  }
}

/** The thing addressed does not exist in this guild (or was pruned). */
export class StoreNotFoundError extends StoreError {
  override readonly name = 'StoreNotFoundError';
  constructor(readonly userMessage: string) {
    super(userMessage);
  }
}

/** The write would duplicate something that must be unique (same FAQ question, same answer id). */
export class StoreConflictError extends StoreError {
  override readonly name = 'StoreConflictError';
  constructor(readonly userMessage: string) {
    super(userMessage);
  }
}

export const UNAVAILABLE_REASONS = ['open', 'readonly', 'full', 'busy', 'corrupt', 'io', 'too-new', 'closed'] as const;
export type UnavailableReason = (typeof UNAVAILABLE_REASONS)[number];

/**
 * The database cannot be opened or written. The bot keeps answering from the documents;
 * only features that save something are refused, with the generic user message.
 */
export class StoreUnavailableError extends StoreError {
  override readonly name: string = 'StoreUnavailableError';
  readonly userMessage = UNAVAILABLE_USER_MESSAGE;
  constructor(
    message: string,
    readonly reason: UnavailableReason,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The file was migrated by a newer build; writing to it with old code could corrupt its meaning. */
export class StoreVersionError extends StoreUnavailableError {
  override readonly name = 'StoreVersionError';
  constructor(
    readonly path: string,
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `database ${path} was written by a newer Checkpoint (schema v${fileVersion}, this build knows v${knownVersion}): ` +
        'upgrade or point DATABASE_PATH elsewhere',
      'too-new',
    );
  }
}

/** Maps an SQLite (or file-system) failure to the reason we report; null when it is not an environment problem. */
export function unavailableReason(err: unknown): UnavailableReason | null {
  if (!(err instanceof Error)) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') {
    // better-sqlite3 throws a plain TypeError once the connection has been closed.
    return /database connection is not open/i.test(err.message) ? 'closed' : null;
  }
  if (
    code.startsWith('SQLITE_READONLY') ||
    code === 'SQLITE_PERM' ||
    code === 'EACCES' ||
    code === 'EROFS' ||
    code === 'EPERM'
  ) {
    return 'readonly';
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'full';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
  if (
    code.startsWith('SQLITE_CANTOPEN') ||
    code === 'ENOTDIR' ||
    code === 'ENOENT' ||
    code === 'EISDIR' ||
    code === 'EEXIST'
  )
    return 'open';
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_NOMEM' || code === 'SQLITE_PROTOCOL' || code === 'EIO')
    return 'io';
  return null;
}

const REASON_TEXT: Record<UnavailableReason, string> = {
  open: 'cannot be opened',
  readonly: 'is read-only',
  full: 'is full (disk or quota)',
  busy: 'is locked by another writer',
  corrupt: 'is corrupt or not a database',
  io: 'failed with an I/O error',
  'too-new': 'was written by a newer build',
  closed: 'has been closed',
};

/**
 * Converts environment failures into StoreUnavailableError and passes everything else through
 * untouched: our own StoreErrors are already typed, and anything else (a constraint we did not
 * expect, a TypeError) is a bug that should surface loudly rather than as "saving unavailable".
 */
export function toStoreError(err: unknown, path: string): unknown {
  if (err instanceof StoreError) return err;
  const reason = unavailableReason(err);
  if (reason === null) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new StoreUnavailableError(`database ${path} ${REASON_TEXT[reason]}: ${detail}`, reason, { cause: err });
}
