import { describe, expect, it } from 'vitest';
import { commands, findCommand, help, typedCommands } from '../../commands/index.js';
import { rankChoices } from '../../commands/choices.js';
import { parseOptions, type AnyCommand, type CommandContext, type OptionDefs } from '../../src/command.js';
import { loadKnowledgeBase } from '../../src/knowledge.js';
import type { Reply } from '../../src/answers/reply.js';
import { servicesFor } from '../../src/services.js';
import { suggestedQuestionIndex } from '../../src/answers/views/ask.js';

const kb = loadKnowledgeBase();
const ctx: CommandContext = {
  kb,
  guildId: 'g1',
  channelId: 'c1',
  userId: 'u1',
  userName: 'tester',
  canManageGuild: false,
  roleIds: [],
  ...servicesFor(kb),
};

const NAME = /^[-_a-z0-9]{1,32}$/;

/** Runs a command the way every transport does: parseOptions first, then the handler. */
const run = async (name: string, raw: Record<string, unknown> = {}): Promise<Reply> => {
  const cmd = findCommand(name);
  if (!cmd) throw new Error(`no command ${name}`);
  const parsed = parseOptions(cmd, raw);
  if (!parsed.ok) throw new Error(parsed.error);
  return cmd.run(ctx, parsed.values as never);
};

const expectSensible = (r: Reply) => {
  expect(r.title.length).toBeGreaterThan(0);
  expect(r.title.length).toBeLessThanOrEqual(256);
  expect(['answered', 'declined', 'info', 'refused', 'error']).toContain(r.outcome);
  expect(r.items.length > 0 || (r.intro ?? '').length > 0).toBe(true);
  for (const i of r.items) if (i.cite !== undefined) expect(r.citations.some((c) => c.n === i.cite)).toBe(true);
};

describe('the registry', () => {
  it('has the expected commands, unique names, and findCommand', () => {
    const names = commands.map((c) => c.name);
    expect(names).toEqual([
      'ask',
      'duties',
      'education',
      'salary',
      'training',
      'levels',
      'skills',
      'roles',
      'sources',
      'checklist',
      'progress',
      'faq',
      'settings',
      'help',
    ]);
    expect(new Set(names).size).toBe(names.length);
    expect(typedCommands.length).toBe(commands.length);
    expect(findCommand('salary')?.name).toBe('salary');
    expect(findCommand('/Salary ')?.name).toBe('salary');
    expect(findCommand('nope')).toBeUndefined();
    expect(findCommand('')).toBeUndefined();
  });

  const expectValidOptions = (options: OptionDefs, autocomplete: unknown) => {
    const opts = Object.entries(options);
    expect(opts.length).toBeLessThanOrEqual(25);
    let seenOptional = false;
    for (const [name, o] of opts) {
      expect(name).toMatch(NAME);
      expect(o.description.length).toBeGreaterThanOrEqual(1);
      expect(o.description.length).toBeLessThanOrEqual(100);
      // Discord: required options must come before optional ones.
      if (!o.required) seenOptional = true;
      else expect(seenOptional).toBe(false);
      if (o.type === 'string') {
        if (o.choices) {
          expect(o.choices.length).toBeLessThanOrEqual(25);
          expect(o.autocomplete).not.toBe(true); // Discord: choices and autocomplete are exclusive
          for (const ch of o.choices) {
            expect(ch.length).toBeGreaterThanOrEqual(1);
            expect(ch.length).toBeLessThanOrEqual(100);
          }
        }
        if (o.maxLength !== undefined) expect(o.maxLength).toBeLessThanOrEqual(6000);
        if (o.autocomplete) expect(autocomplete).toBeTypeOf('function');
      }
    }
  };

  it.each(commands.map((c) => [c.name, c] as const))('/%s is valid for Discord', (_name, c: AnyCommand) => {
    expect(c.name).toMatch(NAME);
    expect(c.description.length).toBeGreaterThanOrEqual(1);
    expect(c.description.length).toBeLessThanOrEqual(100);
    expectValidOptions(c.options, c.autocomplete);
    const subs = Object.entries(c.subcommands ?? {});
    expect(subs.length).toBeLessThanOrEqual(25);
    // Discord: a command with subcommands has no options of its own.
    if (subs.length > 0) expect(Object.keys(c.options)).toEqual([]);
    for (const [name, sub] of subs) {
      expect(name).toMatch(NAME);
      expect(sub.description.length).toBeGreaterThanOrEqual(1);
      expect(sub.description.length).toBeLessThanOrEqual(100);
      expectValidOptions(sub.options, sub.autocomplete);
    }
  });
});

describe('handlers', () => {
  it('/ask answers, and keeps the reply private when asked', async () => {
    const r = await run('ask', { question: 'how much does a border patrol agent make' });
    expect(r.outcome).toBe('answered');
    expect(r.private).toBeUndefined();
    const p = await run('ask', { question: 'what training do new officers get', private: true });
    expect(p.private).toBe(true);
    expectSensible(p);
  });

  it('/ask refuses questions over 500 characters through parseOptions', () => {
    const parsed = parseOptions(findCommand('ask')!, { question: 'why '.repeat(200) });
    expect(parsed.ok).toBe(false);
  });

  it.each([
    ['duties', {}],
    ['duties', { role: 'Border Patrol Agent' }],
    ['education', {}],
    ['salary', {}],
    ['salary', { role: 'CBP Officer' }],
    ['training', {}],
    ['training', { step: '1' }],
    ['levels', { level: 'proficient' }],
    ['levels', { level: 'Emerging', topic: 'interviews' }],
    ['skills', { kind: 'work values' }],
    ['roles', {}],
    ['sources', {}],
  ] as const)('/%s %j answers with cited content', async (name, raw) => {
    const r = await run(name, raw);
    expectSensible(r);
    expect(['answered', 'info']).toContain(r.outcome);
    expect(r.items.length).toBeGreaterThan(0);
    expect(r.citations.length).toBeGreaterThan(0);
  });

  it('/salary with the whole table shows all five rows', async () => {
    expect((await run('salary')).items).toHaveLength(5);
  });

  it('free text where a role is expected gets a helpful message', async () => {
    for (const [name, raw] of [
      ['salary', { role: 'astronaut' }],
      ['duties', { role: 'chief of everything' }],
      ['training', { step: 'scuba certification' }],
    ] as const) {
      const r = await run(name, raw);
      expect(r.outcome).toBe('declined');
      expect(r.intro!.length).toBeLessThan(400);
      expect(r.suggestions?.length).toBeGreaterThan(0);
    }
  });

  it('free text instead of a choice is refused with the list of choices, or handled by the view', async () => {
    const levels = parseOptions(findCommand('levels')!, { level: 'expert' });
    expect(levels).toEqual({ ok: false, error: expect.stringContaining('emerging, developing, proficient, advanced') });
    const skills = parseOptions(findCommand('skills')!, { kind: 'cooking' });
    expect(skills.ok).toBe(false);
    // A transport that skipped validation still gets a reply, not an exception.
    const r = await findCommand('levels')!.run(ctx, { level: 'expert' } as never);
    expect(r.outcome).toBe('declined');
    const s = await findCommand('skills')!.run(ctx, { kind: 'cooking' } as never);
    expect(s.outcome).toBe('declined');
  });

  it('/help lists every command with its description, from the registry', async () => {
    const r = await run('help');
    expect(r.outcome).toBe('info');
    expect(r.items).toHaveLength(commands.length);
    for (const c of commands) {
      const item = r.items.find((i) => i.heading?.startsWith(`/${c.name}`));
      expect(item?.text).toBe(c.description);
    }
    expect(r.items.find((i) => i.heading?.startsWith('/levels'))?.heading).toContain(
      'level: <emerging|developing|proficient|advanced>',
    );
    expect(help.name).toBe('help');
  });
});

describe('autocomplete', () => {
  const autocompleted = commands.flatMap((c) =>
    Object.entries(c.options)
      .filter(([, o]) => o.type === 'string' && o.autocomplete)
      .map(([opt]) => [c.name, opt] as const),
  );

  it('covers the options the brief asks for', () => {
    expect(autocompleted).toEqual(
      expect.arrayContaining([
        ['ask', 'question'],
        ['duties', 'role'],
        ['salary', 'role'],
        ['training', 'step'],
      ]),
    );
  });

  const inputs = [
    '',
    'bor',
    'how much',
    'TRAINING',
    'x'.repeat(300),
    '\u200b\u202e',
    '💰',
    'zzzz qqqq',
    "'; DROP TABLE",
    ' ',
  ];
  it.each(autocompleted)('/%s %s stays within Discord limits for any input', (name, opt) => {
    const cmd = findCommand(name)!;
    for (const typed of inputs) {
      const choices = cmd.autocomplete!(ctx, opt, typed);
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const ch of choices) {
        expect(ch.name.length).toBeGreaterThanOrEqual(1);
        expect(ch.name.length).toBeLessThanOrEqual(100);
        expect(ch.value.length).toBeGreaterThanOrEqual(1);
        expect(ch.value.length).toBeLessThanOrEqual(100);
      }
      expect(new Set(choices.map((c) => c.value)).size).toBe(choices.length);
    }
    expect(cmd.autocomplete!(ctx, opt, '').length).toBeGreaterThan(0);
  });

  it('/ask suggests questions ranked by what was typed', () => {
    const ask = findCommand('ask')!;
    const empty = ask.autocomplete!(ctx, 'question', '');
    expect(empty.length).toBeGreaterThanOrEqual(10);
    expect(empty.every((c) => c.value.endsWith('?'))).toBe(true);
    const bp = ask.autocomplete!(ctx, 'question', 'how much does a border pat');
    expect(bp[0]!.value).toBe('how much does a border pat');
    expect(bp[1]!.value).toBe('How much does a Border Patrol Agent make?');
    const typo = ask.autocomplete!(ctx, 'question', 'salery');
    // Read as "salary": the first suggestion after the typed text is a pay question.
    expect(suggestedQuestionIndex(kb).find((q) => q.question === typo[1]!.value)?.topic).toBe('salary');
    const tr = ask.autocomplete!(ctx, 'question', 'train');
    expect(tr.slice(0, 3).map((c) => c.value)).toContain('What training do new officers get?');
  });

  it('role and step suggestions come from the data', () => {
    expect(findCommand('salary')!.autocomplete!(ctx, 'role', 'bor')[0]).toEqual({
      name: 'Border Patrol Agent',
      value: 'Border Patrol Agent',
    });
    expect(findCommand('duties')!.autocomplete!(ctx, 'role', 'import')[0]!.value).toBe('Customs Import Specialist');
    const steps = findCommand('training')!.autocomplete!(ctx, 'step', 'clearance');
    expect(steps[0]!.name).toMatch(/Security Clearance/);
    expect(findCommand('training')!.autocomplete!(ctx, 'step', '')[0]).toEqual({
      name: '1. Pre-Service Training',
      value: '1',
    });
  });

  it('rankChoices clips long names and drops over-long values', () => {
    const long = 'a'.repeat(150);
    const out = rankChoices([{ name: long, value: 'v' }, { name: 'n', value: long }, 'ok'], '');
    expect(out).toEqual([
      { name: `${'a'.repeat(99)}…`, value: 'v' },
      { name: 'ok', value: 'ok' },
    ]);
    expect(
      rankChoices(
        Array.from({ length: 40 }, (_, i) => `item ${i}`),
        'item',
      ),
    ).toHaveLength(25);
  });
});
