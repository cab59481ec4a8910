/**
 * Running a command from an interaction — a slash command, or a button re-running one (paging,
 * post to channel, a suggested command) — and the state its answer's buttons will carry.
 */
import type { Interaction } from 'discord.js';
import {
  optionsOf,
  parseOptions,
  runParsed,
  type AnyCommand,
  type CommandContext,
  type OptionValue,
} from '../../command.js';
import type { Reply } from '../../answers/reply.js';
import type { StateArgs } from '../custom-id.js';
import { ANSWER_KEY, MORE_KEY } from '../render.js';
import type { Handling } from './context.js';
import { refusedOptions } from './respond.js';

/** Whether the command (or subcommand) takes a free question: its state then carries the answer id, not the question. */
export const takesQuestion = (command: AnyCommand, subcommand: string | null | undefined) =>
  'question' in (optionsOf(command, subcommand) ?? {});

/**
 * Paging/post state for a reply: a logged free question travels as its answer id (however long
 * the question), a topic command's answer as its options plus the id (its votes stay one answer).
 */
const stateArgs = (reply: Reply, args: Record<string, OptionValue>, more: boolean, question: boolean): StateArgs => {
  const simple: StateArgs = {};
  for (const [k, v] of Object.entries(args)) if (typeof v !== 'object') simple[k] = v;
  const expanded: StateArgs = more ? { [MORE_KEY]: true } : {};
  if (reply.answerId && question)
    return { [ANSWER_KEY]: reply.answerId, ...(simple.private === true ? { private: true } : {}), ...expanded };
  if (reply.answerId) return { ...simple, [ANSWER_KEY]: reply.answerId, ...expanded };
  return { ...simple, ...expanded };
};

export type CommandRun = { reply: Reply; args: StateArgs; name: string };

/** Parses the raw options and runs the command; a bad option becomes a private refusal. `name` is `command.subcommand` when there is one. */
export const runCommand = async (
  h: Handling,
  command: AnyCommand,
  i: Interaction,
  raw: Readonly<Record<string, unknown>>,
  subcommand: string | null,
  extra: Partial<CommandContext> = {},
): Promise<CommandRun> => {
  const parsed = parseOptions(command, raw, subcommand);
  if (!parsed.ok) return { reply: refusedOptions(parsed.error), args: {}, name: command.name };
  const reply = await runParsed(command, h.contextOf(i, extra), parsed);
  const name = parsed.subcommand ? `${command.name}.${parsed.subcommand}` : command.name;
  return {
    reply,
    args: stateArgs(reply, parsed.values, !!extra.more, takesQuestion(command, parsed.subcommand)),
    name,
  };
};
