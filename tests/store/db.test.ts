import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, SAFETY_NET_CHECKPOINT_PAGES } from '../../src/store/db.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.js';
import { openStore, openStoreSafely, StoreUnavailableError, StoreVersionError } from '../../src/store/index.js';
import { useStores } from './fixtures/tmp.js';

const { open, tempDir } = useStores();

describe('opening and migrations', () => {
  it('creates the parent directory, migrates an empty file and sets the pragmas', () => {
    const file = path.join(tempDir(), 'nested', 'deeper', 'bot.db');
    const store = openStore({ path: file });
    store.close();
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(['answers', 'custom_items', 'faq_entries', 'guild_settings', 'ticks', 'votes']),
    );
    db.close();

    const conn = openDatabase({ path: file });
    expect(conn.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(conn.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(conn.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(conn.pragma('wal_autocheckpoint', { simple: true })).toBe(SAFETY_NET_CHECKPOINT_PAGES);
    conn.close();
  });

  it('checkpoints in the background, not inside a commit: the WAL reaches the database file on the timer', async () => {
    const write = (store: ReturnType<typeof open>, n: number) => {
      for (let i = 0; i < n; i++)
        store.answers.log({
          id: `${store.path.length}-${i}-${Math.random()}`,
          guildId: 'g',
          userId: 'u',
          channelId: 'c',
          query: `question ${i} ${'x'.repeat(200)}`,
          answered: false,
        });
    };
    // Without the timer, 600 answers (past SQLite's default 1,000-page threshold) stay in the WAL.
    const quiet = open({ checkpointEveryMs: 0 });
    const emptySize = fs.statSync(quiet.path).size;
    write(quiet, 600);
    expect(fs.statSync(`${quiet.path}-wal`).size).toBeGreaterThan(4_000_000);
    expect(fs.statSync(quiet.path).size).toBe(emptySize);
    expect(quiet.checkpoint()).toMatchObject({ busy: false });
    expect(fs.statSync(quiet.path).size).toBeGreaterThan(emptySize);

    const timed = open({ checkpointEveryMs: 20 });
    const before = fs.statSync(timed.path).size;
    write(timed, 100);
    expect(fs.statSync(timed.path).size).toBe(before);
    for (let i = 0; i < 200 && fs.statSync(timed.path).size === before; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(fs.statSync(timed.path).size).toBeGreaterThan(before);
    timed.close(); // stops the timer; closing twice stays harmless
    timed.close();
  });

  it('re-opening is idempotent and keeps the data', () => {
    const first = open();
    first.faq.add('g', { question: 'Kept?', answer: 'Yes.' }, { id: 'u', name: 'U' });
    first.close();
    const again = open({ path: first.path });
    const third = open({ path: first.path });
    expect(again.faq.list('g').map((e) => e.question)).toEqual(['Kept?']);
    expect(third.faq.count('g')).toBe(1);
  });

  it('applies only the pending migrations, in order, in one transaction', () => {
    const file = path.join(tempDir(), 'm.db');
    const db = new Database(file);
    const steps = [
      { version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER) STRICT;' },
      { version: 2, name: 'b', sql: 'CREATE TABLE b (x INTEGER) STRICT;' },
    ];
    migrate(db, file, steps.slice(0, 1));
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    migrate(db, file, steps);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    migrate(db, file, steps); // nothing pending

    // A failing step leaves neither its own changes nor the earlier steps of the same run.
    const broken = [
      ...steps,
      { version: 3, name: 'c', sql: 'CREATE TABLE c (x INTEGER);' },
      { version: 4, name: 'd', sql: 'NOT SQL' },
    ];
    expect(() => migrate(db, file, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'c'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database written by a newer build, with a message naming both versions', () => {
    const file = path.join(tempDir(), 'newer.db');
    open({ path: file }).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 4}`);
    raw.close();

    let error: unknown;
    try {
      openStore({ path: file });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StoreVersionError);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toBe(
      `database ${file} was written by a newer Checkpoint (schema v${SCHEMA_VERSION + 4}, this build knows v${MIGRATIONS.length}): ` +
        'upgrade or point DATABASE_PATH elsewhere',
    );

    const safe = openStoreSafely({ path: file });
    expect(safe.available).toBe(false);
    expect(() => safe.faq.list('g')).toThrow(StoreVersionError);
    // The refused file was not touched.
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 4);
    check.close();
  });

  it('works in memory for tools and other layers’ tests', () => {
    const store = openStore({ path: ':memory:' });
    store.settings.update('g', { continueInThreads: true });
    expect(store.settings.get('g').continueInThreads).toBe(true);
    store.close();
  });
});
