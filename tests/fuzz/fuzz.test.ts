/**
 * A seeded fuzz of the running bot: the REAL discord.js client built by createBot, the strict fake
 * Discord with two servers, a real SQLite file, and a few hundred interactions, mentions and DMs
 * drawn from one fixed seed (tests/fuzz/steps.ts). Every invariant in tests/fuzz/invariants.ts
 * must hold. The long run, with the bot as its own process and its peak memory, is `npm run fuzz`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, expect, it } from 'vitest';
import { actions, commands } from '../../commands/index.js';
import { loadConfig } from '../../src/config.js';
import { createBot } from '../../src/discord/bot.js';
import { loadKnowledgeBase } from '../../src/knowledge.js';
import { openStore } from '../../src/store/index.js';
import type { FakeDiscord } from '../support/fake-discord.js';
import { formatReport, runFuzz, type FuzzTarget } from './driver.js';
import { startWorld, TOKEN } from './world.js';

const SEED = 20_251_202;
const COUNT = 500;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoint-fuzz-'));
let discord: FakeDiscord | undefined;

afterAll(async () => {
  await discord?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The bot in this process, as createBot wires it in production (registry, store, conversations). */
const startBot = async (): Promise<FuzzTarget> => {
  discord = await startWorld();
  const dbPath = path.join(dir, 'checkpoint.db');
  const store = openStore({ path: dbPath });
  const logLines: string[] = [];
  const clientErrors: Error[] = [];
  const bot = await createBot({
    config: loadConfig({ DISCORD_TOKEN: TOKEN, LOG_LEVEL: 'info', DATABASE_PATH: dbPath }),
    kb: loadKnowledgeBase(),
    apiBase: discord.apiBase,
    logger: pino({ level: 'info' }, { write: (s: string) => void logLines.push(s) }),
    commands,
    actions,
    store,
    clientOptions: discord.clientOptions(),
  });
  bot.client.on('error', (e) => clientErrors.push(e));
  return {
    discord,
    logLines,
    dbPath,
    crashed: () => (clientErrors.length ? `client error: ${clientErrors[0]!.message}` : null),
    stop: async () => {
      await bot.stop();
      store.close();
    },
  };
};

it(`holds every invariant over ${COUNT} seeded interactions, mentions and DMs (seed ${SEED})`, async () => {
  const report = await runFuzz(await startBot(), { seed: SEED, count: COUNT });
  const summary = formatReport(report, 10).join('\n');
  expect(report.steps, summary).toBe(COUNT);
  expect(report.violations, summary).toEqual([]);
  // The run reached the writes it is there to check.
  expect(report.faqAcknowledged, summary).toBeGreaterThan(0);
  expect(report.store?.customItems, summary).toBeGreaterThan(0);
}, 60_000);
