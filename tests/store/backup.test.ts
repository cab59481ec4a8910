import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runBackup } from '../../scripts/backup.js';
import { openStore, StoreValidationError, type Store } from '../../src/store/index.js';
import { useStores } from './fixtures/tmp.js';

const { open, tempDir } = useStores();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

function seed(store: Store): void {
  store.settings.update('g1', { answersPrivate: true, mentorRoleId: '111' });
  store.faq.add(
    'g1',
    { question: 'Academy length?', answer: '19 weeks', link: 'https://example.com' },
    { id: 'u', name: 'U' },
  );
  const item = store.checklists.addCustomItem(
    'g1',
    { level: 'emerging', text: 'Shadow a shift' },
    { id: 'm', name: 'M' },
  );
  store.checklists.tick('g1', 'u1', item.id);
  store.checklists.tick('g1', 'u1', 'fw:1');
  store.answers.log({ id: 'a1', guildId: 'g1', userId: 'u1', channelId: 'c', query: 'Overtime?', answered: false });
}

function snapshot(store: Store): unknown {
  return {
    settings: store.settings.get('g1'),
    faq: store.faq.list('g1'),
    version: store.faq.version('g1'),
    items: store.checklists.listCustomItems('g1', 'emerging'),
    progress: store.checklists.progress('g1', 'u1'),
    gaps: store.answers.gaps('g1'),
  };
}

describe('backup', () => {
  it('store.backup writes a consistent copy that opens with the same rows', async () => {
    const store = open();
    seed(store);
    const file = path.join(tempDir(), 'copies', 'backup.db');
    const result = await store.backup(file);
    expect(result.file).toBe(file);
    expect(result.totalPages).toBeGreaterThan(1);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['backup.db']); // no leftover temporary file

    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
    const copy = openStore({ path: file });
    expect(snapshot(copy)).toEqual(snapshot(store));
    copy.close();

    await expect(store.backup(store.path)).rejects.toBeInstanceOf(StoreValidationError);
  });

  it('npm run backup copies DATABASE_PATH while the bot has it open', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'live.db');
    const store = open({ path: dbPath });
    seed(store); // left open: the backup is online

    const target = path.join(dir, 'out', 'copy.db');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/backup.ts'), target], {
      cwd: root,
      env: { ...process.env, DATABASE_PATH: dbPath },
    });
    expect(stdout).toMatch(new RegExp(`copied ${dbPath} \\(schema v\\d+\\) to ${target}: \\d+ pages`));
    const copy = openStore({ path: target });
    expect(snapshot(copy)).toEqual(snapshot(store));
    copy.close();
  }, 30_000); // spawns a tsx process

  it('the backup script explains a missing argument, a missing database and a bad target', async () => {
    const dir = tempDir();
    const lines: string[] = [];
    const out = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };

    expect(await runBackup([], { DATABASE_PATH: path.join(dir, 'x.db') }, out)).toBe(2);
    expect(lines.pop()).toMatch(/^usage: npm run backup -- <file>/);

    const missing = path.join(dir, 'missing.db');
    expect(await runBackup([path.join(dir, 'never.db')], { DATABASE_PATH: missing }, out)).toBe(1);
    expect(lines.pop()).toBe(`backup: no database at ${missing} (set DATABASE_PATH to the bot's database file)`);
    expect(fs.existsSync(missing)).toBe(false); // not created by the attempt
    expect(fs.existsSync(path.join(dir, 'never.db'))).toBe(false);

    const live = open({ path: path.join(dir, 'live.db') });
    expect(await runBackup([live.path], { DATABASE_PATH: live.path }, out)).toBe(1);
    expect(lines.pop()).toBe('backup failed: The backup file cannot be the database itself.');
  });
});
