/**
 * How a command is defined: one `as const`-style definition gives Discord its schema, the
 * console its parser, and the handler its typed options — written once, never twice.
 * Handlers get a context and typed options and return a platform-neutral Reply.
 */
import type { KnowledgeBase } from './knowledge.js';
import type { Reply } from './reply.js';

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
export type OptionDef = StringOption | BooleanOption | IntegerOption;
export type OptionDefs = Readonly<Record<string, OptionDef>>;

type ValueOf<O extends OptionDef> = O extends { type: 'string'; choices: readonly (infer C)[] }
  ? C
  : O extends { type: 'string' }
    ? string
    : O extends { type: 'boolean' }
      ? boolean
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
  /** null in DMs and in the console's "direct" mode. */
  guildId: string | null;
  channelId: string | null;
  userId: string;
  userName: string;
  /** Whether the member may manage the server (mentor/recruiter checks build on this). */
  canManageGuild: boolean;
  roleIds: readonly string[];
};

export type Choice = { name: string; value: string };

export type CommandDef<D extends OptionDefs = OptionDefs> = {
  name: string;
  description: string;
  options: D;
  run: (ctx: CommandContext, options: OptionValues<D>) => Reply | Promise<Reply>;
  /** Suggestions for an option as the user types (Discord: ≤ 25, each ≤ 100 chars). */
  autocomplete?: (ctx: CommandContext, option: keyof D & string, typed: string) => Choice[];
};

export const defineCommand = <const D extends OptionDefs>(def: CommandDef<D>): CommandDef<D> => def;

export type AnyCommand = CommandDef<OptionDefs>;

export type ParsedOptions = { ok: true; values: Record<string, string | boolean | number> } | { ok: false; error: string };

const MAX_STRING = 1000;

/**
 * Validates raw option values against a definition. Discord checks choices only in its client:
 * a user can still submit free text, so every transport runs this before the handler.
 */
export const parseOptions = (def: AnyCommand, raw: Readonly<Record<string, unknown>>): ParsedOptions => {
  const values: Record<string, string | boolean | number> = {};
  for (const key of Object.keys(raw)) {
    if (!(key in def.options)) return { ok: false, error: `\`/${def.name}\` has no option \`${key}\`. Options: ${Object.keys(def.options).map((k) => `\`${k}\``).join(', ') || 'none'}.` };
  }
  for (const [name, opt] of Object.entries(def.options)) {
    const v = raw[name];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (opt.required) return { ok: false, error: `\`/${def.name}\` needs \`${name}\`: ${opt.description}.` };
      continue;
    }
    switch (opt.type) {
      case 'string': {
        const s = String(v).trim();
        if (s.length > (opt.maxLength ?? MAX_STRING)) return { ok: false, error: `\`${name}\` is too long (${s.length} characters; at most ${opt.maxLength ?? MAX_STRING}).` };
        if (opt.choices) {
          const match = opt.choices.find((c) => c.toLowerCase() === s.toLowerCase());
          if (!match) return { ok: false, error: `\`${name}\` must be one of: ${opt.choices.join(', ')}.` };
          values[name] = match;
        } else values[name] = s;
        break;
      }
      case 'boolean': {
        const b = typeof v === 'boolean' ? v : /^(true|yes|on|1)$/i.test(String(v)) ? true : /^(false|no|off|0)$/i.test(String(v)) ? false : null;
        if (b === null) return { ok: false, error: `\`${name}\` must be true or false.` };
        values[name] = b;
        break;
      }
      case 'integer': {
        const n = typeof v === 'number' ? v : Number(String(v).trim());
        if (!Number.isInteger(n) || (opt.min !== undefined && n < opt.min) || (opt.max !== undefined && n > opt.max)) {
          return { ok: false, error: `\`${name}\` must be a whole number${opt.min !== undefined ? ` from ${opt.min}` : ''}${opt.max !== undefined ? ` to ${opt.max}` : ''}.` };
        }
        values[name] = n;
        break;
      }
    }
  }
  return { ok: true, values };
};
