/**
 * Conversations end to end: MESSAGE_CREATE over the fake gateway → the REAL discord.js client
 * built by createBot → the reply over REST. Mentions, DMs, reply chains, threads, follow-ups,
 * clarifying buttons, cooldowns, and everything the bot must ignore or never ping.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { APIEmbed, APIMessage } from 'discord.js';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { createConversationMemory } from '../../src/conversation/memory.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../../src/knowledge.js';
import { createBot, type Bot } from '../../src/discord/bot.js';
import { INTENTS, PARTIALS } from '../../src/discord/client.js';
import { LIMITS, embedLength, embedProblems } from '../../src/discord/limits.js';
import { CHOICE_PREFIX, decodeChoice, encodeChoice, MESSAGE_TEXT, questionText } from '../../src/discord/messages.js';
import { startFakeDiscord, type FakeDiscord, type SentMessage } from '../support/fake-discord.js';
import * as payloads from '../support/payloads.js';
import { GatewayIntentBits, Partials } from 'discord.js';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.abcdefghijklmnopqrstuvwxyz0123';
const GUILD_ID = '1300000000000000001';
const THREAD_GUILD_ID = '1300000000000000002';
const ROLE_ID = '1300000000000000003';
const CHANNELS = ['general', 'chain', 'clarify', 'cooldown', 'flood', 'ignore', 'errors', 'mentions', 'user-thread-parent', 'misc', 'no-history', 'no-send'] as const;
type ChannelName = (typeof CHANNELS)[number];
const channelId = (name: ChannelName) => `13000000000000001${String(CHANNELS.indexOf(name)).padStart(2, '0')}`;
const THREAD_CHANNEL_ID = '1300000000000000201';
const USER_THREAD_ID = '1300000000000000301';

let kb: KnowledgeBase;
let discord: FakeDiscord;
let bot: Bot;
let logLines: string[] = [];
/** Moves the conversation memory's clock forward (conversations expire after 15 minutes). */
let clockSkewMs = 0;
const clientErrors: Error[] = [];

const logs = () => logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
const waitForLog = async (probe: (l: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>> => {
  for (let i = 0; i < 300; i++) {
    const line = logs().find(probe);
    if (line) return line;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no log line for ${what}`);
};
const messageLog = (messageId: string) => waitForLog((l) => l.msg === 'message' && l.messageId === messageId, `message ${messageId}`);

beforeAll(async () => {
  kb = loadKnowledgeBase();
  discord = await startFakeDiscord({
    token: TOKEN,
    guilds: [
      {
        id: GUILD_ID,
        name: 'Checkpoint HQ',
        roles: [{ id: ROLE_ID, name: 'recruits' }],
        channels: [
          ...CHANNELS.filter((name) => name !== 'no-history' && name !== 'no-send').map((name) => ({ id: channelId(name), name })),
          // The bot may not read history (no reply link) or may not send at all in these two.
          { id: channelId('no-history'), name: 'no-history', permissionOverwrites: [{ id: payloads.DEFAULT_BOT_USER.id, type: 1 as const, deny: payloads.Permission.ReadMessageHistory }] },
          { id: channelId('no-send'), name: 'no-send', permissionOverwrites: [{ id: payloads.DEFAULT_BOT_USER.id, type: 1 as const, deny: payloads.Permission.SendMessages }] },
          { id: USER_THREAD_ID, name: 'my questions', type: 11, parentId: channelId('user-thread-parent'), ownerId: '1300000000000000999' },
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
    conversations: { memory: createConversationMemory({ max: 200, clock: () => Date.now() + clockSkewMs }) },
  });
  bot.client.on('error', (e) => clientErrors.push(e));
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await discord?.close();
});

beforeEach(() => {
  logLines = [];
});

const botId = () => discord.botUser.id;
const mention = (text: string) => `<@${botId()}> ${text}`;
const guildChannel = (name: ChannelName) => discord.channel(channelId(name))!;

/** Sends MESSAGE_CREATE; returns the payload. */
const post = (init: payloads.MessageInit, overrides?: Parameters<typeof payloads.message>[1]) => {
  const payload = payloads.message(init, overrides);
  discord.dispatch('MESSAGE_CREATE', payload);
  return payload;
};
const replyTo = (messageId: string, channel: string, since = 0) =>
  discord.waitForChannelMessage(channel, (m) => m.message.message_reference?.message_id === messageId, { since });
/** Sends a message and waits for the bot's reply to it, and for its log line (written once the conversation is saved). */
const ask = async (init: payloads.MessageInit): Promise<{ payload: payloads.MessagePayload; reply: SentMessage }> => {
  const since = discord.mark();
  const payload = post(init);
  const reply = await replyTo(payload.id, payload.channel_id, since);
  await messageLog(payload.id);
  return { payload, reply };
};
const repliesTo = (messageId: string) => discord.sentMessages.filter((m) => m.kind === 'channel' && m.message.message_reference?.message_id === messageId);
const embedOf = (m: { embeds?: APIEmbed[] } | SentMessage) => ('message' in m ? m.message.embeds : m.embeds)?.[0];
const buttons = (m: Pick<APIMessage, 'components'>) =>
  ((m.components ?? []) as { components: { custom_id?: string; label?: string }[] }[]).flatMap((r) => r.components);

/** "Border Patrol Agent", matched words in bold or not. */
const BPA = /Border\W+Patrol\W+Agent/;

/** The first quoted item of an answer (after the follow-up note, if any). */
const firstItem = (e: APIEmbed | undefined) => (e?.description ?? '').split('\n\n').find((part) => /\[\d+\]$/.test(part)) ?? '';

const expectNoPing = (m: SentMessage) => {
  expect(m.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  expect(m.message.mentions).toEqual([]);
  expect(m.message.mention_roles).toEqual([]);
  expect(m.message.mention_everyone).toBe(false);
};
const expectWithinLimits = (m: SentMessage) => {
  for (const e of m.message.embeds) expect(embedProblems({ ...e, fields: e.fields ?? [] } as never)).toEqual([]);
  expect(m.message.embeds.reduce((n, e) => n + embedLength(e as never), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
  for (const b of buttons(m.message)) expect((b.custom_id ?? '').length).toBeLessThanOrEqual(LIMITS.customId);
};

describe('conversations: reading a message', () => {
  it('strips the bot mention, other mentions and @everyone from the question', () => {
    expect(questionText('<@111111111111111111> how much do <@!222222222222222222> agents make? @everyone <#333333333333333333>', '111111111111111111')).toBe(
      'how much do agents make?',
    );
    expect(questionText('<@!111111111111111111>', '111111111111111111')).toBe('');
  });
  it('encodes clarifying choices in ≤ 100 characters and refuses longer ones', () => {
    const id = encodeChoice('123456789012345678', 'salary of a Border Patrol Agent')!;
    expect(id.startsWith(CHOICE_PREFIX)).toBe(true);
    expect(decodeChoice(id)).toEqual({ owner: '123456789012345678', query: 'salary of a Border Patrol Agent' });
    expect(encodeChoice('123456789012345678', 'x'.repeat(90))).toBeNull();
    expect(decodeChoice('run:0:0:ask:e30')).toBeNull();
  });
  it('requests only the intents conversations need, and the Channel partial for DMs', () => {
    expect([...INTENTS].sort()).toEqual(
      [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent].sort(),
    );
    expect([...PARTIALS]).toEqual([Partials.Channel]);
  });
});

describe('conversations against the fake Discord', () => {
  it('a mention gets the same cited embed as /ask, as a reply that pings no one', async () => {
    const question = 'how much does a border patrol agent make?';
    const { payload, reply } = await ask({ guild: discord.guild(GUILD_ID), channel: guildChannel('general'), content: mention(question) });
    expect(reply.message.message_reference?.message_id).toBe(payload.id);
    expect(reply.message.type).toBe(19);
    expectNoPing(reply);
    expectWithinLimits(reply);

    const slash = await discord.interact(payloads.slashCommand({ name: 'ask', guild: discord.guild(GUILD_ID), options: { question } }));
    expect(reply.message.embeds).toEqual(slash.data.embeds);
    expect(embedOf(reply)?.description).toMatch(/\[1\]/);
    expect(embedOf(reply)?.fields?.[0]?.name).toBe('Sources');

    const line = await messageLog(payload.id);
    expect(line).toMatchObject({ messageId: payload.id, guildId: GUILD_ID, channelType: 'text', outcome: 'answered' });
    expect(typeof line.latencyMs).toBe('number');
    // The server settings could not be read: logged, and the defaults (no thread) were used.
    expect(discord.requestsMatching(/^POST .*\/threads$/)).toEqual([]);
  });

  it('a DM is answered without a mention', async () => {
    const asker = payloads.user({ username: 'dm-asker' });
    const { payload, reply } = await ask({ user: asker, content: 'what training do border patrol agents get?' });
    expect(discord.channel(payload.channel_id)?.type).toBe(1);
    expect(embedOf(reply)?.fields?.[0]?.name).toBe('Sources');
    expectNoPing(reply);
    expect(await messageLog(payload.id)).toMatchObject({ guildId: null, channelType: 'dm', outcome: 'answered' });

    // A follow-up in the same DM resolves against the first question.
    const dm = discord.channel(payload.channel_id)!;
    const next = await ask({ user: asker, channel: dm, content: 'how much do they make?' });
    expect(embedOf(next.reply)?.description).toMatch(/Following up/);
    expect(firstItem(embedOf(next.reply))).toMatch(BPA);
    expect(await messageLog(next.payload.id)).toMatchObject({ outcome: 'answered', followUp: true, usedContext: true });
  });

  it('a reply chain carries the role: "how much do they make?", "and what about training?"', async () => {
    const asker = payloads.user({ username: 'chain-asker' });
    const g = discord.guild(GUILD_ID);
    const ch = guildChannel('chain');
    const first = await ask({ guild: g, channel: ch, user: asker, content: mention('what do border patrol agents do?') });

    // A reply to the bot's answer, without a mention and with the reply ping off: still a follow-up.
    const second = await ask({ guild: g, channel: ch, user: asker, content: 'how much do they make?', referencedMessage: discord.message(first.reply.message.id)! });
    const salary = embedOf(second.reply)!;
    expect(salary.title).toBe('How much do they make?');
    expect(salary.description).toMatch(/Following up on this conversation \(Border Patrol Agent\)/);
    expect(firstItem(salary)).toMatch(BPA);
    expect(firstItem(salary)).toMatch(/\$/);
    expectNoPing(second.reply);
    expect(await messageLog(second.payload.id)).toMatchObject({ outcome: 'answered', conversation: 'chain', followUp: true, usedContext: true });

    const third = await ask({ guild: g, channel: ch, user: asker, content: 'and what about training?', referencedMessage: discord.message(second.reply.message.id)! });
    expect(embedOf(third.reply)?.title).toBe('And what about training?');
    expect(embedOf(third.reply)?.description).toMatch(BPA);
    expect(await messageLog(third.payload.id)).toMatchObject({ outcome: 'answered', followUp: true });

    // A fresh mention in the same channel (not a reply) starts a new conversation: nothing carried over.
    const fresh = await ask({ guild: g, channel: ch, user: asker, content: mention('how much do they make?') });
    expect(embedOf(fresh.reply)?.description ?? '').not.toMatch(/Following up/);
    expect(await messageLog(fresh.payload.id)).toMatchObject({ followUp: false });
  });

  it('a reply to an /ask answer continues from the question it answered', async () => {
    const g = discord.guild(GUILD_ID);
    const ch = guildChannel('chain');
    const asker = payloads.user({ username: 'slash-asker' });
    const slash = await discord.interact(payloads.slashCommand({ name: 'ask', guild: g, channel: ch, user: asker, options: { question: 'what do border patrol agents do?' } }));
    const answer = discord.interaction(slash.interactionId)!.original!;
    expect(answer.author.id).toBe(botId());
    const next = await ask({ guild: g, channel: ch, user: asker, content: 'how much do they make?', referencedMessage: answer });
    expect(embedOf(next.reply)?.description).toMatch(/Following up on this conversation \(Border Patrol Agent\)/);
    expect(firstItem(embedOf(next.reply))).toMatch(BPA);
  });

  it('"what about border patrol agents?" keeps the topic for another role; a question the role narrows to nothing is answered for everyone', async () => {
    const asker = payloads.user({ username: 'switcher' });
    const first = await ask({ user: asker, content: 'how much does a cbp officer make?' });
    const dm = discord.channel(first.payload.channel_id)!;
    const other = await ask({ user: asker, channel: dm, content: 'what about border patrol agents?' });
    expect(firstItem(embedOf(other.reply))).toMatch(/Border\W+Patrol\W+Agent\W+—\W+Average\W+Salary/);
    const degree = await ask({ user: asker, channel: dm, content: 'do they need a degree?' });
    expect(degree.reply.message.embeds[0]?.fields?.[0]?.name).toBe('Sources');
    expect(await messageLog(degree.payload.id)).toMatchObject({ outcome: 'answered', followUp: true });
  });

  it('"what about the advanced level?" follows a level question', async () => {
    const g = discord.guild(GUILD_ID);
    const ch = guildChannel('chain');
    const asker = payloads.user({ username: 'level-asker' });
    const first = await ask({ guild: g, channel: ch, user: asker, content: mention("what's expected at the emerging level?") });
    const next = await ask({ guild: g, channel: ch, user: asker, content: mention('what about the advanced level?'), referencedMessage: discord.message(first.reply.message.id)! });
    expect(embedOf(next.reply)?.fields?.[0]?.value).toMatch(/Advanced/);
  });

  it('continues in a thread when the server asks for it; follow-ups there need no mention', async () => {
    const g = discord.guild(THREAD_GUILD_ID);
    const busy = discord.channel(THREAD_CHANNEL_ID)!;
    const asker = payloads.user({ username: 'thread-asker' });
    const first = await ask({ guild: g, channel: busy, user: asker, content: mention('what do border patrol agents do?') });
    expect(first.reply.message.channel_id).toBe(THREAD_CHANNEL_ID);
    const created = await discord.waitForRequest(`POST /channels/${THREAD_CHANNEL_ID}/messages/${first.reply.message.id}/threads`);
    expect(created.status).toBe(201);
    const thread = discord.channel(first.reply.message.id)!;
    expect(thread.type).toBe(11);
    const line = await messageLog(first.payload.id);
    expect(line).toMatchObject({ outcome: 'answered', thread: thread.id });

    // In its own thread the bot answers without a mention, and remembers the role.
    const followUp = await ask({ guild: g, channel: thread, user: asker, content: 'how much do they make?' });
    expect(followUp.reply.message.channel_id).toBe(thread.id);
    expect(firstItem(embedOf(followUp.reply))).toMatch(BPA);
    expectNoPing(followUp.reply);
    expect(await messageLog(followUp.payload.id)).toMatchObject({ channelType: 'thread', conversation: 'thread', followUp: true, usedContext: true });
  });

  it("in someone else's thread, it needs a mention, and follow-ups there carry over", async () => {
    const g = discord.guild(GUILD_ID);
    const thread = discord.channel(USER_THREAD_ID)!;
    const asker = payloads.user({ username: 'user-thread-asker' });
    const chatter = post({ guild: g, channel: thread, user: asker, content: 'how much do border patrol agents make?' });
    // Messages are handled in order: once the mention is answered, the chatter was seen and left alone.
    await ask({ guild: g, channel: thread, user: asker, content: mention('what do border patrol agents do?') });
    expect(repliesTo(chatter.id)).toEqual([]);
    expect(logs().some((l) => l.messageId === chatter.id)).toBe(false); // plain chatter: debug level only
    const next = await ask({ guild: g, channel: thread, user: asker, content: mention('how much do they make?') });
    expect(firstItem(embedOf(next.reply))).toMatch(BPA);
  });

  it('an ambiguous question gets clarifying buttons; pressing one answers in place', async () => {
    const g = discord.guild(GUILD_ID);
    const ch = guildChannel('clarify');
    const asker = payloads.user({ username: 'clarify-asker' });
    const other = payloads.user({ username: 'bystander' });
    const { payload, reply } = await ask({ guild: g, channel: ch, user: asker, content: mention('salary?') });
    expect(embedOf(reply)?.description).toMatch(/Which one\?/);
    const choices = buttons(reply.message);
    expect(choices.map((b) => b.label)).toContain('Border Patrol Agent');
    for (const b of choices) expect(b.custom_id?.startsWith(CHOICE_PREFIX)).toBe(true);
    expectNoPing(reply);
    expectWithinLimits(reply);
    expect(await messageLog(payload.id)).toMatchObject({ outcome: 'clarify' });

    const bpa = choices.find((b) => b.label === 'Border Patrol Agent')!;
    // Someone else pressing gets a private answer; the asker's message is left alone.
    const theirs = await discord.interact(payloads.buttonPress({ customId: bpa.custom_id!, guild: g, channel: ch, user: other, message: discord.message(reply.message.id)! }));
    expect(theirs.type).toBe(4);
    expect(theirs.data.flags).toBe(64);
    expect(firstItem((theirs.data.embeds as APIEmbed[])[0])).toMatch(BPA);

    const pressed = await discord.interact(payloads.buttonPress({ customId: bpa.custom_id!, guild: g, channel: ch, user: asker, message: discord.message(reply.message.id)! }));
    expect(pressed.type).toBe(7);
    const answer = (pressed.data.embeds as APIEmbed[])[0]!;
    expect(answer.title).toBe('Salary of a Border Patrol Agent');
    expect(firstItem(answer)).toMatch(BPA);
    expect(answer.fields?.[0]?.name).toBe('Sources');
    expect(buttons(pressed.data as unknown as APIMessage).some((b) => b.custom_id?.startsWith(CHOICE_PREFIX))).toBe(false);
    expect(pressed.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(await waitForLog((l) => l.msg === 'conversation button' && l.interactionId === pressed.interactionId, 'the button')).toMatchObject({ outcome: 'answered' });

    // The choice is remembered: a reply to the (updated) message continues with that role.
    const next = await ask({ guild: g, channel: ch, user: asker, content: 'and what about training?', referencedMessage: discord.message(reply.message.id)! });
    expect(embedOf(next.reply)?.description).toMatch(/Following up on this conversation \(Border Patrol Agent\)/);
  });

  it('"what\'s expected of me?" asks for the level, in a DM too', async () => {
    const asker = payloads.user({ username: 'level-dm' });
    const { payload, reply } = await ask({ user: asker, content: "what's expected of me?" });
    expect(buttons(reply.message).map((b) => b.label)).toEqual(['Emerging', 'Developing', 'Proficient', 'Advanced']);
    const proficient = buttons(reply.message)[2]!;
    const dm = discord.channel(payload.channel_id)!;
    const pressed = await discord.interact(payloads.buttonPress({ customId: proficient.custom_id!, channel: dm, user: asker, message: discord.message(reply.message.id)! }));
    expect(pressed.type).toBe(7);
    expect((pressed.data.embeds as APIEmbed[])[0]?.fields?.[0]?.value).toMatch(/Proficient/);
    // The DM conversation now knows the level and topic.
    const next = await ask({ user: asker, channel: dm, content: 'what about the advanced level?' });
    expect(embedOf(next.reply)?.fields?.[0]?.value).toMatch(/Advanced/);
  });

  it('cooldown: 5 questions per member per 30 s, then one polite notice per burst', async () => {
    const g = discord.guild(GUILD_ID);
    const ch = guildChannel('cooldown');
    const asker = payloads.user({ username: 'eager' });
    const sent = Array.from({ length: 8 }, (_, i) => post({ guild: g, channel: ch, user: asker, content: mention(`what training do border patrol agents get? (${i})`) }));
    const lines = await Promise.all(sent.map((m) => messageLog(m.id)));
    expect(lines.map((l) => l.outcome)).toEqual(['answered', 'answered', 'answered', 'answered', 'answered', 'cooldown', 'cooldown', 'cooldown']);
    const replies = sent.flatMap((m) => repliesTo(m.id));
    expect(replies.filter((r) => r.message.embeds.length > 0)).toHaveLength(5);
    const notices = replies.filter((r) => r.message.embeds.length === 0);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message.content).toMatch(/^You're asking faster than I can keep up\. Please wait about \d+ s/);
    expectNoPing(notices[0]!);

    // Someone else in the same channel is not affected.
    const otherAsker = payloads.user({ username: 'patient' });
    const theirs = await ask({ guild: g, channel: ch, user: otherAsker, content: mention('what training do border patrol agents get?') });
    expect(theirs.reply.message.embeds).toHaveLength(1);
  });

  it('flood protection: 20 questions per channel per 10 s, one notice, then silence', async () => {
    const g = discord.guild(GUILD_ID);
    const ch = guildChannel('flood');
    const sent = Array.from({ length: 24 }, () => post({ guild: g, channel: ch, user: payloads.user(), content: mention('salary of a border patrol agent') }));
    const lines = await Promise.all(sent.map((m) => messageLog(m.id)));
    expect(lines.filter((l) => l.outcome === 'answered')).toHaveLength(20);
    expect(lines.filter((l) => l.outcome === 'cooldown')).toHaveLength(4);
    const notices = sent.flatMap((m) => repliesTo(m.id)).filter((r) => r.message.embeds.length === 0);
    expect(notices.map((n) => n.message.content)).toEqual([MESSAGE_TEXT.flood]);
  });

  it('ignores other bots, @everyone-only and role-only mentions, plain chatter and thanks', async () => {
    const g = discord.guild(GUILD_ID);
    const ch = guildChannel('ignore');
    const otherBot = payloads.user({ username: 'otherbot', bot: true });
    const fromBot = post({ guild: g, channel: ch, author: otherBot, content: mention('how much does a border patrol agent make?') });
    const everyone = post({ guild: g, channel: ch, content: '@everyone how much does a border patrol agent make?' });
    const here = post({ guild: g, channel: ch, content: '@here salary?' });
    const role = post({ guild: g, channel: ch, content: `<@&${ROLE_ID}> what training do officers get?` });
    const thanks = post({ guild: g, channel: ch, content: mention('thanks!') });
    expect(await messageLog(fromBot.id)).toMatchObject({ outcome: 'ignored', reason: 'bot' });
    expect(await messageLog(everyone.id)).toMatchObject({ outcome: 'ignored', reason: 'everyone-only' });
    expect(await messageLog(here.id)).toMatchObject({ outcome: 'ignored', reason: 'everyone-only' });
    expect(await messageLog(role.id)).toMatchObject({ outcome: 'ignored', reason: 'role-only' });
    expect(await messageLog(thanks.id)).toMatchObject({ outcome: 'ignored', reason: 'courtesy' });
    for (const m of [fromBot, everyone, here, role, thanks]) expect(repliesTo(m.id)).toEqual([]);
    // Its own replies come back over the gateway too: never answered, never logged.
    const ownIds = new Set(discord.sentMessages.map((m) => m.message.id));
    expect(logs().some((l) => l.msg === 'message' && ownIds.has(String(l.messageId)))).toBe(false);
  });

  it('@everyone, @here and user mentions inside a question never ping', async () => {
    const g = discord.guild(GUILD_ID);
    const ch = guildChannel('mentions');
    const { reply } = await ask({ guild: g, channel: ch, content: mention('@everyone @here <@123456789012345678> how much does a border patrol agent make?') });
    expectNoPing(reply);
    const text = JSON.stringify(reply.message.embeds);
    expect(text).not.toMatch(/@everyone|@here|<@\d/);
  });

  it('without Read Message History it answers without the reply link; without Send Messages it stays quiet', async () => {
    const g = discord.guild(GUILD_ID);
    const since = discord.mark();
    const q = post({ guild: g, channel: guildChannel('no-history'), content: mention('how much does a border patrol agent make?') });
    const answer = await discord.waitForChannelMessage(channelId('no-history'), undefined, { since });
    expect(answer.body.message_reference).toBeUndefined();
    expect(answer.message.embeds).toHaveLength(1);
    expectNoPing(answer);
    expect(await messageLog(q.id)).toMatchObject({ outcome: 'answered' });

    const muted = post({ guild: g, channel: guildChannel('no-send'), content: mention('how much does a border patrol agent make?') });
    expect(await messageLog(muted.id)).toMatchObject({ outcome: 'ignored', reason: 'no-permission' });
    expect(discord.sentMessages.filter((m) => m.message.channel_id === channelId('no-send'))).toEqual([]);
  });

  it('an empty mention gets a short hint', async () => {
    const { payload, reply } = await ask({ guild: discord.guild(GUILD_ID), channel: guildChannel('misc'), content: `<@${botId()}>` });
    expect(reply.message.content).toMatch(/^Hi! Ask me a question/);
    expect(reply.message.embeds).toEqual([]);
    expectNoPing(reply);
    expect(await messageLog(payload.id)).toMatchObject({ outcome: 'declined', reason: 'hint' });
  });

  it('keeps answering after errors: a rejected reply is logged with a ref and the next question is answered', async () => {
    const g = discord.guild(GUILD_ID);
    const ch = guildChannel('errors');
    const route = `POST /channels/${channelId('errors')}/messages`;
    // The answer is rejected; the error notice goes out instead.
    discord.failNext(route, { status: 403, code: 50013, message: 'Missing Permissions' });
    const { payload, reply } = await ask({ guild: g, channel: ch, content: mention('how much does a border patrol agent make?') });
    expect(reply.message.content).toMatch(/Something went wrong \(ref [0-9A-F]{4}\)/);
    expect(await messageLog(payload.id)).toMatchObject({ outcome: 'error' });

    // Both the answer and the error notice are rejected: nothing is sent, nothing crashes.
    discord.failNext(route, { status: 403, code: 50013, message: 'Missing Permissions', times: 2 });
    const lost = post({ guild: g, channel: ch, content: mention('what training do officers get?') });
    expect(await messageLog(lost.id)).toMatchObject({ outcome: 'error' });

    const after = await ask({ guild: g, channel: ch, content: mention('what training do officers get?') });
    expect(after.reply.message.embeds).toHaveLength(1);
    expect(clientErrors).toEqual([]);
  });

  it('a conversation ends after 15 minutes of silence', async () => {
    const asker = payloads.user({ username: 'slow-dm' });
    const first = await ask({ user: asker, content: 'what do border patrol agents do?' });
    const dm = discord.channel(first.payload.channel_id)!;
    clockSkewMs += 16 * 60 * 1000;
    try {
      const later = await ask({ user: asker, channel: dm, content: 'how much do they make?' });
      expect(embedOf(later.reply)?.description ?? '').not.toMatch(/Following up/);
      expect(await messageLog(later.payload.id)).toMatchObject({ followUp: false });
    } finally {
      clockSkewMs = 0;
    }
  });

  it('conversation memory stays bounded', () => {
    expect(bot.conversations.memory.size()).toBeLessThanOrEqual(200);
    expect(bot.conversations.memory.size()).toBeGreaterThan(0);
  });

  it('nothing sent was rejected by the fake Discord, apart from the injected faults', () => {
    expect(discord.unexpectedRequests).toEqual([]);
    expect(discord.requests.filter((r) => r.status >= 400 && !r.injected).map((r) => `${r.method} ${r.path} ${JSON.stringify(r.response)}`)).toEqual([]);
    expect(discord.warnings).toEqual([]);
    expect(clientErrors).toEqual([]);
  });
});

// DISCORD_MESSAGE_CONTENT=false through createBot (IDENTIFY without the intent, what still works): bot-wiring.test.ts.
describe('without the privileged MessageContent intent', () => {
  it('requesting it when the Developer Portal has not enabled it: Discord refuses the connection (4014)', async () => {
    const fake = await startFakeDiscord({ token: TOKEN, privilegedIntents: 0, guilds: [{ id: '1400000000000000011' }] });
    try {
      await expect(
        createBot({ config: loadConfig({ DISCORD_TOKEN: TOKEN, LOG_LEVEL: 'silent', DATABASE_PATH: ':memory:' }), kb, apiBase: fake.apiBase, logger: pino({ level: 'silent' }), clientOptions: fake.clientOptions() }),
      ).rejects.toThrow(/intent/i);
    } finally {
      await fake.close();
    }
  });
});
