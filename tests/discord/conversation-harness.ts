/**
 * Shared set-up for the conversation end-to-end tests (messages*.test.ts): the fake Discord with
 * a server of named channels and a thread server, the REAL discord.js client built by createBot,
 * and helpers that send MESSAGE_CREATE over the gateway and wait for the reply and its log line.
 * Not a test file (no `.test.ts`).
 */
import type { APIEmbed, APIMessage } from 'discord.js';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createConversationMemory } from '../../src/conversation/memory.js';
import { createBot, type Bot } from '../../src/discord/bot.js';
import { LIMITS, embedLength, embedProblems } from '../../src/discord/limits.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../../src/knowledge.js';
import { startFakeDiscord, type FakeDiscord, type SentMessage } from '../support/fake-discord.js';
import * as payloads from '../support/payloads.js';

export const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.abcdefghijklmnopqrstuvwxyz0123';
export const GUILD_ID = '1300000000000000001';
export const THREAD_GUILD_ID = '1300000000000000002';
export const ROLE_ID = '1300000000000000003';
const CHANNELS = [
  'general',
  'chain',
  'clarify',
  'cooldown',
  'flood',
  'ignore',
  'errors',
  'mentions',
  'user-thread-parent',
  'misc',
  'no-history',
  'no-send',
] as const;
export type ChannelName = (typeof CHANNELS)[number];
export const channelId = (name: ChannelName) => `13000000000000001${String(CHANNELS.indexOf(name)).padStart(2, '0')}`;
export const THREAD_CHANNEL_ID = '1300000000000000201';
export const USER_THREAD_ID = '1300000000000000301';
/** The conversation memory's cap in these tests. */
export const MEMORY_MAX = 200;

/** "Border Patrol Agent", matched words in bold or not. */
export const BPA = /Border\W+Patrol\W+Agent/;

export const embedOf = (m: { embeds?: APIEmbed[] } | SentMessage) =>
  ('message' in m ? m.message.embeds : m.embeds)?.[0];
export const buttons = (m: Pick<APIMessage, 'components'>) =>
  ((m.components ?? []) as { components: { custom_id?: string; label?: string }[] }[]).flatMap((r) => r.components);
/** The first quoted item of an answer (after the follow-up note, if any). */
export const firstItem = (e: APIEmbed | undefined) =>
  (e?.description ?? '').split('\n\n').find((part) => /\[\d+\]$/.test(part)) ?? '';

export const expectNoPing = (m: SentMessage) => {
  expect(m.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  expect(m.message.mentions).toEqual([]);
  expect(m.message.mention_roles).toEqual([]);
  expect(m.message.mention_everyone).toBe(false);
};
export const expectWithinLimits = (m: SentMessage) => {
  for (const e of m.message.embeds) expect(embedProblems({ ...e, fields: e.fields ?? [] } as never)).toEqual([]);
  expect(m.message.embeds.reduce((n, e) => n + embedLength(e as never), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
  for (const b of buttons(m.message)) expect((b.custom_id ?? '').length).toBeLessThanOrEqual(LIMITS.customId);
};

type LogLine = Record<string, unknown>;

// One harness per test file (vitest isolates modules per file): live bindings the tests import.
export let kb: KnowledgeBase;
export let discord: FakeDiscord;
export let bot: Bot;
export const clientErrors: Error[] = [];
let logLines: string[] = [];
let clockSkewMs = 0;

export const logs = () => logLines.map((l) => JSON.parse(l) as LogLine);
export const waitForLog = async (probe: (l: LogLine) => boolean, what: string): Promise<LogLine> => {
  for (let i = 0; i < 300; i++) {
    const line = logs().find(probe);
    if (line) return line;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no log line for ${what}`);
};
export const messageLog = (messageId: string) =>
  waitForLog((l) => l.msg === 'message' && l.messageId === messageId, `message ${messageId}`);
export const botId = () => discord.botUser.id;
export const mention = (text: string) => `<@${botId()}> ${text}`;
export const guildChannel = (name: ChannelName) => discord.channel(channelId(name))!;
/** Moves the conversation memory's clock forward (conversations expire after 15 minutes); 0 puts it back. */
export const skewClock = (ms: number) => {
  clockSkewMs = ms;
};

/** Sends MESSAGE_CREATE; returns the payload. */
export const post = (init: payloads.MessageInit, overrides?: Parameters<typeof payloads.message>[1]) => {
  const payload = payloads.message(init, overrides);
  discord.dispatch('MESSAGE_CREATE', payload);
  return payload;
};
/** Sends a message and waits for the bot's reply to it, and for its log line (written once the conversation is saved). */
export const ask = async (
  init: payloads.MessageInit,
): Promise<{ payload: payloads.MessagePayload; reply: SentMessage }> => {
  const since = discord.mark();
  const payload = post(init);
  const reply = await discord.waitForChannelMessage(
    payload.channel_id,
    (m) => m.message.message_reference?.message_id === payload.id,
    { since },
  );
  await messageLog(payload.id);
  return { payload, reply };
};
export const repliesTo = (messageId: string) =>
  discord.sentMessages.filter((m) => m.kind === 'channel' && m.message.message_reference?.message_id === messageId);

const start = async () => {
  kb = loadKnowledgeBase();
  discord = await startFakeDiscord({
    token: TOKEN,
    guilds: [
      {
        id: GUILD_ID,
        name: 'Checkpoint HQ',
        roles: [{ id: ROLE_ID, name: 'recruits' }],
        channels: [
          ...CHANNELS.filter((name) => name !== 'no-history' && name !== 'no-send').map((name) => ({
            id: channelId(name),
            name,
          })),
          // The bot may not read history (no reply link) or may not send at all in these two.
          {
            id: channelId('no-history'),
            name: 'no-history',
            permissionOverwrites: [
              { id: payloads.DEFAULT_BOT_USER.id, type: 1 as const, deny: payloads.Permission.ReadMessageHistory },
            ],
          },
          {
            id: channelId('no-send'),
            name: 'no-send',
            permissionOverwrites: [
              { id: payloads.DEFAULT_BOT_USER.id, type: 1 as const, deny: payloads.Permission.SendMessages },
            ],
          },
          {
            id: USER_THREAD_ID,
            name: 'my questions',
            type: 11,
            parentId: channelId('user-thread-parent'),
            ownerId: '1300000000000000999',
          },
        ],
      },
      { id: THREAD_GUILD_ID, name: 'Busy server', channels: [{ id: THREAD_CHANNEL_ID, name: 'busy' }] },
    ],
  });
  const logger = pino({ level: 'info' }, { write: (s: string) => void logLines.push(s) });
  bot = await createBot({
    config: loadConfig({ DISCORD_TOKEN: TOKEN, LOG_LEVEL: 'info', DATABASE_PATH: ':memory:' }),
    kb,
    apiBase: discord.apiBase,
    logger,
    clientOptions: discord.clientOptions(),
    getSettings: (guildId) => {
      if (guildId === GUILD_ID) throw new Error('store unavailable'); // read failures fall back to the defaults
      return { continueInThreads: guildId === THREAD_GUILD_ID };
    },
    conversations: { memory: createConversationMemory({ max: MEMORY_MAX, clock: () => Date.now() + clockSkewMs }) },
  });
  bot.client.on('error', (e) => clientErrors.push(e));
};

/** Starts the fake Discord and the bot before the file's tests, stops them after, and clears the log lines before each test. */
export const useConversationHarness = () => {
  beforeAll(start, 30_000);
  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
  });
  beforeEach(() => {
    logLines = [];
  });
};
