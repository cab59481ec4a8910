/**
 * What a fuzz step does, drawn from the seed: a slash command with odd options, autocomplete, a
 * press or pick on a component the bot showed, a form submitted, a forged or garbled custom id,
 * a mention, a reply, an edit or a DM. Commands and their options come from the registry itself
 * (commands/index.ts), so a new command or option is fuzzed without touching this file.
 */
import type { APIMessage, APIUser } from 'discord.js';
import { commands } from '../../commands/index.js';
import type { AnyCommand, OptionDef, OptionDefs } from '../../src/command.js';
import type { FakeDiscord } from '../support/fake-discord.js';
import * as payloads from '../support/payloads.js';
import { forgedCustomId } from './forged-ids.js';
import type { Random } from './random.js';
import type { Seen, SeenComponent, SeenModal } from './seen.js';
import { cutWhole, oddText, type MentionTargets } from './text.js';
import { CAST, GUILDS, memberById, memberIn, PASSERS_BY, passerBy, type CastMember, type GuildWorld } from './world.js';

/** What the driver sends: an interaction (awaits its acknowledgement) or a gateway message (awaits its log line). */
type StepBody = { label: string } & (
  | { kind: 'interaction'; payload: object; guildId: string | null; fields?: Record<string, string> }
  | {
      kind: 'message';
      event: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE';
      payload: payloads.MessagePayload;
      expectLog: boolean;
    }
);
/** A step and what drew it (a kind of STEP_WEIGHTS, or the periodic restoring of roles). */
export type Step = StepBody & { family: StepKind | 'restore' };

export const STEP_WEIGHTS = {
  slash: 30,
  autocomplete: 10,
  press: 14,
  select: 6,
  submit: 8,
  forged: 8,
  mention: 8,
  reply: 4,
  dm: 5,
  chatter: 3,
  edit: 2,
} as const;
export type StepKind = keyof typeof STEP_WEIGHTS;

type Where = { guild: GuildWorld | null; channel: payloads.RawChannel };

/** Every (command, subcommand) pair, writes weighted up so forms and items are opened often. */
type CommandPair = { command: AnyCommand; sub: string | null; options: OptionDefs };
const COMMAND_PAIRS: readonly CommandPair[] = commands.flatMap((command): CommandPair[] =>
  command.subcommands
    ? Object.entries(command.subcommands).map(([sub, s]) => ({ command, sub, options: s.options }))
    : [{ command, sub: null, options: command.options }],
);
const WRITES = new Set(['faq add', 'faq edit', 'faq remove', 'checklist add', 'checklist remove', 'settings set']);
const AUTOCOMPLETED = COMMAND_PAIRS.flatMap((p) =>
  Object.entries(p.options)
    .filter(([, o]) => o.type === 'string' && o.autocomplete)
    .map(([name]) => ({ ...p, option: name })),
);

export class StepMaker {
  private readonly dmChannels = new Map<string, payloads.RawChannel>();
  /** Members' messages, for edits. */
  private readonly sentByMembers: payloads.MessagePayload[] = [];

  constructor(
    private readonly rng: Random,
    private readonly discord: FakeDiscord,
    private readonly seen: Seen,
  ) {}

  private get targets(): MentionTargets {
    return {
      botId: this.discord.botUser.id,
      roleIds: GUILDS.flatMap((g) => [g.mentorRole, g.recruiterRole, this.botRoleOf(g)]),
      userIds: CAST.map((m) => m.user.id),
      channelIds: GUILDS.flatMap((g) => g.channelIds),
    };
  }
  private text = (max?: number) => oddText(this.rng, this.targets, max);

  next(): Step {
    const kind = this.rng.weighted(STEP_WEIGHTS);
    const step = this.make(kind);
    return step ? { ...step, family: kind } : { ...this.slash(), family: 'slash' };
  }

  /** A step of that kind, or null when there is nothing to act on yet (no component shown, no form opened). */
  make(kind: StepKind): StepBody | null {
    switch (kind) {
      case 'slash':
        return this.slash();
      case 'autocomplete':
        return this.autocomplete();
      case 'press':
        return this.press();
      case 'select':
        return this.select();
      case 'submit':
        return this.submit();
      case 'forged':
        return this.forged();
      case 'mention':
        return this.mention();
      case 'reply':
        return this.reply();
      case 'dm':
        return this.dm();
      case 'chatter':
        return this.chatter();
      case 'edit':
        return this.edit();
    }
  }

  /** `/settings set` restoring both roles: keeps recruiters and mentors able to write whatever the fuzz set before. */
  restoreRoles(guild: GuildWorld): Step {
    const admin = CAST.find((m) => m.standing[guild.id] === 'admin')!;
    const step = this.interaction('restore roles', admin, this.inGuild(guild), (ctx) =>
      payloads.slashCommand({
        name: 'settings',
        subcommand: 'set',
        options: { 'mentor-role': guild.mentorRole, 'recruiter-role': guild.recruiterRole },
        ...ctx,
      }),
    );
    return { ...step, family: 'restore' };
  }

  // --- where and who -----------------------------------------------------------------------

  private botRoleOf(g: GuildWorld): string {
    return this.discord.guild(g.id).roles.find((r) => r.tags?.bot_id === this.discord.botUser.id)?.id ?? g.spareRole;
  }
  private inGuild(g: GuildWorld, channelId = this.rng.pick(g.channelIds)): Where {
    return { guild: g, channel: this.discord.channel(channelId)! };
  }
  private dmOf(user: APIUser): Where {
    let channel = this.dmChannels.get(user.id);
    if (!channel) {
      channel = payloads.dmChannel({ recipient: user });
      this.dmChannels.set(user.id, channel);
    }
    return { guild: null, channel };
  }
  /** Mostly a server, sometimes the member's DM with the bot. */
  private somewhere(actor: CastMember, dmChance = 0.12): Where {
    return this.rng.chance(dmChance) ? this.dmOf(actor.user) : this.inGuild(this.rng.pick(GUILDS));
  }
  private anyone = () => this.rng.pick(CAST);
  /** Who sends a message: half the time the cast, else one of many passers-by. */
  private speaker = () => (this.rng.chance(0.5) ? this.anyone() : passerBy(this.rng.int(PASSERS_BY)));

  /** Context fields of an interaction payload: guild, channel, member roles and permissions. */
  private interaction(
    label: string,
    actor: CastMember,
    where: Where,
    build: (ctx: payloads.ContextInit) => object,
    fields?: Record<string, string>,
  ): StepBody {
    const member = where.guild ? memberIn(actor, where.guild) : null;
    const ctx: payloads.ContextInit = {
      user: actor.user,
      channel: where.channel,
      ...(where.guild ? { guild: this.discord.guild(where.guild.id), roles: member!.roles } : {}),
      ...(member?.permissions !== undefined ? { permissions: member.permissions } : {}),
    };
    return {
      kind: 'interaction',
      label: `${label} by ${actor.user.username}${where.guild ? ` in ${where.guild.name}` : ' in DM'}`,
      payload: build(ctx),
      guildId: where.guild?.id ?? null,
      ...(fields ? { fields } : {}),
    };
  }

  // --- slash commands and autocomplete -----------------------------------------------------

  private optionValue(name: string, def: OptionDef, where: Where): payloads.CommandOption | null {
    switch (def.type) {
      case 'string': {
        if (def.choices && this.rng.chance(0.85)) return payloads.option.string(name, this.rng.pick(def.choices));
        // An entry or item picked from autocomplete arrives as its id.
        if (def.autocomplete && this.rng.chance(0.35))
          return payloads.option.string(
            name,
            this.rng.pick(['', '#', 'c', 'custom:']) + String(this.rng.between(1, 25)),
          );
        // A modified client can exceed max_length; Discord's own clients cannot.
        const max = def.maxLength && this.rng.chance(0.95) ? def.maxLength : 6000;
        return payloads.option.string(name, this.text(max));
      }
      case 'boolean':
        return payloads.option.boolean(name, this.rng.chance(0.5));
      case 'integer':
        return payloads.option.integer(name, this.rng.between((def.min ?? 0) - 5, (def.max ?? 100) + 5));
      case 'role': {
        // Never @everyone (the guild id): that makes every member a recruiter or mentor by design,
        // and role-less members must stay unable to write.
        const g = where.guild ?? GUILDS[0]!;
        return payloads.option.role(
          name,
          this.rng.pick([g.mentorRole, g.recruiterRole, g.spareRole, this.botRoleOf(g), payloads.snowflake(), '0']),
        );
      }
      case 'attachment':
        return null; // built with its resolved attachment in slash()
    }
  }

  private slash(): StepBody {
    const weighted = COMMAND_PAIRS.flatMap((p) => (WRITES.has(`${p.command.name} ${p.sub}`) ? [p, p, p] : [p]));
    const pair = this.rng.pick(weighted);
    const actor = this.anyone();
    const where = this.somewhere(actor);
    const options: payloads.CommandOption[] = [];
    let attachment: Record<string, unknown> | undefined;
    for (const [name, def] of Object.entries(pair.options)) {
      if (!(def.required ? this.rng.chance(0.97) : this.rng.chance(0.5))) continue;
      if (def.type === 'attachment') {
        // Nothing listens there: the download fails at once, after the bot has deferred.
        const id = payloads.snowflake();
        attachment = {
          [id]: {
            id,
            filename: 'checkpoint-faq.json',
            size: this.rng.pick([100, 10 ** 9]),
            url: 'http://127.0.0.1:9/faq.json',
            proxy_url: 'http://127.0.0.1:9/faq.json',
            content_type: 'application/json',
          },
        };
        options.push({ name, type: 11, value: id } as payloads.CommandOption);
        continue;
      }
      const o = this.optionValue(name, def, where);
      if (o) options.push(o);
    }
    // A stale or modified client: an option the command does not have, or a value of the wrong type.
    if (this.rng.chance(0.04))
      options.push(payloads.option.string(this.rng.pick(['question', 'private', 'bogus', 'level']), this.text(50)));
    if (this.rng.chance(0.02)) options.push(payloads.option.integer(this.rng.pick(['private', 'role', 'entry']), 7));
    const name = this.rng.chance(0.02) ? this.rng.pick(['removed-command', 'ASK', '']) : pair.command.name;
    const sub = pair.sub && this.rng.chance(0.02) ? 'nope' : pair.sub;
    return this.interaction(`/${name}${sub ? ` ${sub}` : ''}`, actor, where, (ctx) =>
      payloads.slashCommand(
        { name, ...(sub ? { subcommand: sub } : {}), options, ...ctx },
        attachment ? ({ data: { resolved: { attachments: attachment } } } as never) : undefined,
      ),
    );
  }

  private autocomplete(): StepBody {
    const target = this.rng.pick(AUTOCOMPLETED);
    const actor = this.anyone();
    const value = this.rng.chance(0.3)
      ? this.rng.pick(['', '#', '1', 'sal', 'border pat', 'emer', 'how'])
      : this.text(200);
    return this.interaction(
      `autocomplete /${target.command.name}${target.sub ? ` ${target.sub}` : ''} ${target.option}`,
      actor,
      this.somewhere(actor),
      (ctx) =>
        payloads.autocomplete({
          name: target.command.name,
          ...(target.sub ? { subcommand: target.sub } : {}),
          focused: target.option,
          value,
          ...ctx,
        }),
    );
  }

  // --- components the bot showed ------------------------------------------------------------

  /** Mostly the member it was shown to; sometimes someone else (a public message, or a forged press). */
  private presserOf(c: { viewerId: string; guildId: string | null }): CastMember {
    const viewer = memberById(c.viewerId);
    if (viewer && (c.guildId === null || this.rng.chance(0.7))) return viewer;
    return this.anyone();
  }
  private whereOf(c: { guildId: string | null; channelId: string }, actor: CastMember): Where | null {
    if (c.guildId === null) return this.dmOf(actor.user);
    const g = GUILDS.find((x) => x.id === c.guildId);
    const channel = this.discord.channel(c.channelId);
    return g && channel ? { guild: g, channel } : null;
  }

  private pickComponent(
    kind: SeenComponent['kind'],
  ): { c: SeenComponent; actor: CastMember; where: Where; message: APIMessage } | null {
    const list = this.seen.components.filter((c) => c.kind === kind);
    if (list.length === 0) return null;
    const c = this.rng.pick(list);
    const actor = this.presserOf(c);
    const where = this.whereOf(c, actor);
    const message = this.discord.message(c.messageId);
    if (!where || !message) return null;
    return { c, actor, where, message };
  }

  private press(): StepBody | null {
    const picked = this.pickComponent('button');
    if (!picked) return null;
    const { c, actor, where, message } = picked;
    return this.interaction(`press ${c.customId}`, actor, where, (ctx) =>
      payloads.buttonPress({ customId: c.customId, message, ...ctx }),
    );
  }

  private select(): StepBody | null {
    const picked = this.pickComponent('select');
    if (!picked) return null;
    const { c, actor, where, message } = picked;
    const values = this.rng.chance(0.75)
      ? c.values.filter(() => this.rng.chance(0.5)).slice(0, c.maxValues)
      : this.rng.pick([
          [],
          ['nope'],
          [...c.values, ...c.values],
          ['custom:999999', 'onet:0'],
          Array.from({ length: 30 }, (_, i) => String(i)),
        ]);
    return this.interaction(`select ${c.customId} [${values.length}]`, actor, where, (ctx) =>
      payloads.stringSelect({ customId: c.customId, values, message, ...ctx }),
    );
  }

  private formFields(modal: SeenModal): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const f of modal.fields) {
      if (!f.required && this.rng.chance(0.4)) continue;
      const plausible =
        f.id === 'link'
          ? this.rng.pick([
              '',
              'https://example.com/hiring',
              'javascript:alert(1)',
              'not a link',
              'https://evil.example/@everyone',
            ])
          : `${this.rng.pick(['When', 'Where', 'How', 'Who'])} ${this.text(60)} ${this.rng.int(1000)}`;
      const value = this.rng.chance(0.6)
        ? plausible
        : this.text(this.rng.chance(0.9) ? f.maxLength : f.maxLength + 500);
      fields[f.id] = cutWhole(value, this.rng.chance(0.95) ? f.maxLength : f.maxLength + 500);
    }
    return fields;
  }

  private submit(): StepBody | null {
    if (this.seen.modals.length === 0) return null;
    const modal = this.rng.pick(this.seen.modals);
    const opener = memberById(modal.openerId) ?? this.anyone();
    // Someone else submitting the form: a forged submit, or the opener after losing a role.
    const actor = this.rng.chance(0.8) ? opener : this.anyone();
    const where = this.whereOf(modal, actor);
    if (!where) return null;
    const fields = this.formFields(modal);
    const message = modal.messageId ? this.discord.message(modal.messageId) : undefined;
    return this.interaction(
      `submit ${modal.customId}`,
      actor,
      where,
      (ctx) =>
        payloads.modalSubmit({
          customId: modal.customId,
          fields,
          layout: 'label',
          ...(message ? { message } : {}),
          ...ctx,
        }),
      fields,
    );
  }

  // --- forged and garbled custom ids -----------------------------------------------------------

  private forged(): StepBody {
    const customId = forgedCustomId(this.rng, {
      seenIds: this.seen.components.map((c) => c.customId),
      memberIds: CAST.map((m) => m.user.id),
      text: this.text,
    });
    const actor = this.rng.chance(0.5)
      ? this.rng.pick(CAST.filter((m) => Object.values(m.standing).includes('outsider')))
      : this.anyone();
    const where = this.somewhere(actor);
    const via = this.rng.pick(['button', 'select', 'modal'] as const);
    const label = `forged ${via} ${JSON.stringify(customId).slice(0, 80)}`;
    if (via === 'button')
      return this.interaction(label, actor, where, (ctx) => payloads.buttonPress({ customId, ...ctx }));
    if (via === 'select')
      return this.interaction(label, actor, where, (ctx) =>
        payloads.stringSelect({ customId, values: [this.text(40)], ...ctx }),
      );
    const fields = { question: this.text(200), answer: this.text(1500), link: '' };
    return this.interaction(
      label,
      actor,
      where,
      (ctx) => payloads.modalSubmit({ customId, fields, layout: 'label', ...ctx }),
      fields,
    );
  }

  // --- messages ------------------------------------------------------------------------------

  private message(
    label: string,
    author: CastMember,
    where: Where,
    content: string,
    expectLog: boolean,
    referenced?: payloads.MessageInit['referencedMessage'],
  ): StepBody {
    const payload = payloads.message({
      author: author.user,
      channel: where.channel,
      ...(where.guild ? { guild: this.discord.guild(where.guild.id), roles: memberIn(author, where.guild).roles } : {}),
      content,
      ...(referenced ? { referencedMessage: referenced } : {}),
    });
    this.sentByMembers.push(payload);
    if (this.sentByMembers.length > 100) this.sentByMembers.shift();
    return {
      kind: 'message',
      label: `${label} by ${author.user.username}${where.guild ? ` in ${where.guild.name}` : ''}`,
      event: 'MESSAGE_CREATE',
      payload,
      expectLog,
    };
  }

  private mention(): StepBody {
    const author = this.speaker();
    const g = this.rng.pick(GUILDS);
    const tag = this.rng.chance(0.8) ? `<@${this.discord.botUser.id}>` : `<@&${this.botRoleOf(g)}>`;
    const text = this.text(3000);
    const content = this.rng.chance(0.7) ? `${tag} ${text}` : `${text} ${tag}`;
    return this.message('mention', author, this.inGuild(g), content, true);
  }

  private reply(): StepBody | null {
    const inGuild = this.seen.messages.filter((m) => m.guildId !== null);
    if (inGuild.length === 0) return null;
    const target = this.rng.pick(inGuild);
    const referenced = this.discord.message(target.id);
    const g = GUILDS.find((x) => x.id === target.guildId);
    if (!referenced || !g) return null;
    const withMention = this.rng.chance(0.3);
    // A reply pings the bot (Discord lists it in mentions) unless the member turned the ping off;
    // then, without a mention in the text, the bot is not addressed and ignores it without a log line.
    const pingOff = !withMention && this.rng.chance(0.3);
    const content = `${withMention ? `<@${this.discord.botUser.id}> ` : ''}${this.text(500)}`;
    const step = this.message(
      'reply',
      this.speaker(),
      this.inGuild(g, target.channelId),
      content,
      !pingOff,
      referenced,
    );
    if (step.kind === 'message' && !pingOff && !step.payload.mentions.some((u) => u.id === this.discord.botUser.id))
      step.payload.mentions.push(this.discord.botUser as never);
    return step;
  }

  private dm(): StepBody {
    const author = this.speaker();
    return this.message('DM', author, this.dmOf(author.user), this.text(3000), true);
  }

  /** Messages the bot must leave alone: @everyone or a role only, or not addressed at all. */
  private chatter(): StepBody {
    const g = this.rng.pick(GUILDS);
    const ping = this.rng.pick(['@everyone', '@here', `<@&${g.recruiterRole}>`, `<@&${g.mentorRole}>`, '']);
    // Unaddressed chatter is ignored without a log line (debug level): nothing to wait for.
    return this.message(
      'chatter',
      this.speaker(),
      this.inGuild(g),
      `${ping} ${this.text(300)}`.trim() || 'hello',
      ping !== '',
    );
  }

  private edit(): StepBody | null {
    if (this.sentByMembers.length === 0) return null;
    const payload = this.rng.pick(this.sentByMembers);
    const content = this.rng.chance(0.5) ? `<@${this.discord.botUser.id}> ${this.text(500)}` : this.text(500);
    const updated = { ...payload, content, edited_timestamp: new Date().toISOString() };
    // Edits of questions the bot never answered, or text that is no longer addressed, are ignored quietly.
    return {
      kind: 'message',
      label: `edit of ${payload.id}`,
      event: 'MESSAGE_UPDATE',
      payload: updated,
      expectLog: false,
    };
  }
}
