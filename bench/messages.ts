/**
 * Conversations through the real discord.js client and the fake Discord on 127.0.0.1, wired as
 * production wires them (the command registry's /ask and a SQLite store: FAQ search, answer log):
 * MESSAGE_CREATE sent over the gateway → the reply received over REST (new mentions, follow-ups
 * in a reply chain, DMs), then 10,000 more conversations from 10,000 members (channel mentions
 * and DMs, each with a follow-up) and what the bot holds afterwards: conversation memory (capped),
 * rate-limit budgets, discord.js caches, heap.
 */
import pino from 'pino';
import { actions, commands } from '../commands/index.js';
import { loadConfig } from '../src/config.js';
import { createRateLimiter } from '../src/conversation/cooldown.js';
import { createConversationMemory, MAX_CONVERSATIONS } from '../src/conversation/memory.js';
import { loadKnowledgeBase } from '../src/knowledge.js';
import { createBot, type Bot } from '../src/discord/bot.js';
import { openStore } from '../src/store/index.js';
import { Events, type Message } from 'discord.js';
import { startFakeDiscord, type FakeDiscord, type SentMessage } from '../tests/support/fake-discord.js';
import * as payloads from '../tests/support/payloads.js';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.abcdefghijklmnopqrstuvwxyz0123';
const GUILD_ID = '1200000000000000001';
const CHANNEL_ID = '1200000000000000002';
const P99_TARGET_MS = 15;

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

export async function benchMessages(rounds = 200): Promise<string[]> {
  const kb = loadKnowledgeBase();
  const discord = await startFakeDiscord({
    token: TOKEN,
    guilds: [{ id: GUILD_ID, name: 'Bench', channels: [{ id: CHANNEL_ID, name: 'general' }] }],
  });
  const store = openStore({ path: ':memory:' });
  const memory = createConversationMemory();
  const bot = await createBot({
    config: loadConfig({ DISCORD_TOKEN: TOKEN, LOG_LEVEL: 'silent', DATABASE_PATH: ':memory:' }),
    kb,
    apiBase: discord.apiBase,
    logger: pino({ level: 'silent' }),
    commands,
    actions,
    store,
    // discord.js queues REST calls beyond Discord's global 50 requests/s (interaction callbacks are
    // exempt, channel messages are not): lifted here so the figures are latency, not that queue.
    clientOptions: {
      ...discord.clientOptions(),
      rest: { ...discord.clientOptions().rest, globalRequestsPerSecond: 100_000 },
    },
    // Latency, not the rate limits: one bench user sends far more than 5 questions per 30 s.
    // The registry and the store as production passes them to conversations (answers through /ask).
    conversations: {
      commands,
      store,
      memory,
      memberLimit: { limit: 1e9, windowMs: 1000 },
      channelLimit: { limit: 1e9, windowMs: 1000 },
    },
  });
  const botId = discord.botUser.id;
  const questions = [
    'what do border patrol agents do',
    'what training do new officers get',
    'do i need a degree to be a cbp officer',
    "what's expected at the proficient level",
    'what are the challenges of the job',
  ];
  const followUps = ['how much do they make?', 'and what about training?', 'what about the advanced level?'];
  const user = payloads.user({ username: 'bench' });
  const guild = discord.guild();
  const channel = discord.channel(CHANNEL_ID)!;

  /** Sends one message; resolves with the reply and the gateway → REST latency the fake recorded. */
  const send = async (init: payloads.MessageInit): Promise<{ reply: SentMessage; ms: number }> => {
    const payload = payloads.message(init);
    const since = discord.mark();
    const record = discord.dispatch('MESSAGE_CREATE', payload);
    const reply = await discord.waitForChannelMessage(
      payload.channel_id,
      (m) => m.message.message_reference?.message_id === payload.id,
      { since },
    );
    return { reply, ms: reply.at - record.at };
  };

  try {
    // Warm-up: first answers build caches (suggested questions, regexes, discord.js internals).
    for (let i = 0; i < 20; i++)
      await send({ guild, channel, user, content: `<@${botId}> ${questions[i % questions.length]}` });

    const times: Record<'mention' | 'follow-up' | 'dm', number[]> = { mention: [], 'follow-up': [], dm: [] };
    let dm: payloads.RawChannel | undefined;
    for (let i = 0; i < rounds; i++) {
      const first = await send({ guild, channel, user, content: `<@${botId}> ${questions[i % questions.length]}` });
      times.mention.push(first.ms);
      const next = await send({
        guild,
        channel,
        user,
        content: followUps[i % followUps.length]!,
        referencedMessage: discord.message(first.reply.message.id)!,
      });
      times['follow-up'].push(next.ms);
      const direct = await send({
        user,
        ...(dm ? { channel: dm } : {}),
        content: i % 2 ? followUps[i % followUps.length]! : questions[i % questions.length]!,
      });
      dm ??= discord.channel(direct.reply.message.channel_id);
      times.dm.push(direct.ms);
    }
    const all = Object.values(times).flat();
    const line = (label: string, xs: number[]) =>
      `${label.padEnd(22)} p50 ${percentile(xs, 50).toFixed(2)} ms  p99 ${percentile(xs, 99).toFixed(2)} ms  (${xs.length} messages)`;
    const lines = ['', '## Conversations: message → reply (real discord.js client ↔ fake Discord on 127.0.0.1)'];
    lines.push(line('mention (new)', times.mention));
    lines.push(line('reply-chain follow-up', times['follow-up']));
    lines.push(line('DM', times.dm));
    const p99 = percentile(all, 99);
    lines.push(`${line('all', all)}  target p99 ≤ ${P99_TARGET_MS} ms: ${p99 <= P99_TARGET_MS ? 'met' : 'MISSED'}`);
    lines.push(
      "(back-to-back messages; discord.js global 50 requests/s queue lifted: on Discord that queue bounds a busy bot's throughput)",
    );
    lines.push(...(await tenThousand(bot, discord, botId, guild, channel)));
    lines.push(...conversationMemory());
    return lines;
  } finally {
    await bot.stop();
    await discord.close();
    store.close();
  }
}

/**
 * 10,000 conversations from 10,000 members through the real client, 25 at a time: half mention
 * the bot in the channel and follow up by replying, half DM it and follow up there. Then what
 * the bot process holds: every bounded structure should sit at or under its cap. Replies are
 * awaited through the client's own gateway echo of them (the fake's records grow with traffic,
 * so scanning them would measure the fake).
 */
const tenThousand = async (
  bot: Bot,
  discord: FakeDiscord,
  botId: string,
  guild: payloads.GuildPayload,
  channel: payloads.RawChannel,
  n = 10_000,
  parallel = 25,
): Promise<string[]> => {
  const waiting = new Map<string, (reply: Message) => void>();
  const onEcho = (m: Message) => {
    const id = m.author.id === botId ? m.reference?.messageId : undefined;
    if (id) waiting.get(id)?.(m);
  };
  bot.client.on(Events.MessageCreate, onEcho);
  const send = (init: payloads.MessageInit) =>
    new Promise<Message>((resolve) => {
      const payload = payloads.message(init);
      waiting.set(payload.id, (reply) => {
        waiting.delete(payload.id);
        resolve(reply);
      });
      discord.dispatch('MESSAGE_CREATE', payload);
    });
  gc();
  const before = process.memoryUsage();
  const t = performance.now();
  const one = async (i: number) => {
    const user = payloads.user({ username: `member-${i}` });
    if (i % 2 === 0) {
      const first = await send({ guild, channel, user, content: `<@${botId}> what do border patrol agents do?` });
      await send({
        guild,
        channel,
        user,
        content: 'how much do they make?',
        referencedMessage: discord.message(first.id)!,
      });
    } else {
      const first = await send({ user, content: 'what training do cbp officers get?' });
      await send({ user, channel: discord.channel(first.channelId)!, content: 'and what about the advanced level?' });
    }
  };
  for (let i = 0; i < n; i += parallel)
    await Promise.all(Array.from({ length: Math.min(parallel, n - i) }, (_, k) => one(i + k)));
  const seconds = (performance.now() - t) / 1000;
  bot.client.off(Events.MessageCreate, onEcho);
  gc();
  const after = process.memoryUsage();
  const c = bot.client;
  const cachedMessages = [...c.channels.cache.values()].reduce(
    (sum, ch) => sum + ('messages' in ch && ch.messages ? ch.messages.cache.size : 0),
    0,
  );
  return [
    '',
    `## After ${n.toLocaleString('en-US')} more conversations from ${n.toLocaleString('en-US')} members through the client (${(n * 2).toLocaleString('en-US')} messages, ${((n * 2) / seconds).toFixed(0)} messages/s, ${parallel} in flight)`,
    `conversation memory: ${bot.conversations.memory.size()} conversations (cap ${MAX_CONVERSATIONS}, 15-minute TTL), ${bot.conversations.memory.entries()} entries with reply links and answered messages`,
    `discord.js caches: ${c.users.cache.size} users (cap 1000), ${c.guilds.cache.first()?.members.cache.size ?? 0} members (cap 1000), ${c.channels.cache.size} channels (idle DM channels swept every 10 minutes), ${cachedMessages} messages (≤ 25 per channel, swept after 15 minutes)`,
    `heap ${mb(after.heapUsed)} (Δ ${mb(after.heapUsed - before.heapUsed)}${(globalThis as { gc?: unknown }).gc ? '' : ', no --expose-gc: includes garbage'}) / rss ${mb(after.rss)} — includes the fake Discord, which keeps every message and request`,
  ];
};

/** The memory module and member rate limiter alone: 10,000 conversations (each a chain of 3 messages) and 10,000 members. */
const conversationMemory = (n = 10_000): string[] => {
  gc();
  const before = process.memoryUsage();
  const memory = createConversationMemory();
  const members = createRateLimiter({ limit: 5, windowMs: 30_000 });
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const key = `msg:${1_300_000_000_000_000_000n + BigInt(i)}`;
    memory.set(key, {
      topic: 'salary',
      role: 'Border Patrol Agent',
      level: null,
      lastQuery: `how much does a border patrol agent make? (${i})`,
    });
    memory.alias(`msg:${2_300_000_000_000_000_000n + BigInt(i)}`, key);
    memory.alias(`msg:${3_300_000_000_000_000_000n + BigInt(i)}`, key);
    members.check(`${GUILD_ID}:${1_400_000_000_000_000_000n + BigInt(i)}`);
  }
  const elapsed = performance.now() - t;
  gc();
  const after = process.memoryUsage();
  return [
    '',
    `## Conversation state alone after ${n.toLocaleString('en-US')} conversations (memory module + member rate limiter)`,
    `kept ${memory.size()} conversations (cap ${MAX_CONVERSATIONS}, 15-minute TTL), ${members.size()} member budgets; ${((elapsed * 1000) / n).toFixed(1)} µs per conversation`,
    `heap ${mb(after.heapUsed)} (Δ ${mb(after.heapUsed - before.heapUsed)}${(globalThis as { gc?: unknown }).gc ? '' : ', no --expose-gc: includes garbage'}) / rss ${mb(after.rss)}`,
  ];
};
