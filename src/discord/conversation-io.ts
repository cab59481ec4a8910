/**
 * What every conversational reply shares: bodies that never ping, and the log line's channel
 * type and latency. Failures go through the one failure reporter (failure.ts).
 */
import { ChannelType } from 'discord.js';
import type { MessagePayload } from './render.js';

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
export const channelTypeName = (type: ChannelType | undefined) =>
  type === undefined ? 'unknown' : (CHANNEL_NAMES[type] ?? String(type));

export const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
export const elapsed = (started: number) => Math.round((performance.now() - started) * 100) / 100;

export type Body = Pick<MessagePayload, 'content' | 'embeds' | 'components'>;
const NO_PINGS = { parse: [], repliedUser: false } as const;
export const toSendOptions = (p: Body) => ({
  ...(p.content !== undefined ? { content: p.content } : {}),
  embeds: p.embeds,
  components: p.components,
  allowedMentions: NO_PINGS,
});
/** An edit replaces everything: a hint (text) may become an answer (embed) and back. */
export const toEditOptions = (p: Body) => ({
  content: p.content ?? '',
  embeds: p.embeds,
  components: p.components,
  allowedMentions: NO_PINGS,
});
