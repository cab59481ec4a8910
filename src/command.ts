/**
 * How a command is defined: one `as const`-style definition gives Discord its schema, the
 * console its parser, and the handler its typed options — written once, never twice.
 * Handlers get a context and typed options and return a platform-neutral Reply.
 *
 * A command either takes options itself or is split into subcommands (`/checklist post level: …`,
 * Discord's type-1 options). Interactive replies (buttons, select menus, modals) name an
 * *action*: actions are registered beside the commands (`defineAction`) and run with the
 * arguments the reply gave them plus what the member picked or typed.
 */
import type { KnowledgeBase } from './knowledge.js';
import type { Reply } from './answers/reply.js';
import type { FaqSearch } from './answers/server-faq.js';
import type { Store } from './store/index.js';
import { sliceUnits } from './text/cut.js';

export type StringOption = {
  type: 'string';
  description: string;
  required?: boolean;
  choices?: readonly string[];
  autocomplete?: boolean;
  maxLength?: number;
};
export type BooleanOption = { type: 'boolean'; description: string; required?: boolean };
export type IntegerOption = { type: 'integer'; description: string; required?: boolean; min?: number; max?: number };
/** A server role (Discord option type 8); the value is the role id. The console takes an id or `<@&id>`. */
export type RoleOption = { type: 'role'; description: string; required?: boolean };
/**
 * A file (Discord option type 11). Transports fetch it before the handler runs: Discord from the
 * attachment URL, the console from a local path. The handler gets its text.
 */
export type AttachmentOption = { type: 'attachment'; description: string; required?: boolean; maxBytes?: number };
export type OptionDef = StringOption | BooleanOption | IntegerOption | RoleOption | AttachmentOption;
export type OptionDefs = Readonly<Record<string, OptionDef>>;

/** An attachment's content as a handler receives it. */
export type FileValue = { name: string; content: string; size: number };

export type OptionValue = string | boolean | number | FileValue;

type ValueOf<O extends OptionDef> = O extends { type: 'string'; choices: readonly (infer C)[] }
  ? C
  : O extends { type: 'string' } | { type: 'role' }
    ? string
    : O extends { type: 'boolean' }
      ? boolean
      : O extends { type: 'attachment' }
        ? FileValue
        : number;

/** The typed options a handler receives: required ones present, the rest optional. */
export type OptionValues<D extends OptionDefs> = {
  [K in keyof D as D[K] extends { required: true } ? K : never]: ValueOf<D[K]>;
} & {
  [K in keyof D as D[K] extends { required: true } ? never : K]?: ValueOf<D[K]>;
};

/** Who is asking, where, and the services a handler may use. */
export type CommandContext = {
  kb: KnowledgeBase;
  /** null in DMs. The console uses the local server id `console`. */
  guildId: string | null;
  channelId: string | null;
  userId: string;
  userName: string;
  /** Whether the member may manage the server (mentor/recruiter checks build on this). */
  canManageGuild: boolean;
  roleIds: readonly string[];
  /**
   * Persistence. When the database could not be opened this is a stand-in (`available: false`)
   * whose every method throws StoreUnavailableError: saving features refuse politely and the
   * documents still answer.
   */
  store: Store;
  /** Per-server FAQ search, searched by /ask beside the documents. */
  faq: FaqSearch;
  /**
   * Set when a logged answer is shown again (another page, posted to the channel): the handler
   * reuses this answer id instead of logging a new one.
   */
  answerId?: string;
  /**
   * Set when the router rebuilds another page of a message already shown (Previous/Next). A
   * handler may then show what is already on screen to whoever presses, without the check it
   * makes before creating the message (e.g. a posted checklist paged by a member).
   */
  paging?: boolean;
  /** Set when the member asked for more results (a reply's `more`): show the longer answer. */
  more?: boolean;
};

export type Choice = { name: string; value: string };

export type CommandDef<D extends OptionDefs = OptionDefs> = {
  name: string;
  description: string;
  options: D;
  run: (ctx: CommandContext, options: OptionValues<D>) => Reply | Promise<Reply>;
  /** Suggestions for an option as the user types (Discord: ≤ 25, each ≤ 100 chars). */
  autocomplete?: (ctx: CommandContext, option: keyof D & string, typed: string) => Choice[];
  /** Subcommands by name. A command with subcommands takes no options of its own (Discord's rule). */
  subcommands?: Readonly<Record<string, AnySubcommand>>;
};

/**
 * One subcommand. `run` and `autocomplete` are methods so a `SubcommandDef<D>` is assignable to
 * `AnySubcommand`; transports validate with `parseOptions` before calling them.
 */
export type SubcommandDef<D extends OptionDefs = OptionDefs> = {
  description: string;
  options: D;
  run(ctx: CommandContext, options: OptionValues<D>): Reply | Promise<Reply>;
  autocomplete?(ctx: CommandContext, option: keyof D & string, typed: string): Choice[];
};
export type AnySubcommand = SubcommandDef<OptionDefs>;

export const defineSubcommand = <const D extends OptionDefs>(def: SubcommandDef<D>): SubcommandDef<D> => def;

/** What `defineCommand` takes: with subcommands, `options` and `run` may be left out. */
export type CommandInput<D extends OptionDefs> = Omit<CommandDef<D>, 'run' | 'options'> & {
  options?: D;
  run?: CommandDef<D>['run'];
};

/** The reply to a command with subcommands run without one (Discord never does; other transports may). */
export const subcommandList = (
  name: string,
  description: string,
  subcommands: Readonly<Record<string, AnySubcommand>>,
): Reply => ({
  outcome: 'info',
  title: `/${name}`,
  intro: `${description}. Pick one:`,
  items: Object.entries(subcommands).map(([sub, s]) => {
    const opts = describeOptionList(s.options);
    return { heading: `/${name} ${sub}${opts ? ` ${opts}` : ''}`, text: s.description };
  }),
  citations: [],
  private: true,
});

export const defineCommand = <const D extends OptionDefs>(def: CommandInput<D>): CommandDef<D> => {
  const subcommands = def.subcommands;
  const run: CommandDef<D>['run'] =
    def.run ??
    (() =>
      subcommands
        ? subcommandList(def.name, def.description, subcommands)
        : { outcome: 'info', title: `/${def.name}`, items: [], citations: [] });
  return { ...def, options: (def.options ?? {}) as D, run };
};

export type AnyCommand = CommandDef<OptionDefs>;

/** `name: <kind>` / `[name: <kind>]` for each option, as /help and the console show them. */
export const describeOptionList = (options: OptionDefs): string =>
  Object.entries(options)
    .map(([name, opt]) => {
      const kind =
        opt.type === 'string' && opt.choices
          ? opt.choices.join('|')
          : opt.type === 'string'
            ? 'text'
            : opt.type === 'attachment'
              ? 'file'
              : opt.type;
      return opt.required ? `${name}: <${kind}>` : `[${name}: <${kind}>]`;
    })
    .join(' ');

/** The options of a command or of one of its subcommands (undefined for an unknown subcommand). */
export const optionsOf = (def: AnyCommand, subcommand?: string | null): OptionDefs | undefined =>
  subcommand ? def.subcommands?.[subcommand]?.options : def.options;

export type ParsedOptions =
  { ok: true; values: Record<string, OptionValue>; subcommand?: string } | { ok: false; error: string };

const MAX_STRING = 1000;
/** Default size limit for attachments: enough for a 500-entry FAQ export. */
export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;

const isFileValue = (v: unknown): v is FileValue =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as FileValue).content === 'string' &&
  typeof (v as FileValue).name === 'string';

/**
 * Validates raw option values against a definition. Discord checks choices only in its client:
 * a user can still submit free text, so every transport runs this before the handler.
 * For a command with subcommands pass the subcommand's name; none runs the command's own `run`.
 */
export const parseOptions = (
  def: AnyCommand,
  raw: Readonly<Record<string, unknown>>,
  subcommand?: string | null,
): ParsedOptions => {
  const sub = subcommand ? String(subcommand).toLowerCase() : undefined;
  const label = sub ? `/${def.name} ${sub}` : `/${def.name}`;
  const defs = optionsOf(def, sub);
  if (!defs) {
    const names = Object.keys(def.subcommands ?? {});
    return {
      ok: false,
      error: names.length
        ? `\`/${def.name}\` has no subcommand \`${sub}\`. Subcommands: ${names.map((n) => `\`${n}\``).join(', ')}.`
        : `\`/${def.name}\` has no subcommands.`,
    };
  }
  const values: Record<string, OptionValue> = {};
  for (const key of Object.keys(raw)) {
    if (!(key in defs))
      return {
        ok: false,
        error: `\`${label}\` has no option \`${key}\`. Options: ${
          Object.keys(defs)
            .map((k) => `\`${k}\``)
            .join(', ') || 'none'
        }.`,
      };
  }
  for (const [name, opt] of Object.entries(defs)) {
    const v = raw[name];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (opt.required) return { ok: false, error: `\`${label}\` needs \`${name}\`: ${opt.description}.` };
      continue;
    }
    switch (opt.type) {
      case 'string': {
        const s = String(v).trim();
        if (s.length > (opt.maxLength ?? MAX_STRING))
          return {
            ok: false,
            error: `\`${name}\` is too long (${s.length} characters; at most ${opt.maxLength ?? MAX_STRING}).`,
          };
        if (opt.choices) {
          const match = opt.choices.find((c) => c.toLowerCase() === s.toLowerCase());
          if (!match) return { ok: false, error: `\`${name}\` must be one of: ${opt.choices.join(', ')}.` };
          values[name] = match;
        } else values[name] = s;
        break;
      }
      case 'boolean': {
        const b =
          typeof v === 'boolean'
            ? v
            : /^(true|yes|on|1)$/i.test(String(v))
              ? true
              : /^(false|no|off|0)$/i.test(String(v))
                ? false
                : null;
        if (b === null) return { ok: false, error: `\`${name}\` must be true or false.` };
        values[name] = b;
        break;
      }
      case 'integer': {
        const n = typeof v === 'number' ? v : Number(String(v).trim());
        if (!Number.isInteger(n) || (opt.min !== undefined && n < opt.min) || (opt.max !== undefined && n > opt.max)) {
          return {
            ok: false,
            error: `\`${name}\` must be a whole number${opt.min !== undefined ? ` from ${opt.min}` : ''}${opt.max !== undefined ? ` to ${opt.max}` : ''}.`,
          };
        }
        values[name] = n;
        break;
      }
      case 'role': {
        const m = /^(?:<@&)?(\d{1,20})>?$/.exec(String(v).trim());
        if (!m) return { ok: false, error: `\`${name}\` must be a role of this server.` };
        values[name] = m[1]!;
        break;
      }
      case 'attachment': {
        if (!isFileValue(v)) return { ok: false, error: `\`${name}\` must be a file.` };
        const max = opt.maxBytes ?? MAX_ATTACHMENT_BYTES;
        if (v.size > max || Buffer.byteLength(v.content, 'utf8') > max) {
          return { ok: false, error: `\`${name}\` is too large (at most ${Math.round(max / 1024)} KB).` };
        }
        values[name] = { name: sliceUnits(String(v.name), 200), content: v.content, size: v.size };
        break;
      }
    }
  }
  return sub ? { ok: true, values, subcommand: sub } : { ok: true, values };
};

/** Runs the handler a successful parse points at: the subcommand's, or the command's own. */
export const runParsed = (
  def: AnyCommand,
  ctx: CommandContext,
  parsed: Extract<ParsedOptions, { ok: true }>,
): Reply | Promise<Reply> => {
  const sub = parsed.subcommand ? def.subcommands?.[parsed.subcommand] : undefined;
  return sub ? sub.run(ctx, parsed.values as never) : def.run(ctx, parsed.values as never);
};

/** Autocomplete for a command's option or a subcommand's option; [] when there is none. */
export const autocompleteFor = (
  def: AnyCommand | undefined,
  ctx: CommandContext,
  subcommand: string | null | undefined,
  option: string,
  typed: string,
): Choice[] => {
  if (!def) return [];
  if (subcommand) return def.subcommands?.[subcommand]?.autocomplete?.(ctx, option, typed) ?? [];
  return def.autocomplete?.(ctx, option, typed) ?? [];
};

// ---------------------------------------------------------------------------------------------
// Actions: what buttons, select menus and modals run
// ---------------------------------------------------------------------------------------------

/** What the member picked (select menu) or typed (modal) when the action fired. */
export type ActionInput = {
  /** Select menu: the chosen option values (possibly none). */
  values: readonly string[];
  /** Modal: the text of each field by field id ('' for a blank optional field). */
  fields: Readonly<Record<string, string>>;
};

/** What issues an action: a button, a select menu, or a form (Discord: a modal). */
export const ACTION_SOURCES = ['button', 'select', 'modal'] as const;
export type ActionSource = (typeof ACTION_SOURCES)[number];

export type ActionDef = {
  /** Short (≤ 16 characters of letters, digits, - and _): it travels in every custom_id. */
  name: string;
  /**
   * The one kind of control that issues it. Transports run the action only from that kind, so a
   * form or menu carrying a confirmation button's action (a forged or garbled id) runs nothing.
   */
  from: ActionSource;
  /**
   * `args` are what the reply attached to the button, menu or modal (short strings: a level, an
   * index, an id). Check permissions here on every call, never only when the control was shown.
   */
  run(ctx: CommandContext, args: readonly string[], input: ActionInput): Reply | Promise<Reply>;
};
export type AnyAction = ActionDef;

export const ACTION_NAME = /^[\w-]{1,16}$/;

export const defineAction = (def: ActionDef): ActionDef => {
  if (!ACTION_NAME.test(def.name)) throw new Error(`action name "${def.name}" must be 1–16 letters, digits, - or _`);
  if (!ACTION_SOURCES.includes(def.from))
    throw new Error(`action "${def.name}" must say what issues it: ${ACTION_SOURCES.join(', ')}`);
  return def;
};

export const NO_INPUT: ActionInput = Object.freeze({
  values: Object.freeze([]) as readonly string[],
  fields: Object.freeze({}),
});
