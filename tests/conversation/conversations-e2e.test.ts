/**
 * Conversations end to end with the whole bot as production wires it — the command registry and
 * a real SQLite store in a temp directory — through the REAL discord.js client and the fake
 * Discord: answers identical to /ask (server FAQ, answer log, Helpful / Not helpful), greetings,
 * new questions not merged into old context, edits, threads without permission, clarifying
 * choices after a restart, the bot's own role, markdown and odd Unicode, long messages, and a
 * channel where the bot may not embed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { APIEmbed, APIMessage } from 'discord.js';
import pino from 'pino';
import { actions, commands } from '../../commands/index.js';
import { loadConfig } from '../../src/config.js';
import { createConversationMemory } from '../../src/conversation/memory.js';
import { createBot, type Bot } from '../../src/discord/bot.js';
import { decodeAction } from '../../src/discord/render.js';
import { LIMITS } from '../../src/discord/limits.js';
import { MAX_QUESTION, MESSAGE_TEXT } from '../../src/discord/messages.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../../src/knowledge.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startFakeDiscord, type FakeDiscord, type SentMessage } from '../support/fake-discord.js';
import * as payloads from '../support/payloads.js';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.abcdefghijklmnopqrstuvwxyz0123';
const GUILD = '1500000000000000001';
const THREADS_GUILD = '1500000000000000002';
const OTHER_ROLE = '1500000000000000003';
const CHANNELS = ['general', 'faq', 'followups', 'edits', 'choices', 'text', 'roles', 'long'] as const;
type ChannelName = (typeof CHANNELS)[number];
const channelId = (name: ChannelName) => `15000000000000001${String(CHANNELS.indexOf(name)).padStart(2, '0')}`;
const NO_EMBED_CHANNEL = '1500000000000000201';
const NO_THREADS_CHANNEL = '1500000000000000301';
const THREADS_CHANNEL = '1500000000000000302';

let kb: KnowledgeBase;
let discord: FakeDiscord;
let store: Store;
let dir: string;
let bot: Bot;
let logLines: string[] = [];
const clientErrors: Error[] = [];
const logger = pino({ level: 'info' }, { write: (s: string) => void logLines.push(s) });

const startBot = async () => {
  const b = await createBot({
    config: loadConfig({ DISCORD_TOKEN: TOKEN, LOG_LEVEL: 'info', DATABASE_PATH: path.join(dir, 'db') }),
    kb,
    apiBase: discord.apiBase,
    logger,
    commands,
    actions,
    store,
    clientOptions: discord.clientOptions(),
    // Conversations get the registry and the store from createBot, as in production.
    conversations: { memory: createConversationMemory({ max: 100 }) },
  });
  b.client.on('error', (e) => clientErrors.push(e));
  return b;
};

beforeAll(async () => {
  kb = loadKnowledgeBase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoint-conv-'));
  store = openStore({ path: path.join(dir, 'checkpoint.db') });
  discord = await startFakeDiscord({
    token: TOKEN,
    guilds: [
      {
        id: GUILD,
        name: 'Port of entry',
        roles: [{ id: OTHER_ROLE, name: 'recruits' }],
        channels: [
          ...CHANNELS.map((name) => ({ id: channelId(name), name })),
          {
            id: NO_EMBED_CHANNEL,
            name: 'no-embeds',
            permissionOverwrites: [
              { id: payloads.DEFAULT_BOT_USER.id, type: 1 as const, deny: payloads.Permission.EmbedLinks },
            ],
          },
        ],
      },
      {
        id: THREADS_GUILD,
        name: 'Busy server',
        channels: [
          { id: THREADS_CHANNEL, name: 'busy' },
          {
            id: NO_THREADS_CHANNEL,
            name: 'no-threads',
            permissionOverwrites: [
              { id: payloads.DEFAULT_BOT_USER.id, type: 1 as const, deny: payloads.Permission.CreatePublicThreads },
            ],
          },
        ],
      },
    ],
  });
  store.settings.update(THREADS_GUILD, { continueInThreads: true });
  store.faq.add(
    GUILD,
    {
      question: 'When is the recruiting open house?',
      answer: 'Our recruiting open house is every first Saturday at the port office.',
    },
    { id: '1500000000000000900', name: 'Recruiter Rae' },
  );
  bot = await startBot();
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await discord?.close();
  store?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  logLines = [];
});

const logs = () => logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
const waitForLog = async (probe: (l: Record<string, unknown>) => boolean, what: string) => {
  for (let i = 0; i < 300; i++) {
    const line = logs().find(probe);
    if (line) return line;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no log line for ${what}`);
};
const messageLog = (id: string) => waitForLog((l) => l.msg === 'message' && l.messageId === id, `message ${id}`);

const botId = () => discord.botUser.id;
const mention = (text: string) => `<@${botId()}> ${text}`;
const inGuild = (name: ChannelName | string, guildId = GUILD) => ({
  guild: discord.guild(guildId),
  channel: discord.channel(/^\d+$/.test(name) ? name : channelId(name as ChannelName))!,
});

const ask = async (init: payloads.MessageInit): Promise<{ payload: payloads.MessagePayload; reply: SentMessage }> => {
  const since = discord.mark();
  const payload = payloads.message(init);
  discord.dispatch('MESSAGE_CREATE', payload);
  const reply = await discord.waitForChannelMessage(
    payload.channel_id,
    (m) => m.message.message_reference?.message_id === payload.id,
    { since },
  );
  await messageLog(payload.id);
  return { payload, reply };
};
const embedOf = (m: SentMessage | { embeds?: APIEmbed[] }) => ('message' in m ? m.message.embeds : m.embeds)?.[0];
const buttons = (m: Pick<APIMessage, 'components'>) =>
  ((m.components ?? []) as { components: { custom_id?: string; label?: string }[] }[]).flatMap((r) => r.components);
const firstItem = (e: APIEmbed | undefined) =>
  (e?.description ?? '').split('\n\n').find((part) => /\[\d+\]$/.test(part)) ?? '';
const expectNoPing = (m: SentMessage) => {
  expect(m.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  expect(m.message.mentions).toEqual([]);
  expect(m.message.mention_everyone).toBe(false);
};
const BPA = /Border\W+Patrol\W+Agent/;

describe('the same answer as /ask', () => {
  it("a mention searches the server's FAQ, is logged for /faq gaps and carries Helpful / Not helpful, like /ask", async () => {
    const member = payloads.user({ username: 'faq-asker' });
    const question = 'when is the recruiting open house?';
    const { payload, reply } = await ask({ ...inGuild('faq'), user: member, content: mention(question) });
    const slash = await discord.interact(
      payloads.slashCommand({ name: 'ask', ...inGuild('faq'), user: member, options: { question } }),
    );
    const [mine, theirs] = [embedOf(reply)!, (slash.data.embeds as APIEmbed[])[0]!];
    expect(mine.description).toMatch(/first Saturday/);
    expect(mine.description).toMatch(/server's own FAQ/);
    expect(mine.fields?.[0]?.value).toMatch(/Recruiter Rae/);
    expect({ ...mine, description: mine.description }).toEqual(theirs);
    expectNoPing(reply);

    const votes = buttons(reply.message).filter((b) => decodeAction(b.custom_id ?? '')?.action === 'vote');
    expect(votes.map((b) => b.label)).toEqual(['Helpful', 'Not helpful']);
    const answerId = decodeAction(votes[0]!.custom_id!)!.args[0]!;
    expect(store.answers.get(answerId)).toMatchObject({
      query: question,
      answered: true,
      guildId: GUILD,
      userId: member.id,
    });
    // Pressing Helpful on a mention answer is routed like any /ask answer.
    const pressed = await discord.interact(
      payloads.buttonPress({
        customId: votes[0]!.custom_id!,
        ...inGuild('faq'),
        user: member,
        message: discord.message(reply.message.id)!,
      }),
    );
    expect(pressed.data.content ?? JSON.stringify(pressed.data.embeds)).toMatch(/Thanks for the feedback/);
    expect(store.answers.tally(answerId)).toMatchObject({ helpful: 1 });
    expect(await messageLog(payload.id)).toMatchObject({ outcome: 'answered' });
  });

  it('a question the documents do not answer is declined plainly and shows up in /faq gaps', async () => {
    const { reply } = await ask({ ...inGuild('faq'), content: mention('what is the retirement age for agents?') });
    expect(embedOf(reply)?.description).toMatch(/My sources don't cover that/);
    expect(store.answers.gaps(GUILD).map((g) => g.example)).toContain('what is the retirement age for agents?');
  });
});

describe('what a message asks for', () => {
  it('"hi", "hello there" and "help" get a friendly hint, not a decline; "thanks" gets nothing', async () => {
    for (const text of ['hi', 'Hello there!', 'help', 'hey checkpoint']) {
      const { payload, reply } = await ask({ ...inGuild('general'), content: mention(text) });
      expect(reply.message.content).toMatch(/^Hi! Ask me a question/);
      expect(reply.message.content).toMatch(/\/help/);
      expect(reply.message.embeds).toEqual([]);
      expectNoPing(reply);
      expect(await messageLog(payload.id)).toMatchObject({ outcome: 'declined', reason: 'hint' });
    }
    const thanks = payloads.message({ ...inGuild('general'), content: mention('thanks so much!') });
    discord.dispatch('MESSAGE_CREATE', thanks);
    expect(await messageLog(thanks.id)).toMatchObject({ outcome: 'ignored', reason: 'courtesy' });
  });

  it('a greeting before a question answers the question (and leaves the greeting out of the title)', async () => {
    const { reply } = await ask({
      ...inGuild('general'),
      content: mention('hi, how much does a border patrol agent make?'),
    });
    expect(embedOf(reply)?.title).toBe('How much does a border patrol agent make?');
    expect(firstItem(embedOf(reply))).toMatch(/Border\W+Patrol\W+Agent\W+—\W+Average\W+Salary/);
  });

  it("<@!id>, the bot's own managed role, and a bare mention under a member's question all address the bot; another role does not", async () => {
    const nick = await ask({
      ...inGuild('roles'),
      content: `<@!${botId()}> what training do border patrol agents get?`,
    });
    expect(embedOf(nick.reply)?.fields?.[0]?.name).toBe('Sources');
    const botRole = discord.guild(GUILD).roles.find((r) => r.tags?.bot_id === botId())!;
    const byRole = await ask({ ...inGuild('roles'), content: `<@&${botRole.id}> how much does a cbp officer make?` });
    expect(firstItem(embedOf(byRole.reply))).toMatch(/CBP\W+Officer/);
    const other = payloads.message({
      ...inGuild('roles'),
      content: `<@&${OTHER_ROLE}> how much does a cbp officer make?`,
    });
    discord.dispatch('MESSAGE_CREATE', other);
    expect(await messageLog(other.id)).toMatchObject({ outcome: 'ignored', reason: 'role-only' });

    // A member asks the channel; someone replies with just the mention: the bot answers that question.
    const original = payloads.message({
      ...inGuild('roles'),
      content: 'does anyone know how much border patrol agents make?',
    });
    discord.dispatch('MESSAGE_CREATE', original);
    const helper = await ask({
      ...inGuild('roles'),
      content: `<@${botId()}>`,
      referencedMessage: discord.message(original.id)!,
    });
    expect(firstItem(embedOf(helper.reply))).toMatch(BPA);
    expect(await messageLog(helper.payload.id)).toMatchObject({ outcome: 'answered', question: 'referenced' });
  });

  it('markdown, code blocks, zero-width characters, fullwidth letters and zalgo are read as the words they hide', async () => {
    const salaryRow = /Border\W+Patrol\W+Agent\W+—\W+Average\W+Salary/;
    const cases = [
      ['**salary** of a `border patrol agent`', 'Salary of a border patrol agent'],
      ['```\nhow much does a border patrol agent make\n```', 'How much does a border patrol agent make'],
      ['s\u200ba\u200blary of a border patrol agent', 'Salary of a border patrol agent'],
      ['ｓａｌａｒｙ of a border patrol agent', 'Salary of a border patrol agent'],
      ['s̴̡̛a̷̢l̸̨a̵r̶y̷ of a border patrol agent', 'Salary of a border patrol agent'],
      ['> ||salary|| of a __border patrol agent__', 'Salary of a border patrol agent'],
    ] as const;
    for (const [text, title] of cases) {
      const { reply } = await ask({ ...inGuild('text'), user: payloads.user(), content: mention(text) });
      expect(embedOf(reply)?.title, text).toMatch(new RegExp(`^${title.replace(/[a-z]/g, '$&')}`));
      if (!text.includes('̴')) expect(firstItem(embedOf(reply)), text).toMatch(salaryRow);
      expectNoPing(reply);
    }
  });

  it('a very long message is read up to 500 characters, says so, and stays within Discord limits', async () => {
    const long = `how much does a border patrol agent make? ${'I have been thinking about this career for a long time and I would like to know more. '.repeat(40)}`;
    expect(long.length).toBeGreaterThan(2000);
    const { payload, reply } = await ask({ ...inGuild('long'), content: mention(long) });
    const e = embedOf(reply)!;
    expect(e.title!.length).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect(e.description).toContain(MESSAGE_TEXT.truncated);
    expect(MESSAGE_TEXT.truncated).toContain(String(MAX_QUESTION));
    expectNoPing(reply);
    expect(await messageLog(payload.id)).toMatchObject({ outcome: expect.stringMatching(/answered|declined/) });
  });
});

describe('follow-ups read the context only when the question leans on it', () => {
  it('a new, self-contained question in a reply chain is not merged with the old one', async () => {
    const member = payloads.user({ username: 'switching-topics' });
    const first = await ask({
      ...inGuild('followups'),
      user: member,
      content: mention('what do border patrol agents do?'),
    });
    let last = first.reply;
    for (const [question, expected] of [
      ['how do I apply?', /Application\W+Process/],
      ['what is FLETC?', /Training/],
      ['what are the challenges of the job?', /./],
    ] as const) {
      const next = await ask({
        ...inGuild('followups'),
        user: member,
        content: question,
        referencedMessage: discord.message(last.message.id)!,
      });
      const e = embedOf(next.reply)!;
      expect(e.description ?? '', question).not.toMatch(/Following up/);
      expect(firstItem(e), question).toMatch(expected);
      expect(firstItem(e), question).not.toMatch(/^Border\W+Patrol\W+Agents?:/);
      expect(await messageLog(next.payload.id)).not.toHaveProperty('usedContext');
      last = next.reply;
    }
  });

  it('a bare topic ("salary?") after a role question means that role; a typed role answers a clarifying question', async () => {
    const member = payloads.user({ username: 'typed-answers' });
    const first = await ask({
      ...inGuild('followups'),
      user: member,
      content: mention('what do border patrol agents do?'),
    });
    const salary = await ask({
      ...inGuild('followups'),
      user: member,
      content: 'salary?',
      referencedMessage: discord.message(first.reply.message.id)!,
    });
    expect(buttons(salary.reply.message).some((b) => b.custom_id?.startsWith('conv:'))).toBe(false);
    expect(firstItem(embedOf(salary.reply))).toMatch(/Border\W+Patrol\W+Agent\W+—\W+Average\W+Salary/);

    const vague = await ask({ ...inGuild('followups'), user: member, content: mention('salary?') });
    expect(embedOf(vague.reply)?.description).toMatch(/Which one\?/);
    const typed = await ask({
      ...inGuild('followups'),
      user: member,
      content: 'cbp officer',
      referencedMessage: discord.message(vague.reply.message.id)!,
    });
    expect(firstItem(embedOf(typed.reply))).toMatch(/CBP\W+Officer\W+—\W+Average\W+Salary/);
  });

  it('"advanced" after a role question is the framework level, not the role', async () => {
    const first = await ask({ ...inGuild('followups'), content: mention('what do border patrol agents do?') });
    const next = await ask({
      ...inGuild('followups'),
      content: 'what about the advanced level?',
      referencedMessage: discord.message(first.reply.message.id)!,
    });
    expect(embedOf(next.reply)?.fields?.[0]?.value).toMatch(/Advanced/);
  });
});

describe('edited messages', () => {
  const edit = (original: payloads.MessagePayload, content: string) => {
    const updated = {
      ...original,
      content,
      edited_timestamp: new Date().toISOString(),
      mentions: payloads.message({ ...inGuild('edits'), content }).mentions,
    };
    discord.dispatch('MESSAGE_UPDATE', updated);
    return updated;
  };
  const editLog = (id: string) =>
    waitForLog((l) => l.msg === 'message' && l.messageId === id && l.edited === true, `edit of ${id}`);

  it('editing a question updates the answer in place; an unchanged text (link previews) changes nothing', async () => {
    const { payload, reply } = await ask({
      ...inGuild('edits'),
      content: mention('how much does a cbp officer make?'),
    });
    expect(firstItem(embedOf(reply))).toMatch(/CBP\W+Officer/);
    const since = discord.mark();
    edit(payload, mention('how much does a border patrol agent make?'));
    const updated = await discord.waitFor(
      () => discord.sentMessages.find((m) => m.n > since && m.kind === 'edit' && m.target === reply.message.id),
      { description: 'the edited answer' },
    );
    expect(firstItem(embedOf(updated))).toMatch(/Border\W+Patrol\W+Agent\W+—\W+Average\W+Salary/);
    expect(updated.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(await editLog(payload.id)).toMatchObject({ outcome: 'answered' });
    expect(discord.sentMessages.filter((m) => m.n > since && m.kind === 'channel')).toEqual([]);

    // Discord sends MESSAGE_UPDATE when it adds link previews: same text, no new work.
    const before = logs().length;
    discord.dispatch('MESSAGE_UPDATE', {
      ...payload,
      content: mention('how much does a border patrol agent make?'),
      embeds: [],
    });
    const probe = payloads.message({ ...inGuild('edits'), content: mention('what training do officers get?') });
    discord.dispatch('MESSAGE_CREATE', probe);
    await messageLog(probe.id);
    expect(
      logs()
        .slice(before)
        .filter((l) => l.edited)
        .map((l) => JSON.stringify(l)),
      logLines.join(''),
    ).toEqual([]);
  });

  it('a hint becomes an answer when the bare mention is edited into a question; adding a mention by edit gets an answer', async () => {
    const { payload, reply } = await ask({ ...inGuild('edits'), content: `<@${botId()}>` });
    expect(reply.message.content).toMatch(/^Hi!/);
    const since = discord.mark();
    edit(payload, mention('what training do border patrol agents get?'));
    const updated = await discord.waitFor(
      () => discord.sentMessages.find((m) => m.n > since && m.kind === 'edit' && m.target === reply.message.id),
      { description: 'the hint edited' },
    );
    expect(updated.message.content).toBe('');
    expect(embedOf(updated)?.fields?.[0]?.name).toBe('Sources');

    const chatter = payloads.message({ ...inGuild('edits'), content: 'how much does a border patrol agent make?' });
    discord.dispatch('MESSAGE_CREATE', chatter);
    const mark = discord.mark();
    edit(chatter, mention('how much does a border patrol agent make?'));
    const answer = await discord.waitForChannelMessage(
      channelId('edits'),
      (m) => m.message.message_reference?.message_id === chatter.id,
      { since: mark },
    );
    expect(firstItem(embedOf(answer))).toMatch(BPA);
  });

  it('if the answer was deleted meanwhile, the edited question gets a new reply', async () => {
    const { payload, reply } = await ask({
      ...inGuild('edits'),
      content: mention('how much does a cbp officer make?'),
    });
    discord.failNext(`PATCH /channels/${channelId('edits')}/messages/${reply.message.id}`, {
      status: 404,
      code: 10008,
      message: 'Unknown Message',
    });
    const since = discord.mark();
    edit(payload, mention('what training do cbp officers get?'));
    const fresh = await discord.waitForChannelMessage(
      channelId('edits'),
      (m) => m.message.message_reference?.message_id === payload.id,
      { since },
    );
    expect(embedOf(fresh)?.fields?.[0]?.name).toBe('Sources');
    expect(await editLog(payload.id)).toMatchObject({ outcome: 'answered', replaced: true });
  });
});

describe('threads and permissions', () => {
  it('continue-in-threads without Create Public Threads: the answer stays a reply in the channel', async () => {
    const { payload, reply } = await ask({
      ...inGuild(NO_THREADS_CHANNEL, THREADS_GUILD),
      content: mention('what do border patrol agents do?'),
    });
    expect(reply.message.channel_id).toBe(NO_THREADS_CHANNEL);
    expect(await messageLog(payload.id)).toMatchObject({ outcome: 'answered', thread: 'no-permission' });
    expect(
      discord.requestsMatching(new RegExp(`^POST /channels/${NO_THREADS_CHANNEL}/messages/\\d+/threads$`)),
    ).toEqual([]);
  });

  it('if Discord refuses the thread, the answer is already out and the failure is logged', async () => {
    discord.failNext(/^POST \/channels\/\d+\/messages\/\d+\/threads$/, {
      status: 403,
      code: 50013,
      message: 'Missing Permissions',
    });
    const { payload, reply } = await ask({
      ...inGuild(THREADS_CHANNEL, THREADS_GUILD),
      content: mention('what training do border patrol agents get?'),
    });
    expect(embedOf(reply)?.fields?.[0]?.name).toBe('Sources');
    expect(await messageLog(payload.id)).toMatchObject({ outcome: 'answered', thread: 'failed' });
    expect(clientErrors).toEqual([]);
  });

  it('without Embed Links the answer goes out as text, with its sources, pinging no one', async () => {
    const { reply } = await ask({
      ...inGuild(NO_EMBED_CHANNEL),
      content: mention('@everyone how much does a border patrol agent make?'),
    });
    expect(reply.message.embeds).toEqual([]);
    expect(reply.message.content).toMatch(/\*\*Sources\*\*/);
    expect(reply.message.content).toMatch(/\$60,000/);
    expect(reply.message.content.length).toBeLessThanOrEqual(LIMITS.content);
    expectNoPing(reply);
  });
});

describe('clarifying choices survive a restart', () => {
  it('after a restart, the asker and a bystander can still press a choice', async () => {
    const asker = payloads.user({ username: 'restart-asker' });
    const bystander = payloads.user({ username: 'restart-bystander' });
    const { reply } = await ask({ ...inGuild('choices'), user: asker, content: mention('salary?') });
    const cbp = buttons(reply.message).find((b) => b.label === 'CBP Officer')!;
    await bot.stop();
    bot = await startBot();
    expect(bot.conversations.memory.size()).toBe(0);

    const theirs = await discord.interact(
      payloads.buttonPress({
        customId: cbp.custom_id!,
        ...inGuild('choices'),
        user: bystander,
        message: discord.message(reply.message.id)!,
      }),
    );
    expect(theirs.data.flags).toBe(64);
    expect(firstItem((theirs.data.embeds as APIEmbed[])[0])).toMatch(/CBP\W+Officer/);
    const pressed = await discord.interact(
      payloads.buttonPress({
        customId: cbp.custom_id!,
        ...inGuild('choices'),
        user: asker,
        message: discord.message(reply.message.id)!,
      }),
    );
    expect(pressed.type).toBe(7);
    expect(firstItem((pressed.data.embeds as APIEmbed[])[0])).toMatch(/CBP\W+Officer\W+—\W+Average\W+Salary/);
    expect(pressed.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('nothing sent was rejected by the fake Discord, apart from the injected faults', () => {
    expect(discord.unexpectedRequests).toEqual([]);
    expect(
      discord.requests
        .filter((r) => r.status >= 400 && !r.injected)
        .map((r) => `${r.method} ${r.path} ${JSON.stringify(r.response)}`),
    ).toEqual([]);
    expect(clientErrors).toEqual([]);
  });
});
