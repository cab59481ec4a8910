import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCommand, type AnyCommand } from '../../src/command.js';
import { loadConfig } from '../../src/config.js';
import { buildCommandPayload, deployCommands, diffCommands } from '../../src/discord/deploy.js';
import { startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';
import { commands as registry } from '../../commands/index.js';

const cmds = [
  defineCommand({
    name: 'ask',
    description: 'Ask a question about careers in U.S. customs and border protection. '.repeat(3),
    options: {
      private: { type: 'boolean', description: 'Only you see it' },
      question: { type: 'string', description: 'Your question', required: true, maxLength: 500 },
      level: { type: 'string', description: 'Level', choices: ['entry', 'senior'] },
      role: { type: 'string', description: 'Role', autocomplete: true },
      count: { type: 'integer', description: 'How many', min: 1, max: 10 },
    },
    run: () => ({ outcome: 'info', title: '', items: [], citations: [] }),
  }),
] as unknown as AnyCommand[];

describe('buildCommandPayload', () => {
  it('is valid for Discord: names, description lengths, required first, contexts', () => {
    const [ask] = buildCommandPayload(cmds) as unknown as Record<string, unknown>[];
    expect(ask?.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
    expect((ask?.description as string).length).toBeLessThanOrEqual(100);
    expect(ask?.contexts).toEqual([0, 1]);
    expect(ask?.integration_types).toEqual([0]);
    const options = ask?.options as Record<string, unknown>[];
    expect(options[0]).toMatchObject({ name: 'question', type: 3, required: true, max_length: 500 });
    expect(options.find((o) => o.name === 'private')).toMatchObject({ type: 5, required: false });
    expect(options.find((o) => o.name === 'level')?.choices).toEqual([
      { name: 'entry', value: 'entry' },
      { name: 'senior', value: 'senior' },
    ]);
    expect(options.find((o) => o.name === 'role')?.autocomplete).toBe(true);
    expect(options.find((o) => o.name === 'count')).toMatchObject({ type: 4, min_value: 1, max_value: 10 });
    for (const o of options) expect((o.description as string).length).toBeLessThanOrEqual(100);
  });

  it('the real registry builds a valid payload', () => {
    const body = buildCommandPayload(registry) as unknown as {
      name: string;
      description: string;
      options: { name: string; description: string; required: boolean; choices?: unknown[] }[];
    }[];
    expect(body.length).toBe(registry.length);
    expect(body.length).toBeLessThanOrEqual(100);
    expect(new Set(body.map((c) => c.name)).size).toBe(body.length);
    for (const c of body) {
      expect(c.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect(c.options.length).toBeLessThanOrEqual(25);
      const firstOptional = c.options.findIndex((o) => !o.required);
      if (firstOptional >= 0) expect(c.options.slice(firstOptional).every((o) => !o.required)).toBe(true);
      for (const o of c.options) {
        expect(o.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
        expect(o.description.length).toBeLessThanOrEqual(100);
        expect((o.choices ?? []).length).toBeLessThanOrEqual(25);
      }
    }
  });

  it('rejects names Discord would reject', () => {
    expect(() => buildCommandPayload([{ ...cmds[0]!, name: 'Ask Me' }])).toThrow(/not valid/);
  });

  it('diff: added, updated, removed, unchanged; idempotent', () => {
    const body = buildCommandPayload(cmds);
    expect(diffCommands([], body)).toEqual({ added: ['ask'], updated: [], removed: [], unchanged: [] });
    const current = body.map((c) => ({ ...c, id: '1', application_id: '2', version: '3' })) as never[];
    expect(diffCommands(current, body)).toEqual({ added: [], updated: [], removed: [], unchanged: ['ask'] });
    const changed = [
      { ...(current[0] as unknown as object), description: 'old' },
      { name: 'gone', description: 'x' },
    ] as never[];
    expect(diffCommands(changed, body)).toEqual({ added: [], updated: ['ask'], removed: ['gone'], unchanged: [] });
  });
});

describe('deployCommands against the fake Discord', () => {
  const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.abcdefghijklmnopqrstuvwxyz0123';
  const GUILD = '1200000000000000001';
  let discord: FakeDiscord;
  beforeAll(async () => {
    discord = await startFakeDiscord({
      token: TOKEN,
      guilds: [{ id: GUILD, name: 'HQ', channels: [{ id: '1200000000000000002', name: 'general' }] }],
    });
  });
  afterAll(async () => {
    await discord?.close();
  });
  const deploy = async (env: Record<string, string>, commands: readonly AnyCommand[] = registry) => {
    const lines: string[] = [];
    const diff = await deployCommands({
      config: loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: discord.apiBase, ...env }),
      commands,
      print: (l) => lines.push(l),
    });
    return { diff, lines };
  };
  const puts = () => discord.requests.filter((r) => r.method === 'PUT').length;

  it.each([
    ['to one server (DISCORD_GUILD_ID)', { DISCORD_GUILD_ID: GUILD }, `server ${GUILD}`, GUILD],
    ['globally', {}, 'all servers (global', undefined],
  ] as const)('%s: bulk overwrite, then idempotent, printing what changed', async (_label, env, where, guildId) => {
    const first = await deploy(env);
    expect(first.lines[0]).toContain(`Deployed ${registry.length} commands to ${where}`);
    expect(first.lines.join('\n')).toMatch(/added: \/ask, \/duties/);
    expect(
      discord
        .registeredCommands(guildId)
        .map((c) => c.name)
        .sort(),
    ).toEqual(registry.map((c) => c.name).sort());
    // Usable in servers and DMs.
    for (const c of discord.registeredCommands(guildId)) expect([...(c.contexts ?? [])].sort()).toEqual([0, 1]);

    const before = puts();
    const again = await deploy(env);
    expect(again.lines).toHaveLength(1);
    expect(again.lines[0]).toContain(`Commands for ${where}`);
    expect(again.lines[0]).toMatch(new RegExp(`are up to date \\(${registry.length} unchanged\\)`));
    expect(puts()).toBe(before);

    // One command changed, one gone: both named.
    const [first0, ...rest] = registry;
    const changed = [{ ...first0!, description: 'Ask me anything about the job' }, ...rest.slice(1)];
    const third = await deploy(env, changed);
    expect(third.diff.updated).toEqual([first0!.name]);
    expect(third.diff.removed).toEqual([rest[0]!.name]);
    expect(third.lines.join('\n')).toContain(`updated: /${first0!.name}`);
    expect(third.lines.join('\n')).toContain(`removed: /${rest[0]!.name}`);
    expect(discord.requests.filter((r) => r.status >= 400)).toEqual([]);
  });
});
