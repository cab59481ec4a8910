/**
 * `npm run deploy`: registers the slash commands from the registry. Bulk-overwrites the guild's
 * commands when DISCORD_GUILD_ID is set (instant, for development), else the global ones; shows
 * what changed first. Running it twice changes nothing the second time.
 */
import { pathToFileURL } from 'node:url';
import { REST } from '@discordjs/rest';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  Routes,
  type APIApplicationCommand,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { AnyCommand, OptionDef } from '../command.js';
import { loadConfig, requireForDiscord, type Config } from '../config.js';
import { LIMITS, sliceUnits, truncate } from './limits.js';

export const COMMAND_NAME = new RegExp(`^[-_\\p{L}\\p{N}]{1,${LIMITS.commandName}}$`, 'u');

type CommandJson = RESTPutAPIApplicationCommandsJSONBody[number];

const OPTION_TYPE = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  boolean: ApplicationCommandOptionType.Boolean,
  role: ApplicationCommandOptionType.Role,
  attachment: ApplicationCommandOptionType.Attachment,
} as const satisfies Record<OptionDef['type'], ApplicationCommandOptionType>;

const optionJson = (name: string, o: OptionDef) => {
  const base = {
    type: OPTION_TYPE[o.type],
    name,
    description: truncate(o.description, LIMITS.optionDescription),
    required: !!o.required,
  };
  if (o.type === 'string') {
    return {
      ...base,
      ...(o.choices
        ? {
            choices: o.choices
              .slice(0, LIMITS.optionChoices)
              .map((c) => ({ name: truncate(c, LIMITS.choiceName), value: sliceUnits(c, LIMITS.choiceValue) })),
          }
        : {}),
      ...(o.autocomplete && !o.choices ? { autocomplete: true } : {}),
      ...(o.maxLength !== undefined ? { max_length: Math.min(o.maxLength, LIMITS.optionMaxLength) } : {}),
    };
  }
  if (o.type === 'integer')
    return {
      ...base,
      ...(o.min !== undefined ? { min_value: o.min } : {}),
      ...(o.max !== undefined ? { max_value: o.max } : {}),
    };
  return base;
};

/** The application-command JSON for the registry: chat-input commands usable in servers and DMs. */
export const buildCommandPayload = (commands: readonly AnyCommand[]): RESTPutAPIApplicationCommandsJSONBody =>
  commands.map((c): CommandJson => {
    if (!COMMAND_NAME.test(c.name) || c.name !== c.name.toLowerCase())
      throw new Error(
        `command name "${c.name}" is not valid for Discord (lower case, 1–${LIMITS.commandName} letters, digits, - or _)`,
      );
    const checkName = (name: string, what: string) => {
      if (!COMMAND_NAME.test(name) || name !== name.toLowerCase())
        throw new Error(`${what} "${name}" of /${c.name} is not a valid Discord option name`);
    };
    const optionList = (defs: AnyCommand['options']) => {
      const options = Object.entries(defs).map(([name, o]) => {
        checkName(name, 'option');
        return optionJson(name, o);
      });
      // Discord requires required options before optional ones.
      options.sort((a, b) => Number(b.required) - Number(a.required));
      return options.slice(0, LIMITS.commandOptions);
    };
    // Subcommands are options (of type Subcommand) holding their own options.
    const subs = Object.entries(c.subcommands ?? {});
    const options = subs.length
      ? subs.map(([name, s]) => {
          checkName(name, 'subcommand');
          return {
            type: ApplicationCommandOptionType.Subcommand,
            name,
            description: truncate(s.description, LIMITS.optionDescription),
            options: optionList(s.options),
          };
        })
      : optionList(c.options);
    return {
      type: ApplicationCommandType.ChatInput,
      name: c.name,
      description: truncate(c.description, LIMITS.commandDescription),
      options: options.slice(0, LIMITS.commandOptions),
      contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
      integration_types: [ApplicationIntegrationType.GuildInstall],
    } as CommandJson;
  });

/** The fields we manage, in a stable form, to compare what Discord has with what we would send. */
type Loose = { description?: string; options?: unknown[]; contexts?: number[] | null; integration_types?: number[] };
const comparableOptions = (options: unknown[] | undefined): unknown[] =>
  (options ?? []).map((o) => {
    const x = o as unknown as Record<string, unknown>;
    return {
      type: x.type,
      name: x.name,
      description: x.description,
      required: !!x.required,
      choices: (x.choices as unknown[] | undefined) ?? [],
      autocomplete: !!x.autocomplete,
      max_length: x.max_length ?? null,
      min_value: x.min_value ?? null,
      max_value: x.max_value ?? null,
      options: comparableOptions(x.options as unknown[] | undefined),
    };
  });
const comparable = (cmd: Partial<APIApplicationCommand> | CommandJson) => {
  const c = cmd as Loose;
  return JSON.stringify({
    description: c.description ?? '',
    options: comparableOptions(c.options),
    contexts: [...(c.contexts ?? [])].sort(),
    integration_types: [...(c.integration_types ?? [])].sort(),
  });
};

export type CommandDiff = { added: string[]; updated: string[]; removed: string[]; unchanged: string[] };

export const diffCommands = (
  current: readonly Partial<APIApplicationCommand>[],
  next: readonly CommandJson[],
): CommandDiff => {
  const now = new Map(current.map((c) => [c.name!, c]));
  const diff: CommandDiff = { added: [], updated: [], removed: [], unchanged: [] };
  for (const c of next) {
    const had = now.get(c.name);
    if (!had) diff.added.push(c.name);
    else if (comparable(had) !== comparable(c)) diff.updated.push(c.name);
    else diff.unchanged.push(c.name);
  }
  for (const name of now.keys()) if (!next.some((c) => c.name === name)) diff.removed.push(name);
  return diff;
};

export type DeployOptions = {
  config: Config;
  commands: readonly AnyCommand[];
  /** Where to print the summary (default stdout). */
  print?: (line: string) => void;
};

export const deployCommands = async ({
  config,
  commands,
  print = (l) => process.stdout.write(`${l}\n`),
}: DeployOptions): Promise<CommandDiff> => {
  const { token } = requireForDiscord(config);
  const rest = new REST({ ...(config.DISCORD_API_BASE ? { api: config.DISCORD_API_BASE } : {}) }).setToken(token);
  const appId = config.DISCORD_CLIENT_ID ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
  const route = config.DISCORD_GUILD_ID
    ? Routes.applicationGuildCommands(appId, config.DISCORD_GUILD_ID)
    : Routes.applicationCommands(appId);
  const body = buildCommandPayload(commands);
  const current = (await rest.get(route)) as APIApplicationCommand[];
  const diff = diffCommands(current, body);
  const where = config.DISCORD_GUILD_ID
    ? `server ${config.DISCORD_GUILD_ID}`
    : 'all servers (global; may take up to an hour to show)';
  if (diff.added.length + diff.updated.length + diff.removed.length === 0) {
    print(`Commands for ${where} are up to date (${diff.unchanged.length} unchanged).`);
    return diff;
  }
  await rest.put(route, { body });
  print(`Deployed ${body.length} commands to ${where}.`);
  for (const [label, names] of [
    ['added', diff.added],
    ['updated', diff.updated],
    ['removed', diff.removed],
    ['unchanged', diff.unchanged],
  ] as const) {
    if (names.length) print(`  ${label}: ${names.map((n) => `/${n}`).join(', ')}`);
  }
  return diff;
};

const main = async () => {
  if (process.env.DOTENV !== 'off') {
    try {
      process.loadEnvFile('.env');
    } catch {
      // no .env: the environment alone
    }
  }
  const config = loadConfig();
  const { commands } = await import('../../commands/index.js');
  await deployCommands({ config, commands });
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    process.stderr.write(`deploy: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
