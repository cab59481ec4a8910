/**
 * A database that cannot be opened never stops document answers: the bot starts, /ask answers
 * (without feedback buttons), and everything that saves says saving is unavailable. The same
 * when the database breaks while the bot runs (here: locked by another process), and the log
 * says why.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge.js';
import { openStore, openStoreSafely, UNAVAILABLE_USER_MESSAGE } from '../../src/store/index.js';
import {
  admin,
  buttonsOf,
  descriptionOf,
  GUILD_A,
  isEphemeral,
  member,
  startHarness,
  textOf,
  type Harness,
} from './harness.js';

let h: Harness;
let notADir: string;

beforeAll(async () => {
  // A path under a regular file cannot be a database: openStoreSafely returns the stand-in.
  notADir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoint-bad-')), 'file');
  fs.writeFileSync(notADir, 'not a directory');
  const store = openStoreSafely({ path: path.join(notADir, 'checkpoint.db') });
  expect(store.available).toBe(false);
  h = await startHarness({ kb: loadKnowledgeBase(), store });
}, 30_000);

afterAll(async () => {
  await h?.close();
  fs.rmSync(path.dirname(notADir), { recursive: true, force: true });
});

describe('with the store unavailable', () => {
  it('/ask still answers from the documents, without vote buttons', async () => {
    const res = await h.slash('ask', null, { question: 'What training do new officers get?' }, member('asker'));
    expect(res.type).toBe(4);
    expect(descriptionOf(res)).toMatch(/\[1\]/);
    expect(buttonsOf(res).map((b) => b.label)).not.toContain('Helpful');
    expect((await h.interactionLog(res.interactionId)).outcome).toBe('answered');
  });

  it('FAQ, checklist, progress, settings and vote actions say saving is unavailable', async () => {
    const boss = admin();
    const cases: [string, string | null, Record<string, string | boolean>][] = [
      ['faq', 'add', {}],
      ['faq', 'list', {}],
      ['faq', 'export', {}],
      ['checklist', 'post', { level: 'emerging' }],
      ['progress', 'show', {}],
      ['settings', 'view', {}],
    ];
    for (const [name, sub, options] of cases) {
      const res = await h.slash(name, sub, options, boss);
      expect(res.type, `/${name} ${sub}`).toBe(4);
      expect(isEphemeral(res)).toBe(true);
      expect(textOf(res)).toContain(UNAVAILABLE_USER_MESSAGE);
    }
    const submitted = await h.submit('a:faq-add', { question: 'Q?', answer: 'A.', link: '' }, boss);
    expect(textOf(submitted)).toContain(UNAVAILABLE_USER_MESSAGE);
    const voted = await h.press('a:vote:abcdefgh:y', member('voter'));
    expect(textOf(voted)).toContain(UNAVAILABLE_USER_MESSAGE);
    const ticked = await h.select('a:tick:emerging:0', ['f1'], member('ticker'), { ephemeral: true });
    expect(textOf(ticked)).toContain(UNAVAILABLE_USER_MESSAGE);
  });

  it('autocomplete answers with nothing rather than failing', async () => {
    const res = await h.autocomplete('faq', 'show', 'entry', 'park', member('x'));
    expect(res.type).toBe(8);
    expect(res.data.choices).toEqual([]);
  });

  it('nothing sent was rejected by the fake Discord', () => {
    expect(h.discord.requests.filter((r) => r.status >= 400)).toEqual([]);
    expect(h.clientErrors).toEqual([]);
  });
});

describe('when the database is locked while the bot runs', () => {
  let live: Harness;
  let dir: string;
  const storeLog: Record<string, unknown>[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoint-locked-'));
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => void storeLog.push(JSON.parse(line) as Record<string, unknown>) },
    );
    const store = openStore({ path: path.join(dir, 'checkpoint.db'), busyTimeoutMs: 30, logger });
    live = await startHarness({ kb: loadKnowledgeBase(), store });
  }, 30_000);

  afterAll(async () => {
    await live?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the reply says saving is unavailable and keeps what was typed, the log names the cause, answers go on; all works again once the lock is gone', async () => {
    const boss = admin();
    const other = new Database(live.store.path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const saved = await live.submit(
        'a:faq-add',
        { question: 'Where is the car park?', answer: 'Behind building C, level 2.', link: '' },
        boss,
      );
      expect(isEphemeral(saved)).toBe(true);
      expect(textOf(saved)).toContain(UNAVAILABLE_USER_MESSAGE);
      expect(textOf(saved)).toContain('Behind building C, level 2.');
      expect(storeLog).toContainEqual(expect.objectContaining({ level: 50, reason: 'busy', method: 'faq.add' }));
      expect(JSON.stringify(storeLog)).toContain('saving is unavailable');

      const ticked = await live.select('a:tick:emerging:0', ['f1'], member('ticker'), { ephemeral: true });
      expect(textOf(ticked)).toContain(UNAVAILABLE_USER_MESSAGE);

      const answer = await live.slash('ask', null, { question: 'What training do new officers get?' }, member('asker'));
      expect(descriptionOf(answer)).toMatch(/\[1\]/);
      expect((await live.interactionLog(answer.interactionId)).outcome).toBe('answered');
      expect(storeLog).toContainEqual(expect.objectContaining({ reason: 'busy', method: 'answers.log' }));
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const retry = await live.submit(
      'a:faq-add',
      { question: 'Where is the car park?', answer: 'Behind building C, level 2.', link: '' },
      boss,
    );
    expect(textOf(retry)).toMatch(/Added to this server's FAQ/);
    expect(live.store.faq.count(GUILD_A)).toBe(1);
    expect(live.clientErrors).toEqual([]);
  });
});
