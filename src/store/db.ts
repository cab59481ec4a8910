/**
 * Opening the SQLite file: pragmas, migrations and the error boundary that turns environment
 * failures (read-only, full, locked, corrupt) into StoreUnavailableError.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import Database from 'better-sqlite3';
import {
  StoreUnavailableError,
  StoreValidationError,
  StoreVersionError,
  toStoreError,
  unavailableReason,
} from './errors.js';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;
export type Clock = () => number;

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export type OpenDatabaseOptions = {
  path: string;
  /** Opens without write access; no migration can run, so the file must already be current. */
  readonly?: boolean;
  /** Refuse to create a new file (the backup script must not invent an empty database). */
  fileMustExist?: boolean;
  busyTimeoutMs?: number;
  /** Skip migrations: tools that copy a file must not change it, whatever version it is. */
  migrate?: boolean;
};

export const isMemoryPath = (path: string): boolean => path === ':memory:' || path === '';

/** Opens and prepares a connection, or throws StoreUnavailableError (StoreVersionError when too new). */
export function openDatabase(options: OpenDatabaseOptions): Db {
  const path = isMemoryPath(options.path) ? ':memory:' : nodePath.resolve(options.path);
  const readonly = options.readonly ?? false;
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  let db: Db | undefined;
  try {
    if (path !== ':memory:' && !readonly && !options.fileMustExist) {
      fs.mkdirSync(nodePath.dirname(path), { recursive: true });
    }
    db = new Database(path, { readonly, fileMustExist: options.fileMustExist ?? false, timeout: busyTimeoutMs });
    configure(db, readonly, busyTimeoutMs);
    if (options.migrate ?? true) migrate(db, path);
    return db;
  } catch (err) {
    db?.close();
    throw toStoreError(err, path);
  }
}

function configure(db: Db, readonly: boolean, busyTimeoutMs: number): void {
  // First, so that even the journal-mode switch below waits for other processes instead of failing.
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
  // Reading the file here also surfaces "not a database" at open time rather than at the first write.
  db.pragma('schema_version', { simple: true });
  if (!readonly) {
    // WAL: readers never block the writer and several processes (bot, backup, console) can share the file.
    db.pragma('journal_mode = WAL');
  }
  db.pragma('foreign_keys = ON');
  // FULL, not NORMAL, on purpose. In WAL mode NORMAL already survives a killed process (the
  // commit is in the WAL, in the OS page cache); it can lose the last commits on power loss or
  // an OS crash. A member who saw "✅ saved" must find it saved after the host reboots too, and
  // our writes are human-paced (a few per second at most), so one fsync per commit (~0.3 ms
  // measured on the dev VM) costs nothing anyone notices.
  db.pragma('synchronous = FULL');
  if (!readonly) {
    // Checkpoints run on a timer instead (startCheckpoints): SQLite's default runs one inside
    // whichever commit pushes the WAL past 1,000 pages, so one answer in ~250 waited ~20 ms
    // for it. This larger threshold is only the safety net should the timer not get to run.
    db.pragma(`wal_autocheckpoint = ${SAFETY_NET_CHECKPOINT_PAGES}`);
  }
}

/** ~40 MB of WAL at the default 4 KiB page. */
export const SAFETY_NET_CHECKPOINT_PAGES = 10_000;
export const DEFAULT_CHECKPOINT_EVERY_MS = 1000;

export type CheckpointResult = { busy: boolean; walFrames: number; checkpointed: number };

/** Copies committed WAL pages into the database file without waiting for, or blocking, anyone (PASSIVE). */
export const checkpoint = (db: Db): CheckpointResult => {
  const row = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
  const r = row[0] ?? { busy: 0, log: 0, checkpointed: 0 };
  return { busy: r.busy === 1, walFrames: r.log, checkpointed: r.checkpointed };
};

/**
 * Checkpoints every `everyMs` while the process runs (the timer never keeps it alive). Each one
 * copies only the pages written since the last, so it is short; an idle WAL costs a header read.
 * Returns the stop function.
 */
export function startCheckpoints(db: Db, everyMs: number, onError: (err: unknown) => void): () => void {
  const timer = setInterval(() => {
    if (!db.open) return;
    try {
      checkpoint(db);
    } catch (err) {
      onError(err);
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Applies pending migrations in one IMMEDIATE transaction, so a crash mid-way leaves the old
 * schema intact and two processes starting at once cannot both migrate.
 */
export function migrate(db: Db, path: string, migrations: readonly Migration[] = MIGRATIONS): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration #${i} has version ${m.version}, expected ${i + 1}`);
  });
  const target = migrations.length;
  const current = userVersion(db);
  if (current > target) throw new StoreVersionError(path, current, target);
  if (current === target) return;
  if (db.readonly) {
    throw new StoreUnavailableError(
      `database ${path} is at schema v${current} and needs v${target}, but was opened read-only`,
      'readonly',
    );
  }
  db.transaction(() => {
    // Re-read under the write lock: another process may have migrated while we waited.
    const locked = userVersion(db);
    if (locked > target) throw new StoreVersionError(path, locked, target);
    for (const m of migrations.slice(locked)) db.exec(m.sql);
    db.pragma(`user_version = ${target}`);
  }).immediate();
}

export const userVersion = (db: Db): number => db.pragma('user_version', { simple: true }) as number;

/** Told about every environment failure a running store hits (the bot logs it: the reply alone hides the cause). */
export type UnavailableListener = (error: StoreUnavailableError, method: string) => void;

/**
 * Wraps every method of a repository so environment failures surface as StoreUnavailableError
 * with the file path, wherever they happen (prepare, step, commit), and reach `onUnavailable`.
 */
export function guardMethods<T extends object>(repo: T, path: string, onUnavailable?: UnavailableListener): T {
  const guarded: Record<string, unknown> = {};
  const fail = (err: unknown, method: string): unknown => {
    const e = toStoreError(err, path);
    if (e instanceof StoreUnavailableError) onUnavailable?.(e, method);
    return e;
  };
  for (const [key, value] of Object.entries(repo)) {
    guarded[key] =
      typeof value === 'function'
        ? (...args: unknown[]) => {
            try {
              const result: unknown = value.apply(repo, args);
              if (result instanceof Promise) return result.catch((err: unknown) => Promise.reject(fail(err, key)));
              return result;
            } catch (err) {
              throw fail(err, key);
            }
          }
        : value;
  }
  return guarded as T;
}

/**
 * A repository of the same shape whose every method throws `error`. The method list is typed
 * as Record<keyof T, true> so adding a method to a repository without listing it fails to compile.
 */
export function throwingMethods<T extends object>(methods: Record<keyof T, true>, error: StoreUnavailableError): T {
  const repo: Record<string, unknown> = {};
  for (const key of Object.keys(methods)) {
    repo[key] = () => {
      throw error;
    };
  }
  return repo as T;
}

/**
 * Online copy through SQLite's backup API, consistent even while other connections write.
 * It goes to a temporary name first, so `file` is either the previous copy or a complete new one.
 */
export async function backupDatabase(
  db: Db,
  sourcePath: string,
  file: string,
): Promise<{ file: string; totalPages: number }> {
  const target = nodePath.resolve(file);
  if (target === sourcePath || target === `${sourcePath}-wal` || target === `${sourcePath}-shm`) {
    throw new StoreValidationError('The backup file cannot be the database itself.', 'file');
  }
  fs.mkdirSync(nodePath.dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  try {
    const meta = await db.backup(partial);
    fs.renameSync(partial, target);
    return { file: target, totalPages: meta.totalPages };
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
}

/**
 * Whether writes will work. SQLite silently falls back to a read-only open when the file is not
 * writable, and even BEGIN IMMEDIATE succeeds then; a write statement that touches no row is
 * the cheapest thing that fails with SQLITE_READONLY, and it changes nothing on disk.
 */
export function probeWritable(db: Db): boolean {
  if (db.readonly) return false;
  try {
    db.prepare("DELETE FROM meta WHERE key = 'write_probe'").run();
    return true;
  } catch (err) {
    const reason = unavailableReason(err);
    if (reason === 'readonly') return false;
    if (reason === 'busy') return true; // someone else is writing to it, so it is writable
    throw err;
  }
}
