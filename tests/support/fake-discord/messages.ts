/**
 * Turning what the bot sends into the message Discord would store: mentions resolved under
 * allowed_mentions, files become attachments, edits touch only the fields they carry.
 */
import type { APIAttachment, APIMessage } from 'discord.js';
import { MessageFlag, snowflake } from '../payloads.js';
import type { RecordedFile } from './http.js';
import type { MessageBody } from './types.js';
import { isObj, type World } from './world.js';

type Mentions = Pick<APIMessage, 'mentions' | 'mention_roles' | 'mention_everyone'>;

/** Discord resolves mentions server-side, and only those allowed_mentions lets through. */
function mentionsFor(world: World, content: string, allowed: unknown, guildId?: string): Mentions {
  const am = isObj(allowed) ? allowed : undefined;
  const parse = Array.isArray(am?.parse) ? (am.parse as string[]) : undefined;
  const allows = (kind: 'users' | 'roles', id: string): boolean =>
    !am || parse?.includes(kind) === true || (Array.isArray(am[kind]) && (am[kind] as unknown[]).includes(id));
  const idsOf = (re: RegExp): string[] => [...new Set([...content.matchAll(re)].map((m) => m[1]!))];
  const userIds = idsOf(/<@!?(\d{15,21})>/g).filter((id) => allows('users', id));
  const roleIds = idsOf(/<@&(\d{15,21})>/g).filter((id) => allows('roles', id));
  const g = world.guildById(guildId);
  return {
    mentions: userIds.map(
      (id) =>
        world.users.get(id) ?? { id, username: `user-${id}`, discriminator: '0', global_name: null, avatar: null },
    ),
    mention_roles: g ? roleIds.filter((id) => g.roles.some((r) => r.id === id)) : [],
    mention_everyone: /@(everyone|here)\b/.test(content) && (!am || parse?.includes('everyone') === true),
  };
}

/** Keeps the existing attachments the body still lists (all when it lists none) and adds the uploaded files. */
function attachmentsFor(
  channelId: string,
  body: MessageBody,
  files: RecordedFile[],
  existing: APIAttachment[] = [],
): APIAttachment[] {
  const described = Array.isArray(body.attachments)
    ? (body.attachments as unknown as Array<Record<string, unknown>>)
    : undefined;
  const kept = described ? existing.filter((a) => described.some((d) => String(d.id) === a.id)) : existing;
  const added = files.map((f, index): APIAttachment => {
    const id = snowflake();
    const meta = described?.find((d) => String(d.id) === String(index) || d.filename === f.name);
    const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(f.name)}`;
    return {
      id,
      filename: f.name,
      size: f.data.length,
      url,
      proxy_url: url.replace('cdn.discordapp.com', 'media.discordapp.net'),
      content_type: f.contentType,
      ...(typeof meta?.description === 'string' ? { description: meta.description } : {}),
    };
  });
  return [...kept, ...added];
}

/** Builds a message the bot sends (channel message, interaction response or follow-up). */
export function buildBotMessage(
  world: World,
  channelId: string,
  body: MessageBody,
  files: RecordedFile[],
  extra: Partial<APIMessage> = {},
): APIMessage {
  const content = typeof body.content === 'string' ? body.content : '';
  return {
    id: snowflake(),
    channel_id: channelId,
    author: world.botUser,
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: body.tts === true,
    ...mentionsFor(world, content, body.allowed_mentions, world.guildIdOf(channelId)),
    attachments: attachmentsFor(channelId, body, files),
    embeds: (body.embeds ?? []) as APIMessage['embeds'],
    pinned: false,
    type: 0,
    flags: (typeof body.flags === 'number' ? body.flags : 0) as APIMessage['flags'],
    components: (body.components ?? []) as APIMessage['components'],
    ...(body.nonce !== undefined ? { nonce: body.nonce as string } : {}),
    ...(body.poll ? { poll: body.poll as unknown as APIMessage['poll'] } : {}),
    ...extra,
  };
}

/** The message after an edit: only the fields present in `body` change. */
export function applyEdit(
  world: World,
  message: APIMessage,
  body: MessageBody,
  files: RecordedFile[],
  markEdited: boolean,
): APIMessage {
  const updated: APIMessage = { ...message };
  if (body.content !== undefined) {
    updated.content = body.content ?? '';
    Object.assign(
      updated,
      mentionsFor(world, updated.content, body.allowed_mentions, world.guildIdOf(message.channel_id)),
    );
  }
  if (body.embeds !== undefined) updated.embeds = (body.embeds ?? []) as APIMessage['embeds'];
  if (body.components !== undefined) updated.components = (body.components ?? []) as APIMessage['components'];
  if (body.attachments !== undefined || files.length > 0) {
    updated.attachments = attachmentsFor(message.channel_id, body, files, message.attachments);
  }
  if (typeof body.flags === 'number') {
    // Only some flags are editable (suppress embeds, components v2); ephemeral/loading stay as they were.
    const fixed = MessageFlag.Ephemeral | MessageFlag.Loading;
    updated.flags = ((message.flags ?? 0) & fixed) | (body.flags & ~fixed);
  }
  if (markEdited) updated.edited_timestamp = new Date().toISOString();
  return updated;
}

export function isEmptyMessage(m: APIMessage): boolean {
  return (
    !m.content && m.embeds.length === 0 && (m.components?.length ?? 0) === 0 && m.attachments.length === 0 && !m.poll
  );
}
