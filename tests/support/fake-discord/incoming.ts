/**
 * Payloads a test dispatches (INTERACTION_CREATE, MESSAGE_CREATE), completed the way Discord would
 * send them: application id, resolved channel, computed permissions, the registered command's id,
 * full user objects for mentions. Plain functions over the world; `warn` reports test mistakes.
 */
import type { APIGuildMember, APIMessage, APIUser } from 'discord.js';
import { ALL_PERMISSIONS, DEFAULT_MEMBER_PERMISSIONS, Permission, dmChannel, type RawChannel } from '../payloads.js';
import { computePermissions } from './permissions.js';
import type { InteractionRecord } from './types.js';
import { isObj, type World } from './world.js';

type Payload = Record<string, unknown>;
type Warn = (message: string) => void;

/** What Discord grants an app in a DM, where there are no roles to compute from. */
const DM_APP_PERMISSIONS =
  Permission.AddReactions |
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.UseExternalEmojis |
  Permission.UseApplicationCommands;

/** Completes an INTERACTION_CREATE payload in place and registers its record (callbacks, original, follow-ups). */
export function prepareInteraction(world: World, warn: Warn, d: Payload): Payload {
  if (typeof d.id !== 'string' || typeof d.token !== 'string') {
    throw new Error('fake-discord: INTERACTION_CREATE needs string id and token (use payloads.*)');
  }
  d.application_id ??= world.applicationId;
  const guildId = typeof d.guild_id === 'string' ? d.guild_id : undefined;
  const g = world.guildById(guildId);
  const channel = resolveChannel(world, warn, d, guildId);
  if (guildId && !g) warn(`interaction ${String(d.id)} in guild ${guildId}, which the fake does not know`);
  if (channel) {
    d.channel = { ...channel };
    d.channel_id = channel.id;
  }
  const invoker =
    (isObj(d.member) ? (d.member.user as APIUser | undefined) : undefined) ?? (d.user as APIUser | undefined);
  world.rememberUser(invoker);
  if (g && isObj(d.member)) {
    const m = d.member as unknown as APIGuildMember & { permissions?: string };
    if (invoker && !world.memberOf(g, invoker.id)) {
      const { permissions: _p, ...stored } = m;
      g.members.push(stored as APIGuildMember);
    }
    m.permissions ??= computePermissions(g, invoker?.id ?? '', m.roles ?? [], channel).toString();
  } else if (isObj(d.member)) {
    (d.member as { permissions?: string }).permissions ??= DEFAULT_MEMBER_PERMISSIONS.toString();
  }
  if (d.app_permissions === undefined) {
    const perms = g
      ? computePermissions(g, world.botUser.id, world.botMember(g).roles, channel)
      : guildId
        ? ALL_PERMISSIONS
        : DM_APP_PERMISSIONS;
    d.app_permissions = perms.toString();
  }
  useRegisteredCommandId(world, d, guildId);
  if (isObj(d.message)) world.storeMessage(d.message as unknown as APIMessage);
  const record: InteractionRecord = {
    id: d.id,
    token: d.token,
    type: Number(d.type),
    payload: d,
    dispatchedAt: performance.now(),
    callbacks: [],
    original: null,
    loading: false,
    originalDeleted: false,
    followUps: [],
  };
  world.registerInteraction(record);
  return d;
}

/** The interaction's channel as the fake knows it; a DM channel the test describes is learnt. */
function resolveChannel(world: World, warn: Warn, d: Payload, guildId: string | undefined): RawChannel | undefined {
  const channelData = isObj(d.channel) ? d.channel : undefined;
  const channelId =
    (typeof d.channel_id === 'string' ? d.channel_id : undefined) ?? (channelData?.id as string | undefined);
  const known = channelId ? world.channels.get(channelId) : undefined;
  if (!channelId || known) return known;
  if (guildId) {
    warn(
      `interaction ${String(d.id)} in channel ${channelId}, which is not a channel of guild ${guildId} known to the fake (interaction.channel will be null)`,
    );
    return undefined;
  }
  if (!channelData) return undefined;
  const learnt = { ...channelData } as unknown as RawChannel;
  world.channels.set(channelId, learnt);
  return learnt;
}

/** Commands carry the id of the registered command with the same name (guild first), as Discord's do. */
function useRegisteredCommandId(world: World, d: Payload, guildId: string | undefined): void {
  const data = isObj(d.data) ? d.data : undefined;
  if ((d.type !== 2 && d.type !== 4) || !data || typeof data.name !== 'string') return;
  const scoped = guildId ? world.registeredCommands(guildId).find((c) => c.name === data.name) : undefined;
  const cmd = scoped ?? world.registeredCommands().find((c) => c.name === data.name);
  if (!cmd) return;
  data.id = cmd.id;
  if (scoped) data.guild_id = guildId;
}

/** Completes a MESSAGE_CREATE payload in place and stores the message (for replies and threads). */
export function prepareIncomingMessage(world: World, warn: Warn, d: Payload): Payload {
  const channelId = String(d.channel_id);
  const guildId = typeof d.guild_id === 'string' ? d.guild_id : undefined;
  world.rememberUser(d.author);
  if (!world.channels.has(channelId)) {
    if (guildId) {
      warn(
        `MESSAGE_CREATE in channel ${channelId}, which is not a channel of guild ${guildId} known to the fake (discord.js drops it unless partials include Channel)`,
      );
    } else {
      world.channels.set(channelId, dmChannel({ id: channelId, recipient: d.author as APIUser }));
    }
  }
  // Discord resolves mentions server-side: upgrade known users to their full objects.
  if (Array.isArray(d.mentions)) {
    d.mentions = (d.mentions as Payload[]).map((m) => {
      const known = typeof m.id === 'string' ? world.users.get(m.id) : undefined;
      return known ? { ...m, ...known } : m;
    });
  }
  world.storeMessage(d as unknown as APIMessage);
  countMessage(world.channels.get(channelId), String(d.id));
  return d;
}

/** Channel bookkeeping Discord does for every new message. */
export function countMessage(channel: RawChannel | undefined, messageId: string): void {
  const ch = channel as { message_count?: number; last_message_id?: string } | undefined;
  if (!ch) return;
  ch.last_message_id = messageId;
  if (typeof ch.message_count === 'number') ch.message_count += 1;
}

/** "the slash command /ask", "the button "x"": how a timed-out interact() names what went unanswered. */
export function describeInteraction(p: Payload): string {
  const data = isObj(p.data) ? p.data : {};
  const sub = (opts: unknown): string => {
    const first = Array.isArray(opts)
      ? (opts[0] as { type?: number; name?: string; options?: unknown } | undefined)
      : undefined;
    return first && (first.type === 1 || first.type === 2) ? ` ${first.name}${sub(first.options)}` : '';
  };
  switch (p.type) {
    case 2:
      return `the slash command /${String(data.name)}${sub(data.options)}`;
    case 3:
      return `the ${data.component_type === 2 ? 'button' : 'select menu'} "${String(data.custom_id)}"`;
    case 4:
      return `autocomplete for /${String(data.name)}`;
    case 5:
      return `the modal submit "${String(data.custom_id)}"`;
    default:
      return `interaction type ${String(p.type)}`;
  }
}
