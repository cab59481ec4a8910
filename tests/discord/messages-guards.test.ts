/**
 * Conversations end to end, the guard rails: per-member cooldown and per-channel flood notices,
 * what the bot ignores (other bots, @everyone/role-only mentions, chatter, thanks), never pinging,
 * missing permissions, failed replies, the 15-minute conversation TTL, bounded memory, and the
 * privileged intent refused by the portal. Through the REAL discord.js client and the fake Discord.
 */
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { createBot } from '../../src/discord/bot.js';
import { MESSAGE_TEXT } from '../../src/discord/messages.js';
import { startFakeDiscord } from '../support/fake-discord.js';
import * as payloads from '../support/payloads.js';
import {
  ask,
  bot,
  botId,
  channelId,
  clientErrors,
  discord,
  embedOf,
  expectNoPing,
  GUILD_ID,
  guildChannel,
  kb,
  logs,
  MEMORY_MAX,
  mention,
  messageLog,
  post,
  repliesTo,
  ROLE_ID,
  skewClock,
  TOKEN,
  useConversationHarness,
} from './conversation-harness.js';

useConversationHarness();

describe('conversations against the fake Discord: limits, what is ignored, failures', () => {
  it('cooldown: 5 questions per member per 30 s, then one polite notice per burst', async () => {
    const g = discord.guild(GUILD_ID);
    const ch = guildChannel('cooldown');
    const asker = payloads.user({ username: 'eager' });
    const sent = Array.from({ length: 8 }, (_, i) =>
      post({
        guild: g,
        channel: ch,
        user: asker,
        content: mention(`what training do border patrol agents get? (${i})`),
      }),
    );
    const lines = await Promise.all(sent.map((m) => messageLog(m.id)));
    expect(lines.map((l) => l.outcome)).toEqual([
      'answered',
      'answered',
      'answered',
      'answered',
      'answered',
      'cooldown',
      'cooldown',
      'cooldown',
    ]);
    const replies = sent.flatMap((m) => repliesTo(m.id));
    expect(replies.filter((r) => r.message.embeds.length > 0)).toHaveLength(5);
    const notices = replies.filter((r) => r.message.embeds.length === 0);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message.content).toMatch(/^You're asking faster than I can keep up\. Please wait about \d+ s/);
    expectNoPing(notices[0]!);

    // Someone else in the same channel is not affected.
    const otherAsker = payloads.user({ username: 'patient' });
    const theirs = await ask({
      guild: g,
      channel: ch,
      user: otherAsker,
      content: mention('what training do border patrol agents get?'),
    });
    expect(theirs.reply.message.embeds).toHaveLength(1);
  });

  it('flood protection: 20 questions per channel per 10 s, one notice, then silence', async () => {
    const g = discord.guild(GUILD_ID);
    const ch = guildChannel('flood');
    const sent = Array.from({ length: 24 }, () =>
      post({ guild: g, channel: ch, user: payloads.user(), content: mention('salary of a border patrol agent') }),
    );
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
    const fromBot = post({
      guild: g,
      channel: ch,
      author: otherBot,
      content: mention('how much does a border patrol agent make?'),
    });
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
    const { reply } = await ask({
      guild: g,
      channel: ch,
      content: mention('@everyone @here <@123456789012345678> how much does a border patrol agent make?'),
    });
    expectNoPing(reply);
    const text = JSON.stringify(reply.message.embeds);
    expect(text).not.toMatch(/@everyone|@here|<@\d/);
  });

  it('without Read Message History it answers without the reply link; without Send Messages it stays quiet', async () => {
    const g = discord.guild(GUILD_ID);
    const since = discord.mark();
    const q = post({
      guild: g,
      channel: guildChannel('no-history'),
      content: mention('how much does a border patrol agent make?'),
    });
    const answer = await discord.waitForChannelMessage(channelId('no-history'), undefined, { since });
    expect(answer.body.message_reference).toBeUndefined();
    expect(answer.message.embeds).toHaveLength(1);
    expectNoPing(answer);
    expect(await messageLog(q.id)).toMatchObject({ outcome: 'answered' });

    const muted = post({
      guild: g,
      channel: guildChannel('no-send'),
      content: mention('how much does a border patrol agent make?'),
    });
    expect(await messageLog(muted.id)).toMatchObject({ outcome: 'ignored', reason: 'no-permission' });
    expect(discord.sentMessages.filter((m) => m.message.channel_id === channelId('no-send'))).toEqual([]);
  });

  it('an empty mention gets a short hint', async () => {
    const { payload, reply } = await ask({
      guild: discord.guild(GUILD_ID),
      channel: guildChannel('misc'),
      content: `<@${botId()}>`,
    });
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
    const { payload, reply } = await ask({
      guild: g,
      channel: ch,
      content: mention('how much does a border patrol agent make?'),
    });
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
    skewClock(16 * 60 * 1000);
    try {
      const later = await ask({ user: asker, channel: dm, content: 'how much do they make?' });
      expect(embedOf(later.reply)?.description ?? '').not.toMatch(/Following up/);
      expect(await messageLog(later.payload.id)).toMatchObject({ followUp: false });
    } finally {
      skewClock(0);
    }
  });

  it('conversation memory stays bounded', () => {
    expect(bot.conversations.memory.size()).toBeLessThanOrEqual(MEMORY_MAX);
    expect(bot.conversations.memory.size()).toBeGreaterThan(0);
  });

  it('nothing sent was rejected by the fake Discord, apart from the injected faults', () => {
    expect(discord.unexpectedRequests).toEqual([]);
    expect(
      discord.requests
        .filter((r) => r.status >= 400 && !r.injected)
        .map((r) => `${r.method} ${r.path} ${JSON.stringify(r.response)}`),
    ).toEqual([]);
    expect(discord.warnings).toEqual([]);
    expect(clientErrors).toEqual([]);
  });
});

// DISCORD_MESSAGE_CONTENT=false through createBot (IDENTIFY without the intent, what still works): bot-wiring.test.ts.
describe('without the privileged MessageContent intent', () => {
  it('requesting it when the Developer Portal has not enabled it: Discord refuses the connection (4014)', async () => {
    const fake = await startFakeDiscord({
      token: TOKEN,
      privilegedIntents: 0,
      guilds: [{ id: '1400000000000000011' }],
    });
    try {
      await expect(
        createBot({
          config: loadConfig({ DISCORD_TOKEN: TOKEN, LOG_LEVEL: 'silent', DATABASE_PATH: ':memory:' }),
          kb,
          apiBase: fake.apiBase,
          logger: pino({ level: 'silent' }),
          clientOptions: fake.clientOptions(),
        }),
      ).rejects.toThrow(/intent/i);
    } finally {
      await fake.close();
    }
  });
});
