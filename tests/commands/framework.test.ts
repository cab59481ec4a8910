/**
 * The command framework's extensions: subcommands, role and attachment options, actions, the
 * help listing, and the permission gate every store-backed handler runs first.
 */
import { describe, expect, it } from 'vitest';
import { actions, commands, findAction, findCommand } from '../../commands/index.js';
import { describeOptions } from '../../commands/help.js';
import { allowed, gate } from '../../commands/guard.js';
import { noStore, servicesFor } from '../../src/services.js';
import {
  defineAction,
  defineCommand,
  defineSubcommand,
  parseOptions,
  runParsed,
  type AnyCommand,
  type CommandContext,
} from '../../src/command.js';
import { loadKnowledgeBase } from '../../src/knowledge.js';
import { openStore } from '../../src/store/index.js';

const kb = loadKnowledgeBase();
const ctx = (over: Partial<CommandContext> = {}): CommandContext => ({
  kb,
  guildId: 'g1',
  channelId: 'c1',
  userId: 'u1',
  userName: 'tester',
  canManageGuild: false,
  roleIds: [],
  ...servicesFor(kb),
  ...over,
});

const demo = defineCommand({
  name: 'demo',
  description: 'Demo',
  subcommands: {
    greet: defineSubcommand({
      description: 'Greets',
      options: {
        who: { type: 'string', description: 'Who', required: true },
        loud: { type: 'boolean', description: 'Loud' },
      },
      run: (_c, { who, loud }) => ({
        outcome: 'info',
        title: loud ? who.toUpperCase() : who,
        items: [],
        citations: [],
      }),
    }),
    grant: defineSubcommand({
      description: 'Grants a role',
      options: {
        role: { type: 'role', description: 'Role', required: true },
        file: { type: 'attachment', description: 'A file', maxBytes: 10 },
      },
      run: (_c, { role, file }) => ({
        outcome: 'info',
        title: `${role}:${file?.content ?? ''}`,
        items: [],
        citations: [],
      }),
    }),
  },
}) as unknown as AnyCommand;

describe('subcommands and new option types', () => {
  it('parse per subcommand and run the subcommand’s handler', async () => {
    const p = parseOptions(demo, { who: 'ana', loud: 'yes' }, 'greet');
    expect(p).toEqual({ ok: true, values: { who: 'ana', loud: true }, subcommand: 'greet' });
    expect((await runParsed(demo, ctx(), p as never)).title).toBe('ANA');
    expect(parseOptions(demo, { who: 'x' }, 'nope')).toEqual({
      ok: false,
      error: expect.stringContaining('Subcommands: `greet`, `grant`'),
    });
    expect(parseOptions(demo, { role: '1' }, 'greet')).toEqual({
      ok: false,
      error: expect.stringContaining('`/demo greet` has no option `role`'),
    });
    // Run without a subcommand (console, old clients): the list of subcommands.
    const bare = await runParsed(demo, ctx(), parseOptions(demo, {}) as never);
    expect(bare.items.map((i) => i.heading)).toEqual([
      '/demo greet who: <text> [loud: <boolean>]',
      '/demo grant role: <role> [file: <file>]',
    ]);
  });

  it('roles take ids or <@&id>; files must be files within their size', () => {
    expect(parseOptions(demo, { role: '<@&123456789012345678>' }, 'grant')).toMatchObject({
      ok: true,
      values: { role: '123456789012345678' },
    });
    expect(parseOptions(demo, { role: '@mentors' }, 'grant').ok).toBe(false);
    expect(parseOptions(demo, { role: '1', file: 'path.json' }, 'grant')).toEqual({
      ok: false,
      error: '`file` must be a file.',
    });
    expect(parseOptions(demo, { role: '1', file: { name: 'a', content: 'x'.repeat(11), size: 11 } }, 'grant')).toEqual({
      ok: false,
      error: expect.stringContaining('too large'),
    });
    expect(parseOptions(demo, { role: '1', file: { name: 'a', content: 'ok', size: 2 } }, 'grant')).toMatchObject({
      ok: true,
      values: { file: { name: 'a', content: 'ok', size: 2 } },
    });
  });

  it('/help lists subcommands; actions have unique short names and every action a reply names exists', () => {
    expect(describeOptions(findCommand('faq')!)).toBe('add|edit|remove|list|show|export|import|gaps');
    const names = actions.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of ['vote', 'track', 'tick', 'forget', 'cancel', 'faq-add', 'faq-edit', 'purge'])
      expect(findAction(n)?.name).toBe(n);
    expect(() =>
      defineAction({
        name: 'has space',
        from: 'button',
        run: () => ({ outcome: 'info', title: '', items: [], citations: [] }),
      }),
    ).toThrow(/1–16/);
    expect(commands.every((c) => c.name.length <= 32)).toBe(true);
  });
});

describe('the gate', () => {
  it('server only, store available, then the permission', () => {
    const dm = gate(ctx({ guildId: null }), 'member');
    expect(!dm.ok && dm.reply.intro).toMatch(/belongs to a server/);
    const down = gate(ctx({ store: noStore() }), 'member');
    expect(!down.ok && down.reply.intro).toMatch(/Saving is unavailable/);
    const store = openStore({ path: ':memory:' });
    try {
      store.settings.update('g1', { mentorRoleId: '111', recruiterRoleId: '222' });
      const c = (roles: string[], manage = false) => ctx({ store, roleIds: roles, canManageGuild: manage });
      expect(allowed(c(['111']), 'mentor')).toBe(true);
      expect(allowed(c(['111']), 'recruiter')).toBe(false);
      expect(allowed(c(['222']), 'mentor-or-recruiter')).toBe(true);
      expect(allowed(c([]), 'mentor-or-recruiter')).toBe(false);
      expect(allowed(c([], true), 'recruiter')).toBe(true);
      expect(allowed(c(['111', '222']), 'admin')).toBe(false);
      const refused = gate(c([]), 'recruiter');
      expect(!refused.ok && { outcome: refused.reply.outcome, private: refused.reply.private }).toEqual({
        outcome: 'refused',
        private: true,
      });
      expect(gate(c(['222']), 'recruiter')).toEqual({ ok: true, guildId: 'g1' });
    } finally {
      store.close();
    }
  });
});
