/**
 * Running a registered action from a button, a select menu or a form, with the arguments its id
 * carries and what the member picked or typed — only from the kind of control that issues it, so
 * a forged or garbled id runs nothing.
 */
import type { ButtonInteraction, ModalSubmitInteraction, StringSelectMenuInteraction } from 'discord.js';
import { NO_INPUT, type ActionInput, type ActionSource } from '../../command.js';
import type { ActionId } from '../custom-id.js';
import type { Handling, Routed } from './context.js';
import { respond, stale } from './respond.js';

export type ActionInteraction = ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction;

/** What the member picked (a menu) or typed (a form) when the action fired. */
const inputOf = (i: ActionInteraction): ActionInput => {
  if (i.isStringSelectMenu()) return { values: [...i.values], fields: {} };
  if (!i.isModalSubmit()) return NO_INPUT;
  const fields: Record<string, string> = {};
  for (const [id, f] of i.fields.fields) if ('value' in f && typeof f.value === 'string') fields[id] = f.value;
  return { values: [], fields };
};

export const runAction = async (
  h: Handling,
  i: ActionInteraction,
  id: ActionId,
  from: ActionSource,
): Promise<Routed> => {
  const action = h.action(id.action);
  if (!action) return stale(i, id.action, 'unknown-action');
  if (action.from !== from) return stale(i, id.action, 'wrong-component');
  const reply = await action.run(h.contextOf(i), id.args, inputOf(i));
  await respond(i, reply);
  return { outcome: reply.outcome, command: id.action };
};
