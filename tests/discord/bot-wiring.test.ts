/**
 * The bot as `npm start` wires it — createBot with nothing but the config (the registry from
 * commands/, its own SQLite store from DATABASE_PATH) — through the REAL discord.js client and the
 * fake Discord: conversations answer through /ask (server FAQ, answer log, votes), edited questions
 * update their answers (MESSAGE_UPDATE over the gateway, drained on stop), discord.js caches stay
 * bounded, and DISCORD_MESSAGE_CONTENT=false really drops the privileged intent.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChannelType, GatewayIntentBits, type APIEmbed, type APIMessage } from 'discord.js';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { createBot, type Bot } from '../../src/discord/bot.js';
import { createClient, DM_SWEEP_INTERVAL_MS, sweepIdleDmChannels, USER_CACHE_MAX } from '../../src/discord/client.js';
import { decodeAction } from '../../src/discord/render.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../../src/knowledge.js';
import { DM_GUILD_ID } from '../../src/store/index.js';
import { startFakeDiscord, type FakeDiscord, type SentMessage } from '../support/fake-discord.js';
import * as payloads from '../support/payloads.js';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.abcdefghijklmnopqrstuvwxyz0123';
const GUILD = '1600000000000000001';
const CHANNEL = '1600000000000000002';
const CHATTER = '1600000000000000003';
const BPA = /Border\W+Patrol\W+Agent/;

type LogLine = Record<string, unknown>;
const logSink = () => {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) });
  return { lines, logger };
};

/** Sends MESSAGE_CREATE and waits for the bot's reply to it and for the message's log line (written once handled). */
const asker = (fake: FakeDiscord, lines: LogLine[]) => {
  const logOf = (id: string, edited = false) =>
    fake.waitFor(() => lines.find((l) => l.msg === 'message' && l.messageId === id && !!l.edited === edited), {
      description: `log line for ${id}`,
    });
  const ask = async (
    init: payloads.MessageInit,
  ): Promise<{ payload: payloads.MessagePayload; reply: SentMessage; log: LogLine }> => {
    const since = fake.mark();
    const payload = payloads.message(init);
    fake.dispatch('MESSAGE_CREATE', payload);
    const reply = await fake.waitForChannelMessage(
      payload.channel_id,
      (m) => m.message.message_reference?.message_id === payload.id,
      { since },
    );
    return { payload, reply, log: await logOf(payload.id) };
  };
  return { ask, logOf };
};

const embedOf = (m: SentMessage): APIEmbed | undefined => m.message.embeds[0];
const firstItem = (e: APIEmbed | undefined) =>
  (e?.description ?? '').split('\n\n').find((part) => /\[\d+\]$/.test(part)) ?? '';
const buttons = (m: Pick<APIMessage, 'components'>) =>
  ((m.components ?? []) as { components: { custom_id?: string; label?: string }[] }[]).flatMap((r) => r.components);
const votesOf = (m: SentMessage) =>
  buttons(m.message).filter((b) => decodeAction(b.custom_id ?? '')?.action === 'vote');

let kb: KnowledgeBase;
beforeAll(() => {
  kb = loadKnowledgeBase();
});

describe('the bot as production wires it', () => {
  let discord: FakeDiscord;
  let bot: Bot;
  let dir: string;
  const { lines, logger } = logSink();
  const clientErrors: Error[] = [];
  let ask: ReturnType<typeof asker>['ask'];
  let logOf: ReturnType<typeof asker>['logOf'];
  const mention = (text: string) => `<@${discord.botUser.id}> ${text}`;
  const inGuild = (channelId = CHANNEL) => ({ guild: discord.guild(GUILD), channel: discord.channel(channelId)! });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoint-wiring-'));
    discord = await startFakeDiscord({
      token: TOKEN,
      guilds: [
        {
          id: GUILD,
          name: 'Port of entry',
          channels: [
            { id: CHANNEL, name: 'general' },
            { id: CHATTER, name: 'chatter' },
          ],
        },
      ],
    });
    // No commands, actions, store or conversation options: what `npm start` passes.
    bot = await createBot({
      config: loadConfig({ DISCORD_TOKEN: TOKEN, LOG_LEVEL: 'info', DATABASE_PATH: path.join(dir, 'checkpoint.db') }),
      kb,
      apiBase: discord.apiBase,
      logger,
      clientOptions: discord.clientOptions(),
    });
    bot.client.on('error', (e) => clientErrors.push(e));
    bot.store.faq.add(
      GUILD,
      {
        question: 'When is the recruiting open house?',
        answer: 'Our recruiting open house is every first Saturday at the port office.',
      },
      { id: '1600000000000000900', name: 'Recruiter Rae' },
    );
    ({ ask, logOf } = asker(discord, lines));
  }, 30_000);

  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    lines.length = 0;
  });

  it("a mention is answered through /ask: the server's FAQ, the answer log, Helpful / Not helpful", async () => {
    const member = payloads.user({ username: 'faq-asker' });
    const question = 'when is the recruiting open house?';
    const { reply, log } = await ask({ ...inGuild(), user: member, content: mention(question) });
    expect(log).toMatchObject({ outcome: 'answered' });
    expect(embedOf(reply)?.description).toMatch(/first Saturday/);
    expect(embedOf(reply)?.fields?.[0]?.value).toMatch(/Recruiter Rae/);

    const votes = votesOf(reply);
    expect(votes.map((b) => b.label)).toEqual(['Helpful', 'Not helpful']);
    const answerId = decodeAction(votes[0]!.custom_id!)!.args[0]!;
    expect(bot.store.answers.get(answerId)).toMatchObject({
      query: question,
      answered: true,
      guildId: GUILD,
      userId: member.id,
    });
    const pressed = await discord.interact(
      payloads.buttonPress({
        customId: votes[0]!.custom_id!,
        ...inGuild(),
        user: member,
        message: discord.message(reply.message.id)!,
      }),
    );
    expect(pressed.data.content ?? JSON.stringify(pressed.data.embeds)).toMatch(/Thanks for the feedback/);
    expect(bot.store.answers.tally(answerId)).toMatchObject({ helpful: 1 });
  });

  it('a DM is answered through /ask too (logged, with votes), and a question the documents miss shows up in /faq gaps', async () => {
    const member = payloads.user({ username: 'dm-asker' });
    const dm = await ask({ user: member, content: 'what training do border patrol agents get?' });
    expect(dm.log).toMatchObject({ outcome: 'answered', guildId: null, channelType: 'dm' });
    const answerId = decodeAction(votesOf(dm.reply)[0]!.custom_id!)!.args[0]!;
    expect(bot.store.answers.get(answerId)).toMatchObject({ answered: true, guildId: DM_GUILD_ID, userId: member.id });

    const gap = await ask({ ...inGuild(), content: mention('what is the retirement age for agents?') });
    expect(embedOf(gap.reply)?.description).toMatch(/My sources don't cover that/);
    expect(bot.store.answers.gaps(GUILD).map((g) => g.example)).toContain('what is the retirement age for agents?');
  });

  it('an edited question (MESSAGE_UPDATE) updates the answer in place: a PATCH of the reply, no new message', async () => {
    const { payload, reply } = await ask({ ...inGuild(), content: mention('how much does a cbp officer make?') });
    expect(firstItem(embedOf(reply))).toMatch(/CBP\W+Officer/);
    const since = discord.mark();
    const content = mention('how much does a border patrol agent make?');
    discord.dispatch('MESSAGE_UPDATE', { ...payload, content, edited_timestamp: new Date().toISOString() });
    const edited = await discord.waitFor(
      () => discord.sentMessages.find((m) => m.n > since && m.kind === 'edit' && m.target === reply.message.id),
      { description: 'the edited answer' },
    );
    expect(discord.requestsMatching(`PATCH /channels/${CHANNEL}/messages/${reply.message.id}`, since)).toHaveLength(1);
    expect(firstItem(embedOf(edited))).toMatch(/Border\W+Patrol\W+Agent\W+—\W+Average\W+Salary/);
    expect(edited.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(await logOf(payload.id, true)).toMatchObject({ outcome: 'answered', edited: true });
    expect(discord.sentMessages.filter((m) => m.n > since && m.kind === 'channel')).toEqual([]);
  });

  it(`discord.js caches stay bounded: messages from more than ${USER_CACHE_MAX} members leave at most ${USER_CACHE_MAX} users and members cached, the bot's own kept`, async () => {
    const authors = USER_CACHE_MAX + 150;
    for (let i = 0; i < authors; i++)
      discord.dispatch(
        'MESSAGE_CREATE',
        payloads.message({
          ...inGuild(CHATTER),
          user: payloads.user({ username: `member-${i}` }),
          content: `morning all (${i})`,
        }),
      );
    // The gateway is ordered: once this is answered, every message above has been through discord.js.
    const last = await ask({
      ...inGuild(),
      user: payloads.user({ username: 'late-asker' }),
      content: mention('what do border patrol agents do?'),
    });
    expect(last.log).toMatchObject({ outcome: 'answered' });
    expect(firstItem(embedOf(last.reply))).toMatch(BPA);

    const users = bot.client.users.cache;
    expect(users.size).toBeLessThanOrEqual(USER_CACHE_MAX);
    expect(users.size).toBeGreaterThan(USER_CACHE_MAX / 2);
    expect(users.has(discord.botUser.id)).toBe(true);
    const guild = bot.client.guilds.cache.get(GUILD)!;
    expect(guild.members.cache.size).toBeLessThanOrEqual(USER_CACHE_MAX);
    expect(guild.members.me?.id).toBe(discord.botUser.id);
    expect(guild.members.cache.has(discord.botUser.id)).toBe(true);
    // Messages are bounded per channel as before.
    const chatter = bot.client.channels.cache.get(CHATTER);
    expect(chatter?.isTextBased() ? chatter.messages.cache.size : -1).toBeLessThanOrEqual(25);
  });

  it('DM channels whose messages were swept are dropped; the next DM recreates the channel and the conversation carries on', async () => {
    const members = [0, 1, 2].map((i) => payloads.user({ username: `dm-member-${i}` }));
    const firsts = [];
    for (const user of members) firsts.push(await ask({ user, content: 'what training do border patrol agents get?' }));
    const dmIds = firsts.map((f) => f.payload.channel_id);
    const cachedDms = () => dmIds.filter((id) => bot.client.channels.cache.get(id)?.type === ChannelType.DM);
    expect(cachedDms()).toEqual(dmIds);

    // A DM with cached messages (one being answered, or recent) stays.
    expect(sweepIdleDmChannels(bot.client)).toBe(0);
    expect(cachedDms()).toEqual(dmIds);
    // discord.js' message sweeper empties them (every 10 minutes, messages older than 15): then they go.
    bot.client.sweepers.sweepMessages(() => true);
    expect(sweepIdleDmChannels(bot.client)).toBeGreaterThanOrEqual(dmIds.length);
    expect(cachedDms()).toEqual([]);
    expect(bot.client.channels.cache.has(CHANNEL)).toBe(true);

    const next = await ask({
      user: members[0]!,
      channel: discord.channel(dmIds[0]!)!,
      content: 'how much do they make?',
    });
    expect(next.log).toMatchObject({ outcome: 'answered', followUp: true, channelType: 'dm' });
    expect(firstItem(embedOf(next.reply))).toMatch(BPA);
    expect(cachedDms()).toEqual([dmIds[0]]);
  });

  it('nothing sent was rejected by the fake Discord', () => {
    expect(discord.unexpectedRequests).toEqual([]);
    expect(
      discord.requests
        .filter((r) => r.status >= 400 && !r.injected)
        .map((r) => `${r.method} ${r.path} ${JSON.stringify(r.response)}`),
    ).toEqual([]);
    expect(discord.warnings).toEqual([]);
    expect(clientErrors).toEqual([]);
  });

  it('stop() waits for an edit being answered: the updated answer is sent before disconnecting', async () => {
    const { payload, reply } = await ask({ ...inGuild(), content: mention('how much does a cbp officer make?') });
    const target = `PATCH /channels/${CHANNEL}/messages/${reply.message.id}`;
    discord.delayNext(target, 400);
    discord.dispatch('MESSAGE_UPDATE', {
      ...payload,
      content: mention('what training do border patrol agents get?'),
      edited_timestamp: new Date().toISOString(),
    });
    await discord.waitFor(() => bot.inFlight() > 0, { description: 'the edit in flight' });
    await bot.stop();
    expect(discord.requestsMatching(target)).toHaveLength(1);
    expect(lines.find((l) => l.msg === 'waiting for in-flight interactions')).toMatchObject({ inFlight: 1 });
    expect(await logOf(payload.id, true)).toMatchObject({ outcome: 'answered' });
    expect(lines.findIndex((l) => l.msg === 'message' && l.edited)).toBeLessThan(
      lines.findIndex((l) => l.msg === 'disconnected from Discord'),
    );
  });
});

describe('the DM channel sweep timer', () => {
  it(`runs every ${DM_SWEEP_INTERVAL_MS / 60_000} minutes and is cleared with the client`, async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    try {
      const client = createClient({ logger: pino({ level: 'silent' }) });
      const timers = vi.getTimerCount();
      // A DM channel as the Channel partial leaves it: no messages cached.
      (client.channels as unknown as { _add: (data: unknown) => unknown })._add({
        id: '1600000000000000500',
        type: ChannelType.DM,
        recipients: [payloads.user()],
      });
      expect(client.channels.cache.has('1600000000000000500')).toBe(true);
      vi.advanceTimersByTime(DM_SWEEP_INTERVAL_MS - 1000);
      expect(client.channels.cache.has('1600000000000000500')).toBe(true);
      vi.advanceTimersByTime(1000);
      expect(client.channels.cache.has('1600000000000000500')).toBe(false);
      await client.destroy();
      expect(vi.getTimerCount()).toBeLessThan(timers);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('DISCORD_MESSAGE_CONTENT=false', () => {
  it('identifies without the privileged intent (a portal without it accepts the bot); mentions, pinged replies and DMs are still answered', async () => {
    // privilegedIntents 0: this fake refuses (4014) any client requesting Message Content.
    const fake = await startFakeDiscord({
      token: TOKEN,
      privilegedIntents: 0,
      guilds: [{ id: '1600000000000000011', channels: [{ id: '1600000000000000012', name: 'general' }] }],
    });
    const { lines, logger } = logSink();
    let bot: Bot | undefined;
    try {
      bot = await createBot({
        config: loadConfig({
          DISCORD_TOKEN: TOKEN,
          LOG_LEVEL: 'info',
          DATABASE_PATH: ':memory:',
          DISCORD_MESSAGE_CONTENT: 'false',
        }),
        kb,
        apiBase: fake.apiBase,
        logger,
        clientOptions: fake.clientOptions(),
      });
      const identify = await fake.waitForIdentify();
      expect(identify.intents & GatewayIntentBits.MessageContent).toBe(0);
      expect(GatewayIntentBits.MessageContent).toBe(1 << 15);
      const needed = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages;
      expect(identify.intents & needed).toBe(needed);

      const { ask, logOf } = asker(fake, lines);
      const g = fake.guild();
      const botUser = fake.botUser;
      const first = await ask({ guild: g, content: `<@${botUser.id}> what do border patrol agents do?` });
      expect(embedOf(first.reply)?.fields?.[0]?.name).toBe('Sources');
      expect(votesOf(first.reply).map((b) => b.label)).toEqual(['Helpful', 'Not helpful']);
      const dm = await ask({ content: 'what training do border patrol agents get?' });
      expect(embedOf(dm.reply)?.fields?.[0]?.name).toBe('Sources');
      // A reply that pings the bot carries the bot in `mentions`, so its content arrives.
      const pinged = await ask({
        guild: g,
        content: 'how much do they make?',
        mentions: [botUser],
        referencedMessage: fake.message(first.reply.message.id)!,
      });
      expect(firstItem(embedOf(pinged.reply))).toMatch(BPA);

      // Without the intent Discord blanks a reply that does not ping the bot: left alone, not guessed at.
      const unpinged = payloads.message({
        guild: g,
        content: 'and what about training?',
        referencedMessage: fake.message(first.reply.message.id)!,
      });
      fake.dispatch('MESSAGE_CREATE', unpinged);
      expect(await logOf(unpinged.id)).toMatchObject({ outcome: 'ignored', reason: 'no-content' });
      expect(fake.sentMessages.some((m) => m.message.message_reference?.message_id === unpinged.id)).toBe(false);
      expect(fake.warnings).toEqual([]);
    } finally {
      await bot?.stop();
      await fake.close();
    }
  });
});
