/**
 * "Continue in threads" (a per-server setting): the bot starts a public thread under its first
 * answer, and follow-ups there need no mention while the conversation lives. Without the
 * permission to create threads (or if Discord refuses), the conversation simply stays a reply
 * chain in the channel: the answer is already out.
 */
import { ChannelType, PermissionFlagsBits, ThreadAutoArchiveDuration, type Message } from 'discord.js';
import { cleanUserText } from '../answers/views.js';
import type { Logger } from '../log.js';
import { LIMITS, truncate } from './limits.js';

export type ThreadOutcome = { thread: string } | { thread: 'no-permission' | 'failed' | 'not-here' };

export const startConversationThread = async (
  message: Message<true>,
  answer: Message,
  question: string,
  logger: Logger,
): Promise<ThreadOutcome> => {
  const channel = message.channel;
  if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement)
    return { thread: 'not-here' };
  const me = message.guild.members.me;
  const perms = me ? channel.permissionsFor(me) : null;
  if (perms && !perms.has([PermissionFlagsBits.CreatePublicThreads, PermissionFlagsBits.SendMessagesInThreads]))
    return { thread: 'no-permission' };
  try {
    const name = truncate(cleanUserText(question, LIMITS.threadName) || 'Checkpoint', LIMITS.threadName);
    const thread = await answer.startThread({ name, autoArchiveDuration: ThreadAutoArchiveDuration.OneHour });
    return { thread: thread.id };
  } catch (err) {
    logger.warn({ err, messageId: message.id }, 'could not start a conversation thread');
    return { thread: 'failed' };
  }
};
