/**
 * Persistence benchmarks on a real SQLite file (WAL, synchronous=FULL) in a temp directory:
 * a checklist tick and a FAQ add, first as store calls, then end to end through the real
 * discord.js client and the fake Discord (a select-menu tick, a modal submit); and /ask p99 in a
 * server holding 500 FAQ entries (each answer searched beside them and logged).
 * Called from bench/run.ts (or `tsx bench/child.ts store`); returns printable lines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { ask as askCommand } from '../commands/ask.js';
import { actions, commands } from '../commands/index.js';
import { servicesFor } from '../src/services.js';
import { loadConfig } from '../src/config.js';
import { levelStatements } from '../src/answers/views.js';
import { createBot } from '../src/discord/bot.js';
import { loadKnowledgeBase } from '../src/knowledge.js';
import { FAQ_LIMITS, openStore } from '../src/store/index.js';
import { startFakeDiscord } from '../tests/support/fake-discord.js';
import * as payloads from '../tests/support/payloads.js';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.abcdefghijklmnopqrstuvwxyz0123';
const GUILD = '1400000000000000001';
const FULL_GUILD = '1400000000000000002';
const CHANNEL = '1400000000000000011';
const NO_FAQ_GUILD = '1400000000000000003';

const ASK_P99_TARGET_MS = 10;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (n: number) => `${n.toFixed(3)} ms`;
const row = (label: string, xs: number[]) =>
  `${label.padEnd(44)} p50 ${ms(percentile(xs, 50))}   p99 ${ms(percentile(xs, 99))}   (n=${xs.length})`;

const time = async (fn: () => unknown): Promise<number> => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

const PLACES = [
  'Port A',
  'the airport',
  'the land border',
  'the seaport',
  'the academy',
  'the regional office',
  'the training centre',
  'the mail facility',
];
const THINGS = [
  'hiring event',
  'fitness test',
  'uniform fitting',
  'badge pickup',
  'mentoring session',
  'language class',
  'security briefing',
  'shift swap',
  'parking permit',
  'overtime sign-up',
  'K-9 demo',
  'ride-along',
  'open house',
  'study group',
  'mock interview',
  'drug test',
  'medical exam',
  'polygraph appointment',
  'orientation',
  'career fair',
];

/** 500 distinct entries: "When is the <thing> at <place>? (n)". */
const faqEntries = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const thing = THINGS[i % THINGS.length]!;
    const place = PLACES[Math.floor(i / THINGS.length) % PLACES.length]!;
    return {
      question: `When is the ${thing} at ${place}? (${i + 1})`,
      answer: `The ${thing} at ${place} is held on the ${(i % 28) + 1}th of each month at ${8 + (i % 9)}:00. Bring your ID and sign in at the front desk; ask a recruiter if you need directions.`,
      link: i % 3 === 0 ? `https://example.org/events/${i + 1}` : '',
    };
  });

export async function benchStore(rounds = 300): Promise<string[]> {
  const lines: string[] = ['', '## Store (SQLite file, WAL, synchronous=FULL)'];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoint-bench-'));
  const kb = loadKnowledgeBase();
  const store = openStore({ path: path.join(dir, 'checkpoint.db') });
  const items = [...levelStatements(kb, 'emerging'), ...levelStatements(kb, 'advanced')].map((p) => p.id);
  try {
    // ---- store calls -------------------------------------------------------------------------
    const ticks: number[] = [];
    for (let i = 0; i < rounds * 3; i++)
      ticks.push(await time(() => store.checklists.tick(GUILD, `user-${i % 97}`, items[i % items.length]!)));
    lines.push(row('store: checklists.tick', ticks));
    const entries = faqEntries(FAQ_LIMITS.entriesPerGuild);
    const adds: number[] = [];
    for (const e of entries)
      adds.push(await time(() => store.faq.add(FULL_GUILD, e, { id: 'bench', name: 'Bench Recruiter' })));
    lines.push(row(`store: faq.add (0 → ${entries.length} entries)`, adds));

    // ---- through the fake Discord -------------------------------------------------------------
    const discord = await startFakeDiscord({
      token: TOKEN,
      guilds: [
        { id: GUILD, name: 'Bench', channels: [{ id: CHANNEL, name: 'general' }] },
        { id: FULL_GUILD, name: 'Bench 500', channels: [{ id: '1400000000000000012', name: 'general' }] },
        { id: NO_FAQ_GUILD, name: 'Bench no FAQ', channels: [{ id: '1400000000000000013', name: 'general' }] },
      ],
    });
    const bot = await createBot({
      config: loadConfig({ DISCORD_TOKEN: TOKEN, LOG_LEVEL: 'silent', DATABASE_PATH: path.join(dir, 'checkpoint.db') }),
      kb,
      apiBase: discord.apiBase,
      logger: pino({ level: 'silent' }),
      commands,
      actions,
      store,
      clientOptions: discord.clientOptions(),
    });
    try {
      const admin = payloads.user({ username: 'bench-admin' });
      const perms = payloads.DEFAULT_MEMBER_PERMISSIONS | payloads.ManageGuild;
      const members = Array.from({ length: 50 }, (_, i) => payloads.user({ username: `bench${i}` }));
      const selects: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const values = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6'].filter((_, k) => (i + k) % 2 === 0);
        const payload = payloads.stringSelect({
          customId: 'a:tick:emerging:f1:f10',
          values,
          guild: discord.guild(GUILD),
          user: members[i % members.length]!,
          ephemeral: true,
        });
        selects.push(await time(() => discord.interact(payload)));
      }
      lines.push(row('discord: tick via select menu → update', selects));

      const submits: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const fields = {
          question: `Bench question number ${i} about the ${THINGS[i % THINGS.length]}?`,
          answer: `Bench answer ${i}.`,
          link: '',
        };
        const payload = payloads.modalSubmit({
          customId: 'a:faq-add',
          fields,
          layout: 'label',
          guild: discord.guild(GUILD),
          user: admin,
          permissions: perms,
        });
        submits.push(await time(() => discord.interact(payload)));
      }
      lines.push(row('discord: FAQ add via modal submit', submits));

      const questions = [
        ...entries.slice(0, 40).map((e) => e.question.replace(/ \(\d+\)$/, '').toLowerCase()),
        'how much does a border patrol agent make',
        'what training do new officers get',
        'do i need a degree',
        'when is the fitness test',
        'where do i pick up my badge',
        'best pizza in naples',
      ];
      const asker = payloads.user({ username: 'bench-asker' });
      const ask = (guildId: string, q: string) =>
        payloads.slashCommand({ name: 'ask', options: { question: q }, guild: discord.guild(guildId), user: asker });
      const firstAfterChange = await time(() => discord.interact(ask(FULL_GUILD, questions[0]!)));
      const full: number[] = [];
      const empty: number[] = [];
      const n = Math.max(rounds, 200);
      for (let i = 0; i < n; i++) {
        full.push(await time(() => discord.interact(ask(FULL_GUILD, questions[i % questions.length]!))));
        empty.push(await time(() => discord.interact(ask(NO_FAQ_GUILD, questions[i % questions.length]!))));
      }
      lines.push(row(`discord: /ask, server with ${store.faq.count(FULL_GUILD)} FAQ entries`, full));
      lines.push(row('discord: /ask, server without a FAQ', empty));
      const p99 = percentile(full, 99);
      lines.push(
        `${'target: /ask p99 ≤ 10 ms with 500 FAQ entries'.padEnd(44)} ${p99 <= ASK_P99_TARGET_MS ? 'met' : 'NOT met'} (${ms(p99)}; the FAQ adds ${ms(percentile(full, 50) - percentile(empty, 50))} at p50)`,
      );
      // The server's index is rebuilt on the first /ask after its FAQ changes.
      store.faq.remove(FULL_GUILD, store.faq.list(FULL_GUILD)[0]!.id);
      const rebuild = await time(() => discord.interact(ask(FULL_GUILD, questions[1]!)));
      lines.push(
        `${'discord: first /ask after a FAQ change'.padEnd(44)} ${ms(firstAfterChange)} cold, ${ms(rebuild)} warm (index rebuilt for ~500 entries)`,
      );
      // The same questions straight to the /ask handler (search, FAQ, answer log; no transport),
      // to tell what the bot spends from what discord.js and loopback HTTP add.
      const services = servicesFor(kb, store);
      const handler = (guildId: string) => async (q: string) => {
        const ctx = {
          kb,
          guildId,
          channelId: CHANNEL,
          userId: 'bench-handler',
          userName: 'Bench',
          canManageGuild: false,
          roleIds: [],
          ...services,
        };
        await askCommand.run(ctx, { question: q });
      };
      const inFull: number[] = [];
      const inEmpty: number[] = [];
      for (let i = 0; i < n; i++) {
        const q = questions[i % questions.length]!;
        inFull.push(await time(() => handler(FULL_GUILD)(q)));
        inEmpty.push(await time(() => handler(NO_FAQ_GUILD)(q)));
      }
      lines.push(row('handler only: /ask with 500 FAQ entries', inFull));
      lines.push(row('handler only: /ask without a FAQ', inEmpty));
      const rejected = discord.requests.filter((r) => r.status >= 400).length;
      if (rejected > 0) lines.push(`warning: the fake Discord rejected ${rejected} requests`);
    } finally {
      await bot.stop();
      await discord.close();
    }
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
