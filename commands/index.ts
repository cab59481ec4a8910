/**
 * The command registry: every slash command, in the order /help lists them. To add a command,
 * write commands/<name>.ts with `defineCommand` and add it to `commands` below.
 */
import type { AnyCommand } from '../src/command.js';
import { ask } from './ask.js';
import { duties } from './duties.js';
import { education } from './education.js';
import { createHelpCommand } from './help.js';
import { levels } from './levels.js';
import { roles } from './roles.js';
import { salary } from './salary.js';
import { skills } from './skills.js';
import { sources } from './sources.js';
import { training } from './training.js';

export const help = createHelpCommand(() => commands);

/** The commands with their exact option types (for tests and typed callers). */
export const typedCommands = [ask, duties, education, salary, training, levels, skills, roles, sources, help] as const;

/**
 * The registry as transports see it. A `CommandDef<D>` is not assignable to `AnyCommand` because
 * `run` is a function-typed property (checked contravariantly); every transport runs
 * `parseOptions` before `run`, so the handler's options always match its definition.
 */
export const commands: readonly AnyCommand[] = typedCommands as unknown as readonly AnyCommand[];

/** A command by name ("salary", "/Salary"); undefined when there is none. */
export const findCommand = (name: string): AnyCommand | undefined => {
  const n = String(name ?? '').trim().replace(/^\//, '').toLowerCase();
  return commands.find((c) => c.name === n);
};
