/**
 * Shared set-up for the end-to-end tests of the store-backed features: the REAL discord.js
 * client built by createBot, the fake Discord, and a real SQLite file in a temp directory.
 * Not a test file (no `.test.ts`): imported by checklists/faq/settings tests.
 */
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { APIEmbed, APIUser } from 'discord.js';
import pino from 'pino';
import { afterAll, beforeAll, expect } from 'vitest';
import { commands, actions } from '../../commands/index.js';
import { loadConfig } from '../../src/config.js';
import { createBot, type Bot } from '../../src/discord/bot.js';
import { LIMITS, embedLength, embedProblems } from '../../src/discord/limits.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../../src/knowledge.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startFakeDiscord, type FakeDiscord, type InteractionCallback } from '../support/fake-discord.js';
import * as payloads from '../support/payloads.js';

export const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.abcdefghijklmnopqrstuvwxyz0123';
export const GUILD_A = '1300000000000000001';
export const GUILD_B = '1300000000000000002';
export const CHANNEL_A = '1300000000000000011';
export const CHANNEL_B = '1300000000000000012';
export const MENTOR_ROLE = '1300000000000000021';
export const RECRUITER_ROLE = '1300000000000000022';

export type Who = { user: APIUser; roles?: string[]; permissions?: bigint };

export type Harness = {
  kb: KnowledgeBase;
  discord: FakeDiscord;
  bot: Bot;
  store: Store;
  dir: string;
  dbPath: string;
  logLines: string[];
  clientErrors: Error[];
  slash: (
    name: string,
    sub: string | null,
    options?: Record<string, string | boolean | number>,
    who?: Who,
    guildId?: string,
  ) => Promise<InteractionCallback>;
  autocomplete: (
    name: string,
    sub: string | null,
    focused: string,
    value: string,
    who?: Who,
    guildId?: string,
  ) => Promise<InteractionCallback>;
  press: (
    customId: string,
    who?: Who,
    opts?: { guildId?: string; ephemeral?: boolean; message?: ReturnType<typeof payloads.botMessage> },
  ) => Promise<InteractionCallback>;
  select: (
    customId: string,
    values: string[],
    who?: Who,
    opts?: { guildId?: string; ephemeral?: boolean },
  ) => Promise<InteractionCallback>;
  submit: (
    customId: string,
    fields: Record<string, string>,
    who?: Who,
    opts?: { guildId?: string; message?: ReturnType<typeof payloads.botMessage> },
  ) => Promise<InteractionCallback>;
  interactionLog: (interactionId: string) => Promise<Record<string, unknown>>;
  /** Stops the bot (closing nothing it did not open) and starts a new one on the same store: a restart. */
  restart: () => Promise<void>;
  close: () => Promise<void>;
};

/** A member with Manage Server (an admin: mentor and recruiter by default). */
export const admin = (): Who => ({
  user: payloads.user({ username: 'admin' }),
  permissions: payloads.DEFAULT_MEMBER_PERMISSIONS | payloads.ManageGuild,
});
/** An ordinary member. */
export const member = (name = 'member'): Who => ({ user: payloads.user({ username: name }) });
export const withRole = (name: string, role: string): Who => ({
  user: payloads.user({ username: name }),
  roles: [role],
});

export type HarnessOptions = {
  kb: KnowledgeBase;
  /** A store to use instead of a fresh SQLite file (e.g. an unavailable one). */
  store?: Store;
  /** Bot options passthrough. */
  fetchTimeoutMs?: number;
};

export const startHarness = async (opts: HarnessOptions): Promise<Harness> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoint-e2e-'));
  const dbPath = path.join(dir, 'checkpoint.db');
  const store = opts.store ?? openStore({ path: dbPath });
  const discord = await startFakeDiscord({
    token: TOKEN,
    guilds: [
      {
        id: GUILD_A,
        name: 'Port A',
        channels: [{ id: CHANNEL_A, name: 'general' }],
        roles: [
          { id: MENTOR_ROLE, name: 'mentors' },
          { id: RECRUITER_ROLE, name: 'recruiters' },
        ],
      },
      { id: GUILD_B, name: 'Port B', channels: [{ id: CHANNEL_B, name: 'general' }] },
    ],
  });
  const logLines: string[] = [];
  const clientErrors: Error[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void logLines.push(s) });
  const start = async () => {
    const bot = await createBot({
      config: loadConfig({ DISCORD_TOKEN: TOKEN, LOG_LEVEL: 'info', DATABASE_PATH: dbPath }),
      kb: opts.kb,
      apiBase: discord.apiBase,
      logger,
      commands,
      actions,
      store,
      clientOptions: discord.clientOptions(),
    });
    bot.client.on('error', (e) => clientErrors.push(e));
    return bot;
  };
  let bot = await start();

  const guildOf = (id?: string) => discord.guild(id ?? GUILD_A);
  const ctx = (who: Who | undefined, guildId?: string) => {
    const w = who ?? member();
    return {
      guild: guildOf(guildId),
      user: w.user,
      ...(w.roles ? { roles: w.roles } : {}),
      ...(w.permissions !== undefined ? { permissions: w.permissions } : {}),
    };
  };

  const h: Harness = {
    kb: opts.kb,
    discord,
    get bot() {
      return bot;
    },
    store,
    dir,
    dbPath,
    logLines,
    clientErrors,
    slash: (name, sub, options = {}, who, guildId) =>
      discord.interact(
        payloads.slashCommand({ name, ...(sub ? { subcommand: sub } : {}), options, ...ctx(who, guildId) }),
      ),
    autocomplete: (name, sub, focused, value, who, guildId) =>
      discord.interact(
        payloads.autocomplete({ name, ...(sub ? { subcommand: sub } : {}), focused, value, ...ctx(who, guildId) }),
      ),
    press: (customId, who, o = {}) =>
      discord.interact(
        payloads.buttonPress({
          customId,
          ...ctx(who, o.guildId),
          ...(o.ephemeral ? { ephemeral: true } : {}),
          ...(o.message ? { message: o.message } : {}),
        }),
      ),
    select: (customId, values, who, o = {}) =>
      discord.interact(
        payloads.stringSelect({
          customId,
          values,
          ...ctx(who, o.guildId),
          ...(o.ephemeral ? { ephemeral: true } : {}),
        }),
      ),
    submit: (customId, fields, who, o = {}) =>
      discord.interact(
        payloads.modalSubmit({
          customId,
          fields,
          layout: 'label',
          ...ctx(who, o.guildId),
          ...(o.message ? { message: o.message } : {}),
        }),
      ),
    interactionLog: async (interactionId) => {
      for (let i = 0; i < 200; i++) {
        const line = logLines
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .find((l) => l.msg === 'interaction' && l.interactionId === interactionId);
        if (line) return line;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`no log line for interaction ${interactionId}`);
    },
    restart: async () => {
      await bot.stop();
      bot = await start();
    },
    close: async () => {
      await bot?.stop();
      await discord?.close();
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
};

/** The role each feature is gated on: its /settings option and how the settings reply names it. */
const FEATURE_ROLES = {
  mentor: { option: 'mentor-role', id: MENTOR_ROLE, label: 'Mentor role' },
  recruiter: { option: 'recruiter-role', id: RECRUITER_ROLE, label: 'Recruiter role' },
} as const;

/**
 * The set-up the role-gated feature files share (checklists: mentors, FAQ: recruiters): one harness
 * for the whole file on a fresh store, and an admin naming the feature's role in server A, checked
 * in the settings reply. Registers its own beforeAll/afterAll and returns the harness at once, so a
 * file writes `const h = useFeatureHarness('mentor')` and its tests keep reading `h.slash(...)`;
 * the returned object forwards to the harness beforeAll starts (and throws if used before it).
 */
export const useFeatureHarness = (role: keyof typeof FEATURE_ROLES): Harness => {
  let started: Harness | undefined;
  beforeAll(async () => {
    started = await startHarness({ kb: loadKnowledgeBase() });
    const { option, id, label } = FEATURE_ROLES[role];
    const set = await started.slash('settings', 'set', { [option]: id }, admin());
    expect(textOf(set)).toMatch(new RegExp(`${label}: .*${id}`));
  }, 30_000);
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as Harness, {
    get: (_target, key) => {
      if (!started) throw new Error(`harness.${String(key)} used before beforeAll started the harness`);
      return Reflect.get(started, key);
    },
  });
};

// ---------------------------------------------------------------------------------------------
// Reading callbacks
// ---------------------------------------------------------------------------------------------

type Component = {
  type: number;
  custom_id?: string;
  label?: string;
  style?: number;
  disabled?: boolean;
  options?: { label: string; value: string; default?: boolean }[];
  min_values?: number;
  max_values?: number;
};

export const embedsOf = (res: InteractionCallback) => (res.data.embeds ?? []) as APIEmbed[];
export const descriptionOf = (res: InteractionCallback) => embedsOf(res)[0]?.description ?? '';
export const rowsOf = (res: InteractionCallback) =>
  (res.data.components ?? []) as unknown as { type: number; components: Component[] }[];
export const componentsOf = (res: InteractionCallback): Component[] => rowsOf(res).flatMap((r) => r.components);
export const buttonsOf = (res: InteractionCallback) => componentsOf(res).filter((c) => c.type === 2);
export const selectsOf = (res: InteractionCallback) => componentsOf(res).filter((c) => c.type === 3);
export const buttonId = (res: InteractionCallback, label: string | RegExp): string => {
  const b = buttonsOf(res).find((x) => (typeof label === 'string' ? x.label === label : label.test(x.label ?? '')));
  if (!b?.custom_id)
    throw new Error(`no button ${String(label)} in ${JSON.stringify(buttonsOf(res).map((x) => x.label))}`);
  return b.custom_id;
};
export const isEphemeral = (res: InteractionCallback) => ((res.data.flags ?? 0) & 64) === 64;
/** Everything a member would read: content, title, description, fields, footer. */
export const textOf = (res: InteractionCallback): string =>
  [
    res.data.content ?? '',
    ...embedsOf(res).flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      e.footer?.text ?? '',
    ]),
  ].join('\n');

/** Modal data of a type-9 callback: title, custom_id and the text inputs (label layout). */
export const modalOf = (res: InteractionCallback) => {
  const comps = (res.data.components ?? []) as unknown as {
    type: number;
    label?: string;
    component?: { custom_id: string; value?: string; max_length?: number; required?: boolean; style?: number };
  }[];
  return {
    title: res.data.title,
    customId: res.data.custom_id!,
    fields: comps.map((c) => ({ label: c.label, ...c.component! })),
  };
};

export const expectWithinLimits = (
  res: InteractionCallback,
  expect: (v: unknown) => { toEqual: (x: unknown) => void; toBeLessThanOrEqual: (n: number) => void },
) => {
  const embeds = embedsOf(res);
  for (const e of embeds) expect(embedProblems({ ...e, fields: e.fields ?? [] } as never)).toEqual([]);
  expect(embeds.reduce((n, e) => n + embedLength(e as never), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
  expect(rowsOf(res).length).toBeLessThanOrEqual(5);
  for (const r of rowsOf(res)) expect(r.components.length).toBeLessThanOrEqual(5);
  for (const c of componentsOf(res)) {
    if (c.custom_id) expect(c.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
    if (c.label) expect(c.label.length).toBeLessThanOrEqual(LIMITS.buttonLabel);
    if (c.options) expect(c.options.length).toBeLessThanOrEqual(25);
  }
  expect(res.data.allowed_mentions).toEqual({ parse: [] });
};

/** A tiny loopback HTTP server serving fixed bodies (attachment downloads in tests). */
export const serveFiles = async (
  files: Record<string, string>,
): Promise<{ url: (name: string) => string; close: () => Promise<void>; hits: string[] }> => {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1));
    hits.push(name);
    const body = files[name];
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (name) => `http://127.0.0.1:${port}/${encodeURIComponent(name)}`,
    hits,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
};

/** A /faq import slash command whose `file` option is an attachment at `url` (Discord's resolved data). */
export const importPayload = (h: Harness, url: string, who: Who, guildId = GUILD_A, size = 100) => {
  const attachmentId = payloads.snowflake();
  return payloads.slashCommand(
    {
      name: 'faq',
      subcommand: 'import',
      options: [{ name: 'file', type: 11, value: attachmentId } as never],
      guild: h.discord.guild(guildId),
      user: who.user,
      ...(who.permissions !== undefined ? { permissions: who.permissions } : {}),
      ...(who.roles ? { roles: who.roles } : {}),
    },
    {
      data: {
        resolved: {
          attachments: {
            [attachmentId]: {
              id: attachmentId,
              filename: 'checkpoint-faq.json',
              size,
              url,
              proxy_url: url,
              content_type: 'application/json',
            },
          },
        },
      },
    } as never,
  );
};
