/**
 * Sending a handler's Reply as the interaction's response: a form, an update of the message a
 * control sits on, an edit of a deferred reply, or a new (possibly ephemeral) message. Nothing
 * sent here pings anyone.
 */
import {
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionReplyOptions,
  type MessageComponentInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Reply } from '../../answers/reply.js';
import type { StateArgs } from '../custom-id.js';
import { failureText } from '../failure.js';
import { renderModal, renderNotice, renderReply, type MessagePayload } from '../render.js';
import type { Routed } from './context.js';

export type Repliable = ChatInputCommandInteraction | MessageComponentInteraction | ModalSubmitInteraction;

export const MESSAGES = {
  stale: 'This button is from an older version of Checkpoint. Please run the command again.',
  notYours: 'Only the person who asked can page through this answer. Run the command yourself to get your own copy.',
  unknownCommand: (name: string) =>
    `I don't know \`/${name.replace(/[^\w-]/g, '')}\` (it may have been removed). Type \`/\` to see my commands.`,
  error: failureText,
  attachment: "I couldn't download that file. Please attach it again.",
} as const;

export const toReplyOptions = (p: MessagePayload, ephemeral: boolean): InteractionReplyOptions => ({
  ...(p.content !== undefined ? { content: p.content } : {}),
  embeds: p.embeds,
  components: p.components,
  allowedMentions: { parse: [] },
  ...(p.files?.length
    ? { files: p.files.map((f) => ({ attachment: Buffer.from(f.content, 'utf8'), name: f.name })) }
    : {}),
  ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
});

/** The same message as an update of the one a control sits on (an update keeps the message's visibility). */
export const toUpdateOptions = (p: MessagePayload): Parameters<ButtonInteraction['update']>[0] => {
  const { flags: _flags, ...update } = toReplyOptions(p, false);
  return update as Parameters<ButtonInteraction['update']>[0];
};

/** A short private text: a follow-up when the interaction was already answered. */
export const notice = async (i: Repliable, text: string): Promise<void> => {
  const opts = toReplyOptions(renderNotice(text), true);
  if (i.replied || i.deferred) await i.followUp(opts);
  else await i.reply(opts);
};

export const refusedOptions = (error: string): Reply => ({
  outcome: 'refused',
  title: 'Check your options',
  intro: error,
  items: [],
  citations: [],
  private: true,
  shareable: false,
});

/** An id we do not run: the same "out of date" reply whatever was wrong with it. */
export const stale = async (i: Repliable, command: string | null, why: string): Promise<Routed> => {
  await notice(i, MESSAGES.stale);
  return { outcome: 'info', command, stale: why };
};

export type RespondOptions = {
  command?: string;
  args?: StateArgs;
  userId?: string;
  page?: number;
  forcePublic?: boolean;
};

/** Sends a reply as the first response to a command or component (modal, update or new message). */
export const respond = async (i: Repliable, reply: Reply, render: RespondOptions = {}): Promise<void> => {
  if (reply.modal && !i.isModalSubmit() && !i.deferred && !i.replied) {
    await i.showModal(renderModal(reply.modal));
    return;
  }
  const out = renderReply(reply, {
    ...(render.command && render.args ? { command: render.command, args: render.args } : {}),
    userId: render.userId ?? i.user.id,
    ...(render.page !== undefined ? { page: render.page } : {}),
    ...(render.forcePublic ? { forcePublic: true } : {}),
  });
  const canUpdate = i.isMessageComponent() || (i.isModalSubmit() && i.isFromMessage());
  if (reply.update && canUpdate && !i.deferred && !i.replied) {
    await (i as ButtonInteraction).update(toUpdateOptions(out));
    return;
  }
  if (i.deferred) {
    const { flags: _flags, ...edit } = toReplyOptions(out, false);
    await i.editReply(edit);
    return;
  }
  await i.reply(toReplyOptions(out, out.ephemeral));
};
