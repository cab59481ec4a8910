/**
 * Conversations end to end: MESSAGE_CREATE over the fake gateway → the REAL discord.js client
 * built by createBot → the reply over REST. Mentions, DMs, reply chains, threads, follow-ups and
 * clarifying buttons. Rate limits, what is ignored and failures: messages-guards.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { GatewayIntentBits, Partials, type APIEmbed, type APIMessage } from 'discord.js';
import { INTENTS, PARTIALS } from '../../src/discord/client.js';
import { CHOICE_PREFIX, decodeChoice, encodeChoice, questionText } from '../../src/discord/messages.js';
import * as payloads from '../support/payloads.js';
import {
  ask,
  botId,
  BPA,
  buttons,
  clientErrors,
  discord,
  embedOf,
  expectNoPing,
  expectWithinLimits,
  firstItem,
  GUILD_ID,
  guildChannel,
  logs,
  mention,
  messageLog,
  post,
  repliesTo,
  THREAD_CHANNEL_ID,
  THREAD_GUILD_ID,
  useConversationHarness,
  USER_THREAD_ID,
  waitForLog,
} from './conversation-harness.js';

useConversationHarness();

describe('conversations: reading a message', () => {
  it('strips the bot mention, other mentions and @everyone from the question', () => {
    expect(
      questionText(
        '<@111111111111111111> how much do <@!222222222222222222> agents make? @everyone <#333333333333333333>',
        '111111111111111111',
      ),
    ).toBe('how much do agents make?');
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
      [
        GatewayIntentBits.Guilds,
        GatewayIntentBits.GuildMessages,
        GatewayIntentBits.DirectMessages,
        GatewayIntentBits.MessageContent,
      ].sort(),
    );
    expect([...PARTIALS]).toEqual([Partials.Channel]);
  });
});

describe('conversations against the fake Discord', () => {
  it('a mention gets the same cited embed as /ask, as a reply that pings no one', async () => {
    const question = 'how much does a border patrol agent make?';
    const { payload, reply } = await ask({
      guild: discord.guild(GUILD_ID),
      channel: guildChannel('general'),
      content: mention(question),
    });
    expect(reply.message.message_reference?.message_id).toBe(payload.id);
    expect(reply.message.type).toBe(19);
    expectNoPing(reply);
    expectWithinLimits(reply);

    const slash = await discord.interact(
      payloads.slashCommand({ name: 'ask', guild: discord.guild(GUILD_ID), options: { question } }),
    );
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
    const first = await ask({
      guild: g,
      channel: ch,
      user: asker,
      content: mention('what do border patrol agents do?'),
    });

    // A reply to the bot's answer, without a mention and with the reply ping off: still a follow-up.
    const second = await ask({
      guild: g,
      channel: ch,
      user: asker,
      content: 'how much do they make?',
      referencedMessage: discord.message(first.reply.message.id)!,
    });
    const salary = embedOf(second.reply)!;
    expect(salary.title).toBe('How much do they make?');
    expect(salary.description).toMatch(/Following up on this conversation \(Border Patrol Agent\)/);
    expect(firstItem(salary)).toMatch(BPA);
    expect(firstItem(salary)).toMatch(/\$/);
    expectNoPing(second.reply);
    expect(await messageLog(second.payload.id)).toMatchObject({
      outcome: 'answered',
      conversation: 'chain',
      followUp: true,
      usedContext: true,
    });

    const third = await ask({
      guild: g,
      channel: ch,
      user: asker,
      content: 'and what about training?',
      referencedMessage: discord.message(second.reply.message.id)!,
    });
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
    const slash = await discord.interact(
      payloads.slashCommand({
        name: 'ask',
        guild: g,
        channel: ch,
        user: asker,
        options: { question: 'what do border patrol agents do?' },
      }),
    );
    const answer = discord.interaction(slash.interactionId)!.original!;
    expect(answer.author.id).toBe(botId());
    const next = await ask({
      guild: g,
      channel: ch,
      user: asker,
      content: 'how much do they make?',
      referencedMessage: answer,
    });
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
    const first = await ask({
      guild: g,
      channel: ch,
      user: asker,
      content: mention("what's expected at the emerging level?"),
    });
    const next = await ask({
      guild: g,
      channel: ch,
      user: asker,
      content: mention('what about the advanced level?'),
      referencedMessage: discord.message(first.reply.message.id)!,
    });
    expect(embedOf(next.reply)?.fields?.[0]?.value).toMatch(/Advanced/);
  });

  it('continues in a thread when the server asks for it; follow-ups there need no mention', async () => {
    const g = discord.guild(THREAD_GUILD_ID);
    const busy = discord.channel(THREAD_CHANNEL_ID)!;
    const asker = payloads.user({ username: 'thread-asker' });
    const first = await ask({
      guild: g,
      channel: busy,
      user: asker,
      content: mention('what do border patrol agents do?'),
    });
    expect(first.reply.message.channel_id).toBe(THREAD_CHANNEL_ID);
    const created = await discord.waitForRequest(
      `POST /channels/${THREAD_CHANNEL_ID}/messages/${first.reply.message.id}/threads`,
    );
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
    expect(await messageLog(followUp.payload.id)).toMatchObject({
      channelType: 'thread',
      conversation: 'thread',
      followUp: true,
      usedContext: true,
    });
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
    const theirs = await discord.interact(
      payloads.buttonPress({
        customId: bpa.custom_id!,
        guild: g,
        channel: ch,
        user: other,
        message: discord.message(reply.message.id)!,
      }),
    );
    expect(theirs.type).toBe(4);
    expect(theirs.data.flags).toBe(64);
    expect(firstItem((theirs.data.embeds as APIEmbed[])[0])).toMatch(BPA);

    const pressed = await discord.interact(
      payloads.buttonPress({
        customId: bpa.custom_id!,
        guild: g,
        channel: ch,
        user: asker,
        message: discord.message(reply.message.id)!,
      }),
    );
    expect(pressed.type).toBe(7);
    const answer = (pressed.data.embeds as APIEmbed[])[0]!;
    expect(answer.title).toBe('Salary of a Border Patrol Agent');
    expect(firstItem(answer)).toMatch(BPA);
    expect(answer.fields?.[0]?.name).toBe('Sources');
    expect(buttons(pressed.data as unknown as APIMessage).some((b) => b.custom_id?.startsWith(CHOICE_PREFIX))).toBe(
      false,
    );
    expect(pressed.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(
      await waitForLog(
        (l) => l.msg === 'conversation button' && l.interactionId === pressed.interactionId,
        'the button',
      ),
    ).toMatchObject({ outcome: 'answered' });

    // The choice is remembered: a reply to the (updated) message continues with that role.
    const next = await ask({
      guild: g,
      channel: ch,
      user: asker,
      content: 'and what about training?',
      referencedMessage: discord.message(reply.message.id)!,
    });
    expect(embedOf(next.reply)?.description).toMatch(/Following up on this conversation \(Border Patrol Agent\)/);
  });

  it('"what\'s expected of me?" asks for the level, in a DM too', async () => {
    const asker = payloads.user({ username: 'level-dm' });
    const { payload, reply } = await ask({ user: asker, content: "what's expected of me?" });
    expect(buttons(reply.message).map((b) => b.label)).toEqual(['Emerging', 'Developing', 'Proficient', 'Advanced']);
    const proficient = buttons(reply.message)[2]!;
    const dm = discord.channel(payload.channel_id)!;
    const pressed = await discord.interact(
      payloads.buttonPress({
        customId: proficient.custom_id!,
        channel: dm,
        user: asker,
        message: discord.message(reply.message.id)!,
      }),
    );
    expect(pressed.type).toBe(7);
    expect((pressed.data.embeds as APIEmbed[])[0]?.fields?.[0]?.value).toMatch(/Proficient/);
    // The DM conversation now knows the level and topic.
    const next = await ask({ user: asker, channel: dm, content: 'what about the advanced level?' });
    expect(embedOf(next.reply)?.fields?.[0]?.value).toMatch(/Advanced/);
  });

  it('nothing sent was rejected by the fake Discord', () => {
    expect(discord.unexpectedRequests).toEqual([]);
    expect(
      discord.requests.filter((r) => r.status >= 400).map((r) => `${r.method} ${r.path} ${JSON.stringify(r.response)}`),
    ).toEqual([]);
    expect(discord.warnings).toEqual([]);
    expect(clientErrors).toEqual([]);
  });
});
