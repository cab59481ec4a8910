/** REST routes for channels: reading, typing, messages (replies, edits, deletes), reactions, threads. */
import type { APIMessage } from 'discord.js';
import { snowflake, threadChannel, type GuildPayload, type RawChannel } from '../payloads.js';
import { countMessage } from './incoming.js';
import { applyEdit, buildBotMessage } from './messages.js';
import {
  discordError,
  fieldError,
  invalidMessage,
  messageBody,
  route,
  type FakeContext,
  type Route,
  type RouteContext,
  type RouteResult,
} from './rest.js';
import { isObj } from './world.js';

const unknownChannel = (): RouteResult => discordError(404, 10003, 'Unknown Channel');
const unknownMessage = (): RouteResult => discordError(404, 10008, 'Unknown Message');

export function channelRoutes(fake: FakeContext): Route[] {
  const { world } = fake;
  const reactionRoute = '/channels/:cid/messages/:mid/reactions/:emoji/@me';
  return [
    route('GET', '/channels/:cid', ({ params }) => {
      const c = world.channels.get(params[0]!);
      return c ? { status: 200, body: c } : unknownChannel();
    }),
    route('POST', '/channels/:cid/typing', ({ params }) =>
      world.channels.has(params[0]!) ? { status: 204 } : unknownChannel(),
    ),
    route('GET', '/channels/:cid/messages', (ctx) => listMessages(fake, ctx)),
    route('POST', '/channels/:cid/messages', (ctx) => createChannelMessage(fake, ctx)),
    route('GET', '/channels/:cid/messages/:mid', ({ params }) => {
      const m = world.messageIn(params[0], params[1]);
      return m ? { status: 200, body: m } : unknownMessage();
    }),
    route('PATCH', '/channels/:cid/messages/:mid', (ctx) => editChannelMessage(fake, ctx)),
    route('DELETE', '/channels/:cid/messages/:mid', ({ params }) => {
      const m = world.messageIn(params[0], params[1]);
      if (!m) return unknownMessage();
      world.messages.delete(m.id);
      return { status: 204 };
    }),
    route('PUT', reactionRoute, (ctx) => react(fake, ctx, true)),
    route('DELETE', reactionRoute, (ctx) => react(fake, ctx, false)),
    route('POST', '/channels/:cid/messages/:mid/threads', (ctx) => startThread(fake, ctx, true)),
    route('POST', '/channels/:cid/threads', (ctx) => startThread(fake, ctx, false)),
  ];
}

/** Newest first, with `before`/`after` by snowflake and `limit` (max 100), as Discord pages. */
function listMessages({ world }: FakeContext, { params, req }: RouteContext): RouteResult {
  if (!world.channels.has(params[0]!)) return unknownChannel();
  const limit = Math.min(Number(req.query.limit ?? 50), 100);
  let list = [...world.messages.values()].filter((m) => m.channel_id === params[0]);
  if (req.query.before) list = list.filter((m) => BigInt(m.id) < BigInt(req.query.before!));
  if (req.query.after) list = list.filter((m) => BigInt(m.id) > BigInt(req.query.after!));
  list.sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  return { status: 200, body: list.slice(0, limit) };
}

function createChannelMessage(fake: FakeContext, { params, req }: RouteContext): RouteResult {
  const { world } = fake;
  const channelId = params[0]!;
  const channel = world.channels.get(channelId);
  if (!channel) return unknownChannel();
  if (channel.type === 4) return discordError(400, 50008, 'Cannot send messages in a non-text channel');
  const body = messageBody(req);
  const invalid = invalidMessage(fake, body, req.files, true);
  if (invalid) return invalid;
  const extra = replyFields(fake, channel, body.message_reference);
  if ('status' in extra) return extra;
  const message = buildBotMessage(world, channelId, body, req.files, extra);
  // Replying pings the replied-to author unless allowed_mentions.replied_user is false.
  const am = isObj(body.allowed_mentions) ? body.allowed_mentions : undefined;
  const repliedTo = extra.referenced_message?.author;
  if (repliedTo && (!am || am.replied_user !== false) && !message.mentions.some((u) => u.id === repliedTo.id)) {
    message.mentions = [...message.mentions, repliedTo];
  }
  world.storeMessage(message);
  countMessage(channel, message.id);
  fake.recorder.recordSent({ kind: 'channel', message, body, files: req.files, request: req });
  fake.gateway.echoBotMessage(message);
  return { status: 200, body: message };
}

/** The reply (type 19) or forward fields for a `message_reference`, or Discord's 400 for an unknown message. */
function replyFields(
  { world }: FakeContext,
  channel: RawChannel,
  reference: unknown,
): Partial<APIMessage> | RouteResult {
  const ref = isObj(reference) ? reference : undefined;
  if (!ref || typeof ref.message_id !== 'string') return {};
  const referenced = world.messages.get(ref.message_id);
  if (!referenced && ref.fail_if_not_exists !== false) {
    return fieldError('message_reference', 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
  }
  const isForward = ref.type === 1;
  const guildId = (channel as { guild_id?: string }).guild_id;
  return {
    type: isForward ? 0 : 19,
    message_reference: {
      type: isForward ? 1 : 0,
      message_id: ref.message_id,
      channel_id: (ref.channel_id as string | undefined) ?? referenced?.channel_id ?? channel.id,
      ...(guildId ? { guild_id: guildId } : {}),
    } as APIMessage['message_reference'],
    ...(isForward ? {} : { referenced_message: referenced ?? null }),
  };
}

function editChannelMessage(fake: FakeContext, { params, req }: RouteContext): RouteResult {
  const { world } = fake;
  const m = world.messageIn(params[0], params[1]);
  if (!m) return unknownMessage();
  const body = messageBody(req);
  // Others' messages: the bot may only change flags (e.g. suppress embeds), never their text.
  if (m.author.id !== world.botUser.id && (body.content !== undefined || body.embeds !== undefined)) {
    return discordError(403, 50005, 'Cannot edit a message authored by another user');
  }
  const invalid = invalidMessage(fake, body, req.files, false);
  if (invalid) return invalid;
  const updated = applyEdit(world, m, body, req.files, true);
  world.storeMessage(updated);
  fake.recorder.recordSent({ kind: 'edit', message: updated, body, files: req.files, request: req, target: m.id });
  return { status: 200, body: updated };
}

/** Adds or removes the bot's own reaction (`name` or `name:id`). */
function react({ world }: FakeContext, { params }: RouteContext, add: boolean): RouteResult {
  const m = world.messageIn(params[0], params[1]);
  if (!m) return unknownMessage();
  const emoji = params[2]!;
  const [name, id] = emoji.includes(':') ? emoji.split(':') : [emoji, null];
  const reactions = [...(m.reactions ?? [])];
  const idx = reactions.findIndex((r) => (id ? r.emoji.id === id : r.emoji.name === name));
  const r = reactions[idx];
  if (add && !r) {
    reactions.push({
      count: 1,
      count_details: { burst: 0, normal: 1 },
      me: true,
      me_burst: false,
      burst_colors: [],
      emoji: { id: id ?? null, name: name ?? null },
    });
  } else if (add && r && !r.me) {
    reactions[idx] = { ...r, count: r.count + 1, me: true };
  } else if (!add && r?.me) {
    if (r.count <= 1) reactions.splice(idx, 1);
    else reactions[idx] = { ...r, count: r.count - 1, me: false };
  }
  world.storeMessage({ ...m, reactions });
  return { status: 204 };
}

function startThread(fake: FakeContext, { params, req }: RouteContext, fromMessage: boolean): RouteResult {
  const { world, opts } = fake;
  const parentId = params[0]!;
  const parent = world.channels.get(parentId);
  if (!parent) return unknownChannel();
  const g = world.guildOf(parent);
  if (!g || ![0, 5, 15, 16].includes(parent.type))
    return discordError(400, 50024, 'Cannot execute action on this channel type');
  const body = isObj(req.body) ? req.body : {};
  const name = typeof body.name === 'string' ? body.name : '';
  if (opts.validate && (name.length < 1 || name.length > 100)) {
    return fieldError('name', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  }
  let id: string;
  let type: number;
  const starter = fromMessage ? world.messageIn(parentId, params[1]) : undefined;
  if (fromMessage) {
    if (!starter) return unknownMessage();
    if (world.channels.has(starter.id))
      return discordError(400, 160004, 'A thread has already been created for this message');
    id = starter.id; // Discord: a thread started from a message has the message's id.
    type = parent.type === 5 ? 10 : 11;
  } else {
    id = snowflake();
    type = typeof body.type === 'number' ? body.type : 12;
  }
  const thread = threadChannel(
    { id, name, guildId: g.id, parentId, type, ownerId: world.botUser.id },
    {
      rate_limit_per_user: typeof body.rate_limit_per_user === 'number' ? body.rate_limit_per_user : 0,
      thread_metadata: {
        auto_archive_duration: typeof body.auto_archive_duration === 'number' ? body.auto_archive_duration : 1440,
      },
      member: { id, user_id: world.botUser.id, join_timestamp: new Date().toISOString(), flags: 1 },
    },
  );
  world.channels.set(id, thread);
  g.threads.push(thread as GuildPayload['threads'][number]);
  if (starter) world.storeMessage({ ...starter, thread: thread as APIMessage['thread'] });
  fake.gateway.emitSoon('THREAD_CREATE', { ...thread, newly_created: true });
  return { status: 201, body: thread };
}
