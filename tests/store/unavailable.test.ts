import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { toStoreError } from '../../src/store/errors.js';
import {
  openStore,
  openStoreSafely,
  StoreUnavailableError,
  UNAVAILABLE_USER_MESSAGE,
  type Store,
} from '../../src/store/index.js';
import { isRoot, useStores } from './fixtures/tmp.js';

const { open, tempDir } = useStores();

function unavailable(fn: () => unknown): StoreUnavailableError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StoreUnavailableError);
    const e = err as StoreUnavailableError;
    expect(e.userMessage).toBe(UNAVAILABLE_USER_MESSAGE);
    return e;
  }
  throw new Error('expected StoreUnavailableError, nothing was thrown');
}

/** Every repository method of an unavailable store throws the same typed error. */
async function expectAllMethodsUnavailable(store: Store): Promise<void> {
  expect(store.available).toBe(false);
  unavailable(() => store.settings.get('g'));
  unavailable(() => store.faq.add('g', { question: 'q', answer: 'a' }, { id: 'u', name: 'U' }));
  unavailable(() => store.faq.version('g'));
  unavailable(() => store.checklists.tick('g', 'u', 'i'));
  unavailable(() => store.answers.gaps('g'));
  unavailable(() => store.forgetMember('g', 'u'));
  unavailable(() => store.purgeGuild('g'));
  await expect(store.backup('/tmp/never.db')).rejects.toBeInstanceOf(StoreUnavailableError);
  store.close(); // harmless
}

describe('when the database cannot be opened or written', () => {
  it('a path inside a regular file cannot be opened: typed error with the cause, and a stand-in store', async () => {
    const file = path.join(tempDir(), 'plain-file');
    fs.writeFileSync(file, 'not a directory');
    const dbPath = path.join(file, 'checkpoint.db');

    const err = unavailable(() => openStore({ path: dbPath }));
    expect(err.reason).toBe('open');
    expect(err.cause).toBeInstanceOf(Error);
    expect(err.message).toContain(dbPath);

    const logged: unknown[] = [];
    const logger = { error: (obj: unknown) => logged.push(obj), info: () => {} } as never;
    const store = openStoreSafely({ path: dbPath, logger });
    expect(logged).toHaveLength(1);
    await expectAllMethodsUnavailable(store);
  });

  it('a corrupt file is refused at open time', async () => {
    const file = path.join(tempDir(), 'corrupt.db');
    fs.writeFileSync(file, Buffer.alloc(8192, 0x5a));
    expect(unavailable(() => openStore({ path: file })).reason).toBe('corrupt');
    await expectAllMethodsUnavailable(openStoreSafely({ path: file }));
    expect(fs.readFileSync(file).every((b) => b === 0x5a)).toBe(true);
  });

  it('a read-only database: reads work, writes raise StoreUnavailableError', () => {
    const seeded = open();
    seeded.faq.add('g', { question: 'Still readable?', answer: 'Yes.' }, { id: 'u', name: 'U' });
    seeded.close();

    // Root ignores file modes, so there the OS cannot be made to refuse; the same SQLITE_READONLY
    // path is reached by opening the connection read-only instead.
    const store = isRoot() ? open({ path: seeded.path, readonly: true }) : restrictAndOpen(seeded.path);
    if (!store.available) return; // non-root: the restricted directory already refused the open, which is what we assert there
    expect(store.writable).toBe(false);
    expect(store.faq.list('g').map((e) => e.question)).toEqual(['Still readable?']);
    const err = unavailable(() => store.faq.add('g', { question: 'New?', answer: 'No.' }, { id: 'u', name: 'U' }));
    expect(err.reason).toBe('readonly');
    expect(unavailable(() => store.checklists.tick('g', 'u', 'x')).reason).toBe('readonly');
    store.close();
  });

  it('a read-only open of a file that still needs migrating is refused, not half-used', () => {
    const file = path.join(tempDir(), 'old.db');
    new Database(file).exec('CREATE TABLE legacy (x INTEGER)');
    expect(unavailable(() => openStore({ path: file, readonly: true })).reason).toBe('readonly');
  });

  it('a write lock held past busy_timeout raises StoreUnavailableError (busy)', () => {
    const store = open({ busyTimeoutMs: 50 });
    expect(store.writable).toBe(true);
    const other = new Database(store.path);
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(unavailable(() => store.checklists.tick('g', 'u', 'item')).reason).toBe('busy');
      expect(store.checklists.progress('g', 'u')).toEqual([]); // WAL readers are not blocked
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(store.checklists.tick('g', 'u', 'item').changed).toBe(true); // recovers once the lock is gone
  });

  it('a write failing while the bot runs is logged with its cause and method, once per failed call', () => {
    const logged: { obj: Record<string, unknown>; msg: string }[] = [];
    const logger = {
      error: (obj: Record<string, unknown>, msg: string) => logged.push({ obj, msg }),
      info: () => {},
      warn: () => {},
    } as never;
    const store = open({ busyTimeoutMs: 30, logger });
    expect(store.error).toBeNull();
    const other = new Database(store.path);
    other.exec('BEGIN IMMEDIATE');
    try {
      unavailable(() => store.faq.add('g', { question: 'Locked?', answer: 'Yes.' }, { id: 'u', name: 'U' }));
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(logged).toHaveLength(1);
    expect(logged[0]!.obj).toMatchObject({ reason: 'busy', method: 'faq.add', path: store.path });
    expect(logged[0]!.msg).toMatch(/saving is unavailable/);
    // Validation problems are the member's to fix, not the environment's: nothing logged.
    expect(() => store.faq.add('g', { question: '', answer: 'x' }, { id: 'u', name: 'U' })).toThrow();
    expect(logged).toHaveLength(1);
  });

  it('the stand-in store says why it is unavailable (a newer schema, say)', () => {
    const file = path.join(tempDir(), 'newer.db');
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    const messages: string[] = [];
    const store = openStoreSafely({
      path: file,
      logger: { error: (_: unknown, msg: string) => messages.push(msg) } as never,
    });
    expect(store.available).toBe(false);
    expect(messages).toEqual([
      expect.stringMatching(
        /^store unavailable: database .*newer.db was written by a newer Checkpoint \(schema v999, this build knows v\d+\): upgrade or point DATABASE_PATH elsewhere; saving features are off/,
      ),
    ]);
    expect(store.error?.reason).toBe('too-new');
    expect(store.error?.message).toMatch(/written by a newer Checkpoint \(schema v999/);
  });

  it('a full disk (SQLITE_FULL) maps to reason "full"', () => {
    const db = new Database(path.join(tempDir(), 'full.db'));
    db.exec('CREATE TABLE t (x BLOB)');
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    let raw: unknown;
    try {
      db.prepare('INSERT INTO t VALUES (zeroblob(100000))').run();
    } catch (err) {
      raw = err;
    }
    db.close();
    expect((raw as { code?: string }).code).toBe('SQLITE_FULL');
    const mapped = toStoreError(raw, 'full.db');
    expect(mapped).toBeInstanceOf(StoreUnavailableError);
    expect((mapped as StoreUnavailableError).reason).toBe('full');
    expect((mapped as StoreUnavailableError).cause).toBe(raw);
  });

  it('programming errors are not disguised as "unavailable"', () => {
    const bug = new TypeError('undefined is not a function');
    expect(toStoreError(bug, 'x.db')).toBe(bug);
  });

  it('a closed store raises StoreUnavailableError', () => {
    const store = open();
    store.close();
    store.close();
    expect(unavailable(() => store.settings.get('g')).reason).toBe('closed');
  });
});

/** Non-root only: the OS refuses writes to a 0444 file in a 0555 directory. */
function restrictAndOpen(file: string): Store {
  fs.chmodSync(file, 0o444);
  fs.chmodSync(path.dirname(file), 0o555);
  const store = openStoreSafely({ path: file });
  if (!store.available) {
    // WAL needs to create its -shm file next to the database; a read-only directory refuses the open.
    expect(() => store.faq.list('g')).toThrow(StoreUnavailableError);
  }
  return store;
}
