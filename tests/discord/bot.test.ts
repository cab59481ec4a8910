/**
 * End to end: the REAL discord.js client built by createBot, against the fake Discord.
 * The real registry plus test commands injected through the registry parameter (paging,
 * a throwing handler, oversized autocomplete).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import pino from 'pino';
import { askQuestion } from '../../src/answers/answer.js';
import { defineCommand, type AnyCommand } from '../../src/command.js';
import { loadConfig } from '../../src/config.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../../src/knowledge.js';
import type { Reply } from '../../src/answers/reply.js';
import { createBot, type Bot } from '../../src/discord/bot.js';
import { LIMITS, embedLength, embedProblems } from '../../src/discord/limits.js';
import { decodeState } from '../../src/discord/render.js';
import { MESSAGES } from '../../src/discord/router.js';
import { commands as registry } from '../../commands/index.js';
import { startFakeDiscord, type FakeDiscord, type InteractionCallback } from '../support/fake-discord.js';
import * as payloads from '../support/payloads.js';
import { serveFiles } from './harness.js';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.abcdefghijklmnopqrstuvwxyz0123';
const GUILD_ID = '1200000000000000001';
const CHANNEL_ID = '1200000000000000002';

const longCommand = (kb: KnowledgeBase): AnyCommand =>
  defineCommand({
    name: 'long',
    description: 'Many passages (paging)',
    options: { private: { type: 'boolean', description: 'Only you see it' } },
    run: (_ctx, { private: priv }): Reply => {
      const passages = kb.corpus.passages.filter((p) => p.text.length > 300).slice(0, 30);
      return {
        outcome: 'answered',
        title: 'Everything',
        items: passages.map((p, i) => ({ text: `${p.text} `.repeat(3).trim(), cite: (i % 3) + 1 })),
        citations: [1, 2, 3].map((n) => ({
          n,
          sourceId: 'x',
          title: `Doc ${n}`,
          section: 'Section',
          publisher: 'P',
          url: 'https://example.org/doc',
          licence: 'CC BY 4.0',
        })),
        attribution: 'O*NET 30.0 Database by USDOL/ETA, CC BY 4.0',
        private: !!priv,
      };
    },
  }) as unknown as AnyCommand;

const boomCommand: AnyCommand = defineCommand({
  name: 'boom',
  description: 'Always fails',
  options: {},
  run: () => {
    throw new Error('kaboom');
  },
}) as unknown as AnyCommand;

const pickCommand: AnyCommand = defineCommand({
  name: 'pick',
  description: 'Autocomplete',
  options: {
    thing: { type: 'string', description: 'A thing', autocomplete: true },
    broken: { type: 'string', description: 'Breaks', autocomplete: true },
  },
  run: () => ({ outcome: 'info', title: 'ok', items: [], citations: [] }),
  autocomplete: (_ctx, option, typed) => {
    if (option === 'broken') throw new Error('autocomplete exploded');
    return Array.from({ length: 60 }, (_, i) => ({
      name: `${typed} choice ${i} ${'word '.repeat(40)}`,
      value: `${i}-${'v'.repeat(150)}`,
    }));
  },
}) as unknown as AnyCommand;

/** A command with a file: the router defers first, so its reply is an edit and its error a follow-up. */
const uploadCommand: AnyCommand = defineCommand({
  name: 'upload',
  description: 'Echoes a file',
  options: { file: { type: 'attachment', description: 'A file', required: true } },
  run: (_ctx, { file }): Reply => {
    if (file.content === 'boom') throw new Error('upload exploded');
    return { outcome: 'info', title: `Got ${file.name}`, intro: file.content, items: [], citations: [] };
  },
}) as unknown as AnyCommand;

let kb: KnowledgeBase;
let discord: FakeDiscord;
let bot: Bot;
let logLines: string[] = [];
const clientErrors: Error[] = [];

const logs = () => logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
/** The per-interaction log line is written after the reply is sent: wait for it. */
const interactionLog = async (interactionId: string): Promise<Record<string, unknown>> => {
  for (let i = 0; i < 100; i++) {
    const line = logs().find((l) => l.msg === 'interaction' && l.interactionId === interactionId);
    if (line) return line;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no log line for interaction ${interactionId}`);
};
const asker = payloads.user({ username: 'asker' });
const other = payloads.user({ username: 'other' });

const dir = mkdtempSync(join(tmpdir(), 'checkpoint-bot-'));
let files: Awaited<ReturnType<typeof serveFiles>>;

beforeAll(async () => {
  kb = loadKnowledgeBase();
  files = await serveFiles({ 'notes.txt': 'hello @everyone <@123456789012345678>', 'boom.txt': 'boom' });
  discord = await startFakeDiscord({
    token: TOKEN,
    guilds: [{ id: GUILD_ID, name: 'Checkpoint HQ', channels: [{ id: CHANNEL_ID, name: 'general' }] }],
  });
  const logger = pino({ level: 'info' }, { write: (s: string) => void logLines.push(s) });
  bot = await createBot({
    config: loadConfig({ DISCORD_TOKEN: TOKEN, LOG_LEVEL: 'info', DATABASE_PATH: join(dir, 'checkpoint.db') }),
    kb,
    apiBase: discord.apiBase,
    logger,
    commands: [...registry, longCommand(kb), boomCommand, pickCommand, uploadCommand],
    clientOptions: discord.clientOptions(),
  });
  bot.client.on('error', (e) => clientErrors.push(e));
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await discord?.close();
  await files?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  logLines = [];
});

const slash = (name: string, options: Record<string, string | boolean | number> = {}, user = asker) =>
  discord.interact(payloads.slashCommand({ name, guild: discord.guild(), user, options }));

const press = (customId: string, user = asker, ephemeral = false) =>
  discord.interact(payloads.buttonPress({ customId, guild: discord.guild(), user, ephemeral }));

const embedsOf = (res: InteractionCallback) => (res.data.embeds ?? []) as APIEmbed[];
const customIds = (res: InteractionCallback): string[] =>
  (
    (res.data.components ?? []) as { components: { custom_id?: string; disabled?: boolean; label?: string }[] }[]
  ).flatMap((r) => r.components.map((c) => c.custom_id ?? ''));
const buttonsOf = (res: InteractionCallback) =>
  (
    (res.data.components ?? []) as { components: { custom_id?: string; disabled?: boolean; label?: string }[] }[]
  ).flatMap((r) => r.components);

const expectWithinLimits = (res: InteractionCallback) => {
  const embeds = embedsOf(res);
  for (const e of embeds) expect(embedProblems({ ...e, fields: e.fields ?? [] } as never)).toEqual([]);
  expect(embeds.reduce((n, e) => n + embedLength(e as never), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
  expect((res.data.content ?? '').length).toBeLessThanOrEqual(LIMITS.content);
  for (const id of customIds(res)) expect(id.length).toBeLessThanOrEqual(LIMITS.customId);
  for (const b of buttonsOf(res)) expect((b.label ?? '').length).toBeLessThanOrEqual(LIMITS.buttonLabel);
  expect(res.data.allowed_mentions).toEqual({ parse: [] });
};

describe('Checkpoint bot against the fake Discord', () => {
  it('logs in and is ready; the token is never logged', () => {
    expect(bot.client.isReady()).toBe(true);
    expect(bot.client.user?.id).toBe(discord.botUser.id);
    expect(logLines.join('\n')).not.toContain(TOKEN);
  });

  it('/ask answers with an embed: cited items, Sources field, attribution footer, no mentions', async () => {
    const question = 'What tasks does a customs officer do?';
    const res = await slash('ask', { question });
    expect(res.type).toBe(4);
    expectWithinLimits(res);
    const [embed] = embedsOf(res);
    expect(embed?.description).toMatch(/\[1\]/);
    expect(embed?.description).toMatch(/\*\*/);
    const sources = embed?.fields?.find((f) => f.name === 'Sources');
    expect(sources?.value).toMatch(/^\[1\] /);
    const expected = askQuestion(kb, question).citations;
    expect(expected.some((c) => c.url)).toBe(true);
    for (const c of expected) if (c.url) expect(sources?.value).toContain(`](${c.url})`);
    expect(embed?.footer?.text).toMatch(/CC BY 4\.0/);
    expect(embed?.footer?.text).toMatch(/USDOL\/ETA/);
    expect(res.data.flags ?? 0).toBe(0);

    const line = await interactionLog(res.interactionId);
    expect(line).toMatchObject({
      interactionId: res.interactionId,
      type: 'command',
      command: 'ask',
      guildId: GUILD_ID,
      outcome: 'answered',
    });
    expect(typeof line?.latencyMs).toBe('number');
    expect(logLines.join('\n')).not.toContain(TOKEN);
  });

  it('every registry command replies within Discord limits, and its autocomplete too', async () => {
    for (const c of registry) {
      const options: Record<string, string> = {};
      for (const [name, o] of Object.entries(c.options)) {
        if (o.type === 'string' && o.required) options[name] = o.choices?.[0] ?? 'What does a CBP officer earn?';
      }
      const res = await slash(c.name, options);
      expect(res.type, `/${c.name}`).toBe(4);
      expectWithinLimits(res);
      expect(['answered', 'declined', 'info']).toContain((await interactionLog(res.interactionId)).outcome);
      for (const [name, o] of Object.entries(c.options)) {
        if (o.type !== 'string' || !o.autocomplete) continue;
        for (const value of ['', 'a', 'officer pay']) {
          const ac = await discord.interact(
            payloads.autocomplete({ name: c.name, guild: discord.guild(), user: asker, focused: name, value }),
          );
          expect(ac.type).toBe(8);
          const choices = ac.data.choices ?? [];
          expect(choices.length).toBeLessThanOrEqual(25);
          for (const ch of choices) expect(ch.name.length).toBeLessThanOrEqual(100);
        }
      }
    }
  });

  it('a declined question gets a short friendly embed with suggestions', async () => {
    const res = await slash('ask', { question: 'best pizza topping in naples' });
    expectWithinLimits(res);
    expect(embedsOf(res)[0]?.description).toMatch(
      /^My sources don't cover that, so I won't guess\. They do cover:\n• /,
    );
    expect((await interactionLog(res.interactionId)).outcome).toBe('declined');
  });

  it('5,000 characters of mixed Unicode and markdown stay within limits', async () => {
    const chunk = '**bold** _it_ `code` ||spoiler|| > quote 😀👩‍👩‍👧 漢字 Ünïcödé [link](https://x.y) salary ';
    const question = chunk.repeat(Math.ceil(5000 / chunk.length)).slice(0, 5000);
    const res = await slash('ask', { question });
    expectWithinLimits(res);
    const title = embedsOf(res)[0]?.title ?? '';
    expect(title).not.toMatch(/(^|[^\\])\*\*bold/);
  });

  it('@everyone in a question never pings', async () => {
    const res = await slash('ask', { question: '@everyone @here <@123456789012345678> what is the salary?' });
    expect(res.data.allowed_mentions).toEqual({ parse: [] });
    const text = JSON.stringify(res.data.embeds);
    expect(text).not.toMatch(/@everyone/);
    expect(text).not.toMatch(/@here/);
  });

  it('pages a long answer with Previous/Next buttons that rebuild the page', async () => {
    const res = await slash('long');
    expectWithinLimits(res);
    const [prev, next] = buttonsOf(res);
    expect(prev?.disabled).toBe(true);
    expect(next?.disabled).toBe(false);
    expect(embedsOf(res)[0]?.footer?.text).toMatch(/Page 1 of \d+/);
    const page2 = await press(next!.custom_id!, other);
    expect(page2.type).toBe(7);
    expectWithinLimits(page2);
    expect(embedsOf(page2)[0]?.footer?.text).toMatch(/Page 2 of/);
    const back = await press(buttonsOf(page2)[0]!.custom_id!, asker);
    expect(embedsOf(back)[0]?.footer?.text).toMatch(/Page 1 of/);
    expect(embedsOf(back)[0]?.description).toBe(embedsOf(res)[0]?.description);
  });

  it('a private answer can be paged only by its asker and posted to the channel', async () => {
    const res = await slash('long', { private: true });
    expect(res.data.flags).toBe(64);
    const ids = customIds(res);
    const next = ids.find((id) => decodeState(id)?.action === 'pg' && decodeState(id)?.page === 1)!;
    const post = ids.find((id) => id.startsWith('post:'))!;
    expect(decodeState(next)?.owner).toBe(asker.id);

    const refused = await press(next, other, true);
    expect(refused.type).toBe(4);
    expect(refused.data.flags).toBe(64);
    expect(refused.data.content).toBe(MESSAGES.notYours);
    expect((await interactionLog(refused.interactionId)).outcome).toBe('refused');

    const ok = await press(next, asker, true);
    expect(ok.type).toBe(7);
    expect(embedsOf(ok)[0]?.footer?.text).toMatch(/Page 2 of/);

    const posted = await press(post, asker, true);
    expect(posted.type).toBe(4);
    expect(posted.data.flags ?? 0).toBe(0);
    expect(posted.data.allowed_mentions).toEqual({ parse: [] });
    expect(customIds(posted).some((id) => id.startsWith('post:'))).toBe(false);
    expectWithinLimits(posted);
  });

  it('stale or unknown buttons get a polite ephemeral reply', async () => {
    for (const id of ['v1-old-button', 'pg:1:0:gone:e30', 'pg:1:0:ask:~nokey']) {
      const res = await press(id);
      expect(res.data.flags).toBe(64);
      expect(res.data.content).toBe(MESSAGES.stale);
    }
  });

  it('autocomplete: at most 25 choices of at most 100 characters; errors answer []', async () => {
    const res = await discord.interact(
      payloads.autocomplete({ name: 'pick', guild: discord.guild(), user: asker, focused: 'thing', value: 'ab' }),
    );
    expect(res.type).toBe(8);
    const choices = res.data.choices ?? [];
    expect(choices.length).toBe(25);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(String(c.value).length).toBeLessThanOrEqual(100);
    }
    const broken = await discord.interact(
      payloads.autocomplete({ name: 'pick', guild: discord.guild(), user: asker, focused: 'broken', value: 'x' }),
    );
    expect(broken.data.choices).toEqual([]);
  });

  it('a throwing handler → ephemeral error with a ref, logged, and the bot keeps answering', async () => {
    const res = await slash('boom');
    expect(res.data.flags).toBe(64);
    const ref = /ref ([0-9A-F]{4})/.exec(res.data.content ?? '')?.[1];
    expect(ref).toBeDefined();
    await interactionLog(res.interactionId);
    const err = logs().find((l) => l.msg === 'interaction handler failed');
    expect(err?.ref).toBe(ref);
    expect((await interactionLog(res.interactionId)).outcome).toBe('error');
    const after = await slash('ask', { question: 'What training do officers get?' });
    expect(embedsOf(after).length).toBe(1);
    expect(clientErrors).toEqual([]);
  });

  it('an unknown command gets a polite ephemeral reply', async () => {
    const res = await slash('nosuchthing');
    expect(res.data.flags).toBe(64);
    expect(res.data.content).toMatch(/don't know `\/nosuchthing`/);
    expect((await interactionLog(res.interactionId)).outcome).toBe('refused');
  });

  it('bad options are refused politely', async () => {
    const res = await slash('ask', { question: 'x', bogus: 'y' });
    expect(res.data.flags).toBe(64);
    expect(res.data.embeds?.[0]?.description).toMatch(/no option/);
  });

  it('free text where a choice belongs is re-validated in the handler: a short private refusal naming the choices', async () => {
    for (const [name, options, want] of [
      ['levels', { level: 'expert' }, /`level` must be one of: emerging, developing, proficient, advanced/],
      ['skills', { kind: 'cooking **now**' }, /`kind` must be one of: skills, knowledge/],
      ['ask', { question: 'pay?', private: 'maybe' }, /`private` must be true or false/],
      ['salary', { role: 'x'.repeat(300) }, /`role` is too long/],
    ] as const) {
      const res = await slash(name, options as Record<string, string>);
      expect(res.data.flags, name).toBe(64);
      expectWithinLimits(res);
      expect(res.data.embeds?.[0]?.description).toMatch(want);
      expect(res.data.embeds?.[0]?.description).not.toContain('**now**');
      expect((await interactionLog(res.interactionId)).outcome).toBe('refused');
    }
  });

  it('a deferred reply (a file to fetch) is edited in and its error followed up, both with allowed_mentions and nothing pinged', async () => {
    const upload = (name: string) => {
      const attachmentId = payloads.snowflake();
      const url = files.url(name);
      return payloads.slashCommand(
        {
          name: 'upload',
          options: [{ name: 'file', type: 11, value: attachmentId } as never],
          guild: discord.guild(),
          user: asker,
        },
        {
          data: {
            resolved: {
              attachments: {
                [attachmentId]: {
                  id: attachmentId,
                  filename: name,
                  size: 40,
                  url,
                  proxy_url: url,
                  content_type: 'text/plain',
                },
              },
            },
          },
        } as never,
      );
    };
    const ok = await discord.interact(upload('notes.txt'));
    expect(ok.type).toBe(5);
    const edit = await discord.waitForEdit(ok.token);
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    expect(edit.message.mention_everyone).toBe(false);
    expect(edit.message.mentions).toEqual([]);
    expect(JSON.stringify(edit.body.embeds)).toContain('@\u200beveryone');

    const failed = await discord.interact(upload('boom.txt'));
    const followUp = await discord.waitForFollowUp(failed.token);
    expect(followUp.body.allowed_mentions).toEqual({ parse: [] });
    expect(String(followUp.body.content)).toMatch(/Something went wrong \(ref [0-9A-F]{4}\)/);
    expect((await interactionLog(failed.interactionId)).outcome).toBe('error');
  });

  it('works in a DM: every topic command answers, logged with no guild', async () => {
    for (const [name, options] of [
      ['ask', { question: 'how much does a border patrol agent make' }],
      ['salary', {}],
      ['levels', { level: 'emerging' }],
      ['help', {}],
    ] as const) {
      const res = await discord.interact(payloads.slashCommand({ name, user: asker, options }));
      expect(res.type, name).toBe(4);
      expectWithinLimits(res);
      expect(embedsOf(res)[0]?.fields?.[0]?.name ?? (name === 'help' ? 'Sources' : '')).toBe('Sources');
      expect(await interactionLog(res.interactionId)).toMatchObject({ command: name, guildId: null });
    }
  });

  it('autocomplete ranks suggestions by what is typed, typos and role names included', async () => {
    const choices = async (value: string) =>
      (
        (
          await discord.interact(
            payloads.autocomplete({ name: 'ask', guild: discord.guild(), user: asker, focused: 'question', value }),
          )
        ).data.choices ?? []
      ).map((c) => c.name);
    const salery = await choices('how much is the salery');
    expect(salery[0]).toBe('how much is the salery');
    expect(salery[1]).toMatch(/pay|make/i);
    const bpa = await choices('border patrol');
    expect(bpa.slice(0, 3).some((c) => /Border Patrol Agent/.test(c))).toBe(true);
    expect((await choices('')).length).toBeGreaterThan(5);
    const roles = await discord.interact(
      payloads.autocomplete({ name: 'salary', guild: discord.guild(), user: asker, focused: 'role', value: 'immig' }),
    );
    expect(
      (roles.data.choices ?? [])
        .map((c) => c.name)
        .slice(0, 2)
        .every((n) => /Immigration/.test(n)),
    ).toBe(true);
  });

  it('nothing sent was rejected by the fake Discord', () => {
    expect(discord.unexpectedRequests).toEqual([]);
    expect(
      discord.requests.filter((r) => r.status >= 400).map((r) => `${r.method} ${r.path} ${JSON.stringify(r.response)}`),
    ).toEqual([]);
    expect(clientErrors).toEqual([]);
  });
});
