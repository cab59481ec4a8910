/**
 * The command registry: every slash command, in the order /help lists them, and the actions
 * their buttons, menus and forms run. To add a command, write commands/<name>.ts with
 * `defineCommand` and add it to `commands` below (and its actions to `actions`).
 */
import type { AnyAction, AnyCommand } from '../src/command.js';
import { ask } from './ask.js';
import { checklist, tick, track } from './checklist.js';
import { duties } from './duties.js';
import { education } from './education.js';
import { faq, faqAdd, faqEdit } from './faq.js';
import { vote } from './feedback.js';
import { createHelpCommand } from './help.js';
import { levels } from './levels.js';
import { cancel, forget, progress } from './progress.js';
import { roles } from './roles.js';
import { salary } from './salary.js';
import { purge, settings } from './settings.js';
import { skills } from './skills.js';
import { sources } from './sources.js';
import { training } from './training.js';

export const help = createHelpCommand(() => commands);

/** The commands with their exact option types (for tests and typed callers). */
export const typedCommands = [
  ask,
  duties,
  education,
  salary,
  training,
  levels,
  skills,
  roles,
  sources,
  checklist,
  progress,
  faq,
  settings,
  help,
] as const;

/**
 * The registry as transports see it. A `CommandDef<D>` is not assignable to `AnyCommand` because
 * `run` is a function-typed property (checked contravariantly); every transport runs
 * `parseOptions` before `run`, so the handler's options always match its definition.
 */
export const commands: readonly AnyCommand[] = typedCommands as unknown as readonly AnyCommand[];

/** What buttons, select menus and forms run (by name, carried in their custom ids). */
export const actions: readonly AnyAction[] = [vote, track, tick, forget, cancel, faqAdd, faqEdit, purge];

/** A command by name ("salary", "/Salary"); undefined when there is none. */
export const findCommand = (name: string): AnyCommand | undefined => {
  const n = String(name ?? '')
    .trim()
    .replace(/^\//, '')
    .toLowerCase();
  return commands.find((c) => c.name === n);
};

/** An action by name; undefined when there is none (an old button). */
export const findAction = (name: string): AnyAction | undefined => actions.find((a) => a.name === name);
