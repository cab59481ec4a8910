/**
 * Several processes on one file, and a process killed mid-write. These spawn real Node
 * processes (tsx), so they are the slow part of the suite: keep the counts modest.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { useTempDirs } from './fixtures/tmp.js';

const tempDir = useTempDirs();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WRITER = path.join(root, 'tests/store/fixtures/writer.ts');
const ACKS_BEFORE_KILL = 240;
// Child processes on a loaded 2-core CI machine can be slow to start; these bounds are generous.
const PROCESS_TEST_TIMEOUT = 30_000;

function startWriter(
  db: string,
  worker: string,
  count: number,
): { child: ChildProcessWithoutNullStreams; lines: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, db, worker, String(count)], { cwd: root });
  const lines: string[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? ''; // a line cut by the kill is not an acknowledgement
    lines.push(...parts);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      if (code !== 0 && code !== null) console.error(`writer ${worker} failed:\n${stderr}`);
      resolve(code);
    }),
  );
  return { child, lines, exited };
}

/** Every acknowledged write is in the file. */
function expectAcknowledged(dbPath: string, lines: readonly string[]): void {
  const db = new Database(dbPath, { readonly: true });
  const faq = db.prepare('SELECT 1 FROM faq_entries WHERE guild_id = ? AND question = ?').pluck();
  const tick = db.prepare('SELECT 1 FROM ticks WHERE guild_id = ? AND user_id = ? AND item_id = ?').pluck();
  const answer = db.prepare('SELECT 1 FROM answers WHERE guild_id = ? AND id = ?').pluck();
  const vote = db.prepare('SELECT 1 FROM votes WHERE guild_id = ? AND answer_id = ? AND user_id = ?').pluck();
  const missing: string[] = [];
  for (const line of lines) {
    const [kind, guild, ...rest] = line.split(' ');
    if (kind === 'faq' && !faq.get(guild, rest.join(' '))) missing.push(line);
    if (kind === 'tick' && !tick.get(guild, rest[0], rest[1])) missing.push(line);
    if (kind === 'answer' && !answer.get(guild, rest[0])) missing.push(line);
    if (kind === 'vote' && !vote.get(guild, rest[0], rest[1])) missing.push(line);
  }
  db.close();
  expect(missing).toEqual([]);
}

describe('several processes writing at once', () => {
  it(
    'lose nothing: busy_timeout serialises the writers',
    async () => {
      const db = path.join(tempDir(), 'shared.db');
      const perWorker = 40;
      // All start on a file that does not exist yet, so they also race to create and migrate it.
      const writers = ['w1', 'w2', 'w3'].map((w) => startWriter(db, w, perWorker));
      expect(await Promise.all(writers.map((w) => w.exited))).toEqual([0, 0, 0]);
      for (const w of writers) {
        expect(w.lines.at(-1)).toBe('done');
        expectAcknowledged(db, w.lines);
      }
      const store = openStore({ path: db });
      expect(store.faq.count('g-0')).toBe(3 * perWorker);
      for (const w of ['w1', 'w2', 'w3']) expect(store.checklists.progress('g-0', `user-${w}`)).toHaveLength(perWorker);
      store.close();
    },
    PROCESS_TEST_TIMEOUT,
  );
});

describe('a writer killed with SIGKILL', () => {
  it(
    'keeps every acknowledged write and an intact file',
    async () => {
      const db = path.join(tempDir(), 'crash.db');
      const writer = startWriter(db, 'crashy', 0);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('writer produced too few acknowledgements')), 20_000);
        const poll = setInterval(() => {
          if (writer.lines.length >= ACKS_BEFORE_KILL) {
            clearInterval(poll);
            clearTimeout(timer);
            resolve();
          }
        }, 5);
      });
      writer.child.kill('SIGKILL');
      expect(await writer.exited).toBeNull(); // killed, not finished
      const acknowledged = [...writer.lines];
      expect(acknowledged.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);

      const check = new Database(db);
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      check.close();
      expectAcknowledged(db, acknowledged);
      // And the store opens it normally afterwards.
      const store = openStore({ path: db });
      expect(store.faq.count('g-0')).toBeGreaterThan(0);
      store.close();
    },
    PROCESS_TEST_TIMEOUT,
  );
});
