/**
 * The fake's model of Discord's side: guilds, channels, users, messages, registered commands and the
 * interactions it dispatched. REST routes and the gateway both read and change it, so it is one
 * object they share; it knows nothing about HTTP or sockets.
 */
import type { APIApplicationCommand, APIGuildMember, APIMessage, APIUser } from 'discord.js';
import {
  guild as buildGuild,
  member as buildMember,
  role as buildRole,
  type GuildInit,
  type GuildPayload,
  type RawChannel,
} from '../payloads.js';
import type { InteractionRecord } from './types.js';

export const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export class World {
  /** Live guild state (threads and members the fake learns are added here). */
  readonly guilds: GuildPayload[] = [];
  readonly channels = new Map<string, RawChannel>();
  readonly users = new Map<string, APIUser>();
  readonly messages = new Map<string, APIMessage>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();
  /** Keyed by guild id, or `global`. */
  readonly commands = new Map<string, APIApplicationCommand[]>();

  constructor(
    readonly botUser: APIUser,
    readonly applicationId: string,
    private readonly botPermissions: bigint,
  ) {
    this.users.set(botUser.id, botUser);
  }

  /** Adds (or replaces, by id) a guild, with the bot's managed role and member as Discord creates them on join. */
  addGuild(init: GuildInit | GuildPayload): GuildPayload {
    const g: GuildPayload =
      'roles' in init && Array.isArray(init.roles) && 'member_count' in init
        ? (init as GuildPayload)
        : buildGuild(init as GuildInit);
    let botRole = g.roles.find((r) => r.tags?.bot_id === this.botUser.id);
    if (!botRole) {
      botRole = buildRole(
        { name: this.botUser.username, managed: true, position: 1, permissions: this.botPermissions },
        { tags: { bot_id: this.botUser.id } },
      );
      g.roles.push(botRole);
    }
    if (!g.members.some((m) => m.user?.id === this.botUser.id)) {
      g.members.push(buildMember({ user: this.botUser, roles: [botRole.id], joinedAt: g.joined_at }));
    }
    g.member_count = Math.max(g.member_count, g.members.length);
    const existing = this.guilds.findIndex((x) => x.id === g.id);
    if (existing >= 0) this.guilds[existing] = g;
    else this.guilds.push(g);
    for (const c of [...g.channels, ...g.threads]) this.channels.set(c.id, { ...c, guild_id: g.id } as RawChannel);
    for (const m of g.members) if (m.user) this.users.set(m.user.id, m.user);
    return g;
  }

  guildById(id: string | undefined): GuildPayload | undefined {
    return id === undefined ? undefined : this.guilds.find((g) => g.id === id);
  }

  /** The guild id of a known channel (undefined for DMs and unknown channels). */
  guildIdOf(channelId: string): string | undefined {
    return (this.channels.get(channelId) as { guild_id?: string } | undefined)?.guild_id;
  }

  guildOf(channel: RawChannel | undefined): GuildPayload | undefined {
    return this.guildById((channel as { guild_id?: string } | undefined)?.guild_id);
  }

  memberOf(g: GuildPayload, userId: string): APIGuildMember | undefined {
    return g.members.find((m) => m.user?.id === userId);
  }

  botMember(g: GuildPayload): APIGuildMember {
    return this.memberOf(g, this.botUser.id)!;
  }

  /** Learns a user from a payload the test sent, so later lookups (GET /users/:id, mentions) find it. */
  rememberUser(u: unknown): void {
    if (isObj(u) && typeof u.id === 'string' && typeof u.username === 'string') {
      if (!this.users.has(u.id)) this.users.set(u.id, u as unknown as APIUser);
    }
  }

  storeMessage(m: APIMessage): void {
    this.messages.set(m.id, m);
  }

  /** A message that exists in `channelId` (Discord answers Unknown Message for the wrong channel too). */
  messageIn(channelId: string | undefined, messageId: string | undefined): APIMessage | undefined {
    const m = messageId === undefined ? undefined : this.messages.get(messageId);
    return m && m.channel_id === channelId ? m : undefined;
  }

  registeredCommands(guildId?: string): APIApplicationCommand[] {
    return this.commands.get(guildId ?? 'global') ?? [];
  }

  registerInteraction(record: InteractionRecord): void {
    this.interactions.set(record.id, record);
    this.interactionsByToken.set(record.token, record);
  }

  interaction(idOrToken: string): InteractionRecord | undefined {
    return this.interactions.get(idOrToken) ?? this.interactionsByToken.get(idOrToken);
  }
}
