/**
 * Which messages are meant for the bot: DMs, mentions of the bot (`<@id>`, `<@!id>`, or its own
 * managed role, which Discord's autocomplete offers beside the bot), replies to its answers, and
 * anything in a thread it started for a live conversation. Everything else — other bots, webhooks,
 * system messages, `@everyone`/`@here`/role-only pings, chatter — is left alone.
 */
import { MessageReferenceType, MessageType, PermissionFlagsBits, type Message } from 'discord.js';

export type Addressed = {
  addressed: true;
  inDm: boolean;
  /** The message itself names the bot (its content then arrives even without the Message Content intent). */
  directMention: boolean;
  /** Replying (message_reference) needs Read Message History; without it, answer without the reply link. */
  canReply: boolean;
  /** Without Embed Links Discord drops a message's embeds: the answer then goes out as text. */
  canEmbed: boolean;
};
export type Ignored = { addressed: false; reason: string; quiet: boolean };

const ignored = (reason: string, quiet = false): Ignored => ({ addressed: false, reason, quiet });

/** `ownThread(id)`: the bot started this thread for a conversation that is still live. */
export const classifyMessage = (
  message: Message,
  botId: string,
  ownThread: (threadId: string) => boolean,
): Addressed | Ignored => {
  if (message.system || (message.type !== MessageType.Default && message.type !== MessageType.Reply))
    return ignored('system', true);

  const inDm = !message.inGuild();
  const botRole = message.inGuild() ? message.guild.roles.botRoleFor(botId)?.id : undefined;
  const directMention =
    new RegExp(`<@!?${botId}>`).test(message.content) ||
    message.mentions.users.has(botId) ||
    (!!botRole && message.mentions.roles.has(botRole));
  const repliedToBot =
    message.reference?.type !== MessageReferenceType.Forward && message.mentions.repliedUser?.id === botId;
  const inOwnThread = message.channel.isThread() && message.channel.ownerId === botId && ownThread(message.channelId);

  if (!inDm && !directMention && !repliedToBot && !inOwnThread) {
    if (message.mentions.everyone) return ignored('everyone-only');
    if (message.mentions.roles.size > 0) return ignored('role-only');
    return ignored('not-addressed', true);
  }
  if (message.author.bot || message.webhookId) return ignored('bot');

  let canReply = true;
  let canEmbed = true;
  if (message.inGuild()) {
    const me = message.guild.members.me;
    const perms = me ? message.channel.permissionsFor(me) : null;
    const send = message.channel.isThread()
      ? PermissionFlagsBits.SendMessagesInThreads
      : PermissionFlagsBits.SendMessages;
    if (perms && (!perms.has(PermissionFlagsBits.ViewChannel) || !perms.has(send))) return ignored('no-permission');
    if (perms && !perms.has(PermissionFlagsBits.ReadMessageHistory)) canReply = false;
    if (perms && !perms.has(PermissionFlagsBits.EmbedLinks)) canEmbed = false;
  }
  return { addressed: true, inDm, directMention, canReply, canEmbed };
};
