/**
 * Buttons and select menus. A button either re-runs a command from the state in its id (paging,
 * post to channel, a suggested command), runs an action, or is a conversation's clarifying
 * choice (handed to the conversations); a menu runs an action. Anything else is out of date.
 */
import { MessageFlags, type ButtonInteraction, type StringSelectMenuInteraction } from 'discord.js';
import type { CommandContext } from '../../command.js';
import type { Reply } from '../../answers/reply.js';
import { StoreError } from '../../store/index.js';
import { decodeCustomId, type ButtonState } from '../custom-id.js';
import { ANSWER_KEY, MORE_KEY, renderReply } from '../render.js';
import { runAction } from './action.js';
import type { Handling, Routed } from './context.js';
import { MESSAGES, notice, respond, stale, toReplyOptions, toUpdateOptions } from './respond.js';
import { runCommand, takesQuestion } from './run-command.js';

/** A logged answer's id → the question it answered (null: pruned, unknown, or no store). */
const loggedQuestion = (h: Handling, answerId: string): string | null => {
  const { store } = h.services;
  if (!store.available) return null;
  try {
    return store.answers.get(answerId)?.query ?? null;
  } catch (err) {
    if (err instanceof StoreError) return null;
    throw err;
  }
};

/** Paging, post-to-channel and suggested-command buttons: re-run the command from the state in the id. */
const rerun = async (h: Handling, i: ButtonInteraction, state: ButtonState): Promise<Routed> => {
  const [commandName, subcommand] = state.command.split('.') as [string, string | undefined];
  const command = h.command(commandName);
  if (!command) return stale(i, state.command, 'unknown-command');
  if (state.owner && state.owner !== i.user.id) {
    await notice(i, MESSAGES.notYours);
    return { outcome: 'refused', command: state.command };
  }
  const { [MORE_KEY]: more, ...stateRest } = state.args;
  let raw: Record<string, unknown> = stateRest;
  const extra: Partial<CommandContext> = state.action === 'pg' ? { paging: true } : {};
  if (more === true) extra.more = true;
  const answerId = stateRest[ANSWER_KEY];
  if (typeof answerId === 'string') {
    const question = loggedQuestion(h, answerId);
    if (question === null) return stale(i, state.command, 'answer-gone');
    const { [ANSWER_KEY]: _id, ...rest } = stateRest;
    raw = takesQuestion(command, subcommand) ? { ...rest, question } : rest;
    extra.answerId = answerId;
  }
  const { reply, args, name } = await runCommand(h, command, i, raw, subcommand ?? null, extra);
  if (state.action === 'pg') {
    // The page keeps the message's visibility and its original owner.
    const wasEphemeral = i.message.flags.has(MessageFlags.Ephemeral);
    await i.update(
      toUpdateOptions(
        renderReply(reply, {
          command: name,
          args,
          userId: state.owner ?? i.user.id,
          page: state.page,
          forcePublic: !wasEphemeral,
        }),
      ),
    );
  } else if (state.action === 'post') {
    await i.reply(toReplyOptions(renderReply(reply, { command: name, args, forcePublic: true }), false));
  } else {
    await respond(i, { ...reply, update: undefined } as Reply, { command: name, args });
  }
  return { outcome: reply.outcome, command: name };
};

/** null: a clarifying choice, which the conversations answer and log themselves. */
export const handleComponent = async (
  h: Handling,
  i: ButtonInteraction | StringSelectMenuInteraction,
): Promise<Routed | null> => {
  const from = i.isButton() ? 'button' : 'select';
  const id = decodeCustomId(i.customId, from);
  if (i.isButton() && id.kind === 'choice' && h.choices) {
    await h.choices(i, id);
    return null;
  }
  if (i.isButton() && id.kind === 'state') return rerun(h, i, id);
  if (id.kind === 'action') return runAction(h, i, id, from);
  return stale(i, null, id.kind === 'rejected' ? id.reason : 'no-handler');
};
