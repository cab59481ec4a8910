/**
 * What every conversational reply shares: bodies that never ping, the log line's channel type
 * and latency, and the one error path (a short notice with a reference, never an exception
 * into discord.js).
 */
import { randomBytes } from 'node:crypto';
import { ChannelType } from 'discord.js';
import type { Logger } from '../log.js';
import { renderNotice, type MessagePayload } from './render.js';
import { MESSAGES as ROUTER_MESSAGES } from './router.js';

const CHANNEL_NAMES: Partial<Record<ChannelType, string>> = {
  [ChannelType.DM]: 'dm',
  [ChannelType.GuildText]: 'text',
  [ChannelType.GuildAnnouncement]: 'announcement',
  [ChannelType.PublicThread]: 'thread',
  [ChannelType.PrivateThread]: 'private-thread',
  [ChannelType.AnnouncementThread]: 'announcement-thread',
  [ChannelType.GuildVoice]: 'voice',
  [ChannelType.GuildStageVoice]: 'stage',
};
export const channelTypeName = (type: ChannelType | undefined) => (type === undefined ? 'unknown' : (CHANNEL_NAMES[type] ?? String(type)));

const newRef = () => randomBytes(2).toString('hex').toUpperCase();
export const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
export const elapsed = (started: number) => Math.round((performance.now() - started) * 100) / 100;

export type Body = Pick<MessagePayload, 'content' | 'embeds' | 'components'>;
const NO_PINGS = { parse: [], repliedUser: false } as const;
export const toSendOptions = (p: Body) => ({ ...(p.content !== undefined ? { content: p.content } : {}), embeds: p.embeds, components: p.components, allowedMentions: NO_PINGS });
/** An edit replaces everything: a hint (text) may become an answer (embed) and back. */
export const toEditOptions = (p: Body) => ({ content: p.content ?? '', embeds: p.embeds, components: p.components, allowedMentions: NO_PINGS });

export type Line = Record<string, unknown>;

/** Logs the failure with a short reference and tells the member (if Discord lets us). */
export const reportFailure = async (logger: Logger, err: unknown, line: Line, what: string, notify: (body: Body) => Promise<unknown>): Promise<void> => {
  const ref = newRef();
  line.ref = ref;
  logger.error({ err, ref, ...line }, `${what} failed`);
  try {
    await notify(renderNotice(ROUTER_MESSAGES.error(ref)));
  } catch (replyErr) {
    logger.warn({ err: replyErr, ref }, 'could not send the error reply');
  }
};
