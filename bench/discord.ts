/**
 * Interaction latency through the real discord.js client and the fake Discord on 127.0.0.1:
 * INTERACTION_CREATE sent over the gateway → interaction callback received over REST.
 */
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { loadKnowledgeBase } from '../src/knowledge.js';
import { createBot } from '../src/discord/bot.js';
import { startFakeDiscord } from '../tests/support/fake-discord.js';
import * as payloads from '../tests/support/payloads.js';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.abcdefghijklmnopqrstuvwxyz0123';
const GUILD_ID = '1200000000000000001';

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

export async function benchDiscord(rounds = 500): Promise<string[]> {
  const kb = loadKnowledgeBase();
  const discord = await startFakeDiscord({ token: TOKEN, guilds: [{ id: GUILD_ID, name: 'Bench', channels: [{ id: '1200000000000000002', name: 'general' }] }] });
  const bot = await createBot({
    config: loadConfig({ DISCORD_TOKEN: TOKEN, LOG_LEVEL: 'silent', DATABASE_PATH: ':memory:' }),
    kb,
    apiBase: discord.apiBase,
    logger: pino({ level: 'silent' }),
    clientOptions: discord.clientOptions(),
  });
  const questions = ['how much does a border patrol agent make', 'what training do new officers get', 'do i need a degree', 'whats expected at the proficient level', 'what are the challenges of the job'];
  const user = payloads.user({ username: 'bench' });
  const run = async (label: string, make: (i: number) => Parameters<typeof discord.interact>[0]) => {
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      await discord.interact(make(i));
      times.push(performance.now() - t);
    }
    return `${label.padEnd(14)} p50 ${percentile(times, 50).toFixed(2)} ms  p99 ${percentile(times, 99).toFixed(2)} ms  (${rounds} interactions)`;
  };
  try {
    const lines = ['', `## Discord interactions (real discord.js client ↔ fake Discord on 127.0.0.1)`];
    lines.push(await run('/ask', (i) => payloads.slashCommand({ name: 'ask', guild: discord.guild(), user, options: { question: questions[i % questions.length]! } })));
    lines.push(await run('/salary', () => payloads.slashCommand({ name: 'salary', guild: discord.guild(), user })));
    lines.push(await run('autocomplete', (i) => payloads.autocomplete({ name: 'ask', guild: discord.guild(), user, focused: 'question', value: 'salary border'.slice(0, 1 + (i % 13)) })));
    const mem = process.memoryUsage();
    lines.push(`bot process heap / rss  ${(mem.heapUsed / 2 ** 20).toFixed(1)} MB / ${(mem.rss / 2 ** 20).toFixed(1)} MB (this process: the bot plus the fake Discord)`);
    return lines;
  } finally {
    await bot.stop();
    await discord.close();
  }
}
