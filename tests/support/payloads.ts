/**
 * Builders for raw Discord gateway / REST payloads (API v10 shapes), for tests and benchmarks that
 * drive a real discord.js `Client` against the fake Discord in `./fake-discord.ts`.
 *
 * Every builder returns a plain JSON object with realistic defaults and takes an optional last
 * argument `overrides`, deep-merged over the result (objects merge, arrays and scalars replace), so a
 * test can change any field:
 *
 *   payloads.slashCommand({ name: 'ask', guild }, { locale: 'fr', member: { nick: 'Bob' } })
 *
 * Guild vs DM: interaction and message builders produce a guild payload when `guild` or `guildId` is
 * given, and a DM payload otherwise.
 *
 * Interaction builders leave out what only Discord can know, and the fake fills it in when the payload is
 * dispatched: `application_id`, `app_permissions` (the bot's permissions in the channel) and
 * `member.permissions` (computed from the guild's roles and channel overwrites). Pass `applicationId`,
 * `appPermissions` or `permissions` to force values.
 *
 * IDs are numeric snowflake strings built from the current time plus a counter, so they are unique,
 * strictly increasing and `interaction.createdTimestamp` is "now" (bots that compare against
 * Date.now() behave as in production).
 */
import type {
  APIActionRowComponent,
  APIApplicationCommandAutocompleteInteraction,
  APIApplicationCommandInteractionDataOption,
  APIChannel,
  APIChatInputApplicationCommandInteraction,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIGuildMember,
  APIInteractionGuildMember,
  APIMessage,
  APIMessageComponentButtonInteraction,
  APIMessageComponentSelectMenuInteraction,
  APIMessageTopLevelComponent,
  APIModalSubmitInteraction,
  APIRole,
  APIUser,
  GatewayGuildCreateDispatchData,
  GatewayMessageCreateDispatchData,
} from 'discord.js';

// ---------------------------------------------------------------------------------------------
// Generic helpers
// ---------------------------------------------------------------------------------------------

/** Deep partial used for `overrides`: objects are merged key by key, arrays replace wholesale. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** Loose overrides accepted by every builder (typed where cheap, anything else allowed). */
export type Overrides<T> = DeepPartial<T> & Record<string, unknown>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** Deep merge: plain objects merge recursively, everything else (arrays included) replaces. `undefined` is ignored. */
export function deepMerge<T>(base: T, overrides?: unknown): T {
  if (overrides === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    out[key] = isPlainObject(out[key]) && isPlainObject(value) ? deepMerge(out[key], value) : value;
  }
  return out as T;
}

// ---------------------------------------------------------------------------------------------
// Snowflakes
// ---------------------------------------------------------------------------------------------

export const DISCORD_EPOCH = 1_420_070_400_000n;
let lastSnowflake = 1_100_000_000_000_000_000n;

/** A new unique, increasing snowflake whose embedded timestamp is now. */
export function snowflake(): string {
  const timeBased = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
  lastSnowflake = timeBased > lastSnowflake ? timeBased : lastSnowflake + 1n;
  return lastSnowflake.toString();
}

/** Milliseconds since the Unix epoch encoded in a snowflake. */
export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

/** Permission bits (as bigint, like discord.js PermissionFlagsBits). */
export const Permission = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewAuditLog: 1n << 7n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  ChangeNickname: 1n << 26n,
  ManageRoles: 1n << 28n,
  UseApplicationCommands: 1n << 31n,
  ManageThreads: 1n << 34n,
  CreatePublicThreads: 1n << 35n,
  CreatePrivateThreads: 1n << 36n,
  SendMessagesInThreads: 1n << 38n,
  ModerateMembers: 1n << 40n,
} as const;

/** Shorthands requested by the test plan. */
export const ManageGuild = Permission.ManageGuild;
export const Administrator = Permission.Administrator;

/** What an ordinary member gets from @everyone in a fresh guild (roughly Discord's default set). */
export const DEFAULT_MEMBER_PERMISSIONS =
  Permission.CreateInstantInvite |
  Permission.AddReactions |
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.UseExternalEmojis |
  Permission.ChangeNickname |
  Permission.UseApplicationCommands |
  Permission.CreatePublicThreads |
  Permission.CreatePrivateThreads |
  Permission.SendMessagesInThreads;

/** Every permission bit Discord currently defines (what an Administrator resolves to). */
export const ALL_PERMISSIONS = (1n << 53n) - 1n;

/** Gateway intent bits (same values as discord.js GatewayIntentBits). */
export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildModeration: 1 << 2,
  GuildExpressions: 1 << 3,
  GuildIntegrations: 1 << 4,
  GuildWebhooks: 1 << 5,
  GuildInvites: 1 << 6,
  GuildVoiceStates: 1 << 7,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  GuildMessageTyping: 1 << 11,
  DirectMessages: 1 << 12,
  DirectMessageReactions: 1 << 13,
  DirectMessageTyping: 1 << 14,
  MessageContent: 1 << 15,
} as const;

export const MessageFlag = {
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressNotifications: 1 << 12,
  IsComponentsV2: 1 << 15,
} as const;

/** Fixed identity of the default bot user; its id is also the default application id. */
export const DEFAULT_BOT_USER: APIUser = {
  id: '1100000000000000001',
  username: 'checkpoint',
  global_name: 'Checkpoint',
  discriminator: '0',
  avatar: null,
  bot: true,
};
export const DEFAULT_APPLICATION_ID = DEFAULT_BOT_USER.id;

function permissionString(value: bigint | string | number | undefined, fallback: bigint): string {
  if (value === undefined) return fallback.toString();
  return BigInt(value).toString();
}

const nowIso = (): string => new Date().toISOString();

// ---------------------------------------------------------------------------------------------
// Users, members, roles, channels
// ---------------------------------------------------------------------------------------------

let userCounter = 0;

/** A human user; `username` defaults to `user1`, `user2`, ... */
export function user(overrides?: Overrides<APIUser>): APIUser {
  userCounter += 1;
  const base: APIUser = {
    id: snowflake(),
    username: `user${userCounter}`,
    global_name: `User ${userCounter}`,
    discriminator: '0',
    avatar: null,
  };
  return deepMerge(base, overrides);
}

export function botUser(overrides?: Overrides<APIUser>): APIUser {
  return deepMerge({ ...DEFAULT_BOT_USER }, overrides);
}

export interface MemberInit {
  user?: APIUser | Partial<APIUser>;
  roles?: string[];
  nick?: string | null;
  joinedAt?: string;
  /** Only used where Discord sends a resolved permission string (interaction members). */
  permissions?: bigint | string;
}

/** A guild member (as in GUILD_CREATE / GET member). */
export function member(init: MemberInit = {}, overrides?: Overrides<APIGuildMember>): APIGuildMember {
  const base: APIGuildMember = {
    user:
      init.user && 'id' in init.user && init.user.id && 'username' in init.user
        ? (init.user as APIUser)
        : user(init.user as Overrides<APIUser>),
    nick: init.nick ?? null,
    avatar: null,
    banner: null,
    roles: init.roles ?? [],
    joined_at: init.joinedAt ?? '2024-01-01T00:00:00.000000+00:00',
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as APIGuildMember['flags'],
    pending: false,
    communication_disabled_until: null,
  };
  return deepMerge(base, overrides);
}

/** A member as embedded in an interaction (has `user` and a resolved `permissions` string). */
export function interactionMember(
  init: MemberInit = {},
  overrides?: Overrides<APIInteractionGuildMember>,
): APIInteractionGuildMember {
  const m = member(init);
  const base: APIInteractionGuildMember = {
    ...m,
    user: m.user!,
    permissions: permissionString(init.permissions, DEFAULT_MEMBER_PERMISSIONS),
  };
  return deepMerge(base, overrides);
}

export interface RoleInit {
  id?: string;
  name: string;
  permissions?: bigint | string;
  position?: number;
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
  managed?: boolean;
}

export function role(init: RoleInit, overrides?: Overrides<APIRole>): APIRole {
  const color = init.color ?? 0;
  const base: APIRole = {
    id: init.id ?? snowflake(),
    name: init.name,
    color,
    colors: { primary_color: color, secondary_color: null, tertiary_color: null },
    hoist: init.hoist ?? false,
    icon: null,
    unicode_emoji: null,
    position: init.position ?? 1,
    permissions: permissionString(init.permissions, 0n),
    managed: init.managed ?? false,
    mentionable: init.mentionable ?? false,
    flags: 0 as APIRole['flags'],
  };
  return deepMerge(base, overrides);
}

/** Raw channel object; loose on purpose (discord-api-types' channel union is very wide). */
export type RawChannel = APIChannel & Record<string, unknown>;

export interface ChannelInit {
  id?: string;
  name?: string;
  /** ChannelType: 0 text (default), 2 voice, 4 category, 5 announcement, 11 public thread, 12 private thread, 15 forum. */
  type?: number;
  guildId?: string;
  parentId?: string | null;
  position?: number;
  topic?: string | null;
  nsfw?: boolean;
  rateLimitPerUser?: number;
  permissionOverwrites?: Array<{ id: string; type: 0 | 1; allow?: bigint | string; deny?: bigint | string }>;
  /** Threads only. */
  ownerId?: string;
  archived?: boolean;
  locked?: boolean;
}

export const ChannelKind = {
  GuildText: 0,
  DM: 1,
  GuildVoice: 2,
  GuildCategory: 4,
  GuildAnnouncement: 5,
  AnnouncementThread: 10,
  PublicThread: 11,
  PrivateThread: 12,
  GuildForum: 15,
} as const;

export function isThreadType(type: number): boolean {
  return type === 10 || type === 11 || type === 12;
}

/** A guild channel (text by default) or a thread when `type` is 10/11/12. */
export function channel(init: ChannelInit = {}, overrides?: Record<string, unknown>): RawChannel {
  const type = init.type ?? ChannelKind.GuildText;
  const id = init.id ?? snowflake();
  if (isThreadType(type)) {
    const base = {
      id,
      type,
      guild_id: init.guildId,
      parent_id: init.parentId ?? null,
      name: init.name ?? 'thread',
      owner_id: init.ownerId ?? DEFAULT_BOT_USER.id,
      last_message_id: null,
      rate_limit_per_user: init.rateLimitPerUser ?? 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      flags: 0,
      thread_metadata: {
        archived: init.archived ?? false,
        auto_archive_duration: 1440,
        archive_timestamp: nowIso(),
        locked: init.locked ?? false,
        create_timestamp: nowIso(),
        ...(type === ChannelKind.PrivateThread ? { invitable: true } : {}),
      },
    };
    return deepMerge(base as unknown as RawChannel, overrides);
  }
  const base = {
    id,
    type,
    guild_id: init.guildId,
    name: init.name ?? (type === ChannelKind.GuildCategory ? 'Text Channels' : 'general'),
    position: init.position ?? 0,
    parent_id: init.parentId ?? null,
    permission_overwrites: (init.permissionOverwrites ?? []).map((o) => ({
      id: o.id,
      type: o.type,
      allow: permissionString(o.allow, 0n),
      deny: permissionString(o.deny, 0n),
    })),
    nsfw: init.nsfw ?? false,
    flags: 0,
    ...(type === ChannelKind.GuildCategory
      ? {}
      : { topic: init.topic ?? null, last_message_id: null, rate_limit_per_user: init.rateLimitPerUser ?? 0 }),
  };
  return deepMerge(base as unknown as RawChannel, overrides);
}

export function threadChannel(
  init: ChannelInit & { parentId: string; guildId: string },
  overrides?: Record<string, unknown>,
): RawChannel {
  return channel({ type: ChannelKind.PublicThread, ...init }, overrides);
}

/** A DM channel between the bot and `recipient`. */
export function dmChannel(
  init: { id?: string; recipient?: APIUser } = {},
  overrides?: Record<string, unknown>,
): RawChannel {
  const base = {
    id: init.id ?? snowflake(),
    type: ChannelKind.DM,
    last_message_id: null,
    flags: 0,
    recipients: [init.recipient ?? user()],
  };
  return deepMerge(base as unknown as RawChannel, overrides);
}

// ---------------------------------------------------------------------------------------------
// Guilds
// ---------------------------------------------------------------------------------------------

export interface GuildInit {
  id?: string;
  name?: string;
  ownerId?: string;
  /** Extra roles; an @everyone role (id = guild id) is always added unless one with that id is given. */
  roles?: Array<RoleInit | APIRole>;
  /** Permissions of @everyone when it is generated. Default DEFAULT_MEMBER_PERMISSIONS. */
  everyonePermissions?: bigint | string;
  /** Channels and threads (type 10/11/12 go to `threads`). Default: one text channel "general". */
  channels?: Array<ChannelInit | RawChannel>;
  /** Members (the fake adds the bot's own member when it sends GUILD_CREATE). */
  members?: Array<MemberInit | APIGuildMember>;
  preferredLocale?: string;
}

export type GuildPayload = GatewayGuildCreateDispatchData;

function isRawRole(value: RoleInit | APIRole): value is APIRole {
  return typeof (value as APIRole).permissions === 'string' && 'managed' in value && 'colors' in value;
}
function isRawChannel(value: ChannelInit | RawChannel): value is RawChannel {
  return 'guild_id' in value || 'parent_id' in value || 'permission_overwrites' in value || 'recipients' in value;
}
function isRawMember(value: MemberInit | APIGuildMember): value is APIGuildMember {
  return 'joined_at' in value || 'deaf' in value;
}

/** A GUILD_CREATE payload (also what the fake serves for GET /guilds/:id). */
export function guild(init: GuildInit = {}, overrides?: Overrides<GatewayGuildCreateDispatchData>): GuildPayload {
  const id = init.id ?? snowflake();
  const roles = (init.roles ?? []).map((r) => (isRawRole(r) ? r : role(r)));
  if (!roles.some((r) => r.id === id)) {
    roles.unshift(
      role({ id, name: '@everyone', position: 0, permissions: init.everyonePermissions ?? DEFAULT_MEMBER_PERMISSIONS }),
    );
  }
  const allChannels = (init.channels ?? [{ name: 'general' }]).map((c) => {
    const raw = isRawChannel(c) ? c : channel({ ...c, guildId: id });
    return { ...raw, guild_id: id } as RawChannel;
  });
  const members = (init.members ?? []).map((m) => (isRawMember(m) ? m : member(m)));
  const ownerId = init.ownerId ?? members[0]?.user?.id ?? snowflake();
  const base = {
    id,
    name: init.name ?? 'Test Guild',
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    roles,
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: allChannels.find((c) => c.type === ChannelKind.GuildText)?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500_000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: init.preferredLocale ?? 'en-US',
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    // GUILD_CREATE-only fields
    joined_at: '2024-01-01T00:00:00.000000+00:00',
    large: false,
    unavailable: false,
    member_count: members.length,
    voice_states: [],
    members,
    channels: allChannels.filter((c) => !isThreadType(c.type)),
    threads: allChannels.filter((c) => isThreadType(c.type)),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
  return deepMerge(base as unknown as GuildPayload, overrides);
}

// ---------------------------------------------------------------------------------------------
// Interactions
// ---------------------------------------------------------------------------------------------

/** Where an interaction (or message) happens and who triggers it. Guild when `guild`/`guildId` is set, else DM. */
export interface ContextInit {
  id?: string;
  token?: string;
  /** Default: left out, the fake fills in its application id. */
  applicationId?: string;
  /** A guild payload (e.g. `discord.guilds[0]`); gives guild_id and, by default, its first text channel. */
  guild?: GuildPayload;
  guildId?: string;
  /** A raw channel object (guild channel, thread or DM channel). */
  channel?: RawChannel;
  channelId?: string;
  /** Invoking user. Default: a new user. */
  user?: APIUser;
  /** Guild only: roles of the invoking member. */
  roles?: string[];
  /** Guild only: resolved permissions of the invoking member. Default: computed by the fake from `roles`. */
  permissions?: bigint | string;
  nick?: string | null;
  /** Bot's permissions in the channel (`app_permissions`). Default: computed by the fake. */
  appPermissions?: bigint | string;
  locale?: string;
}

interface ResolvedContext {
  guildId: string | undefined;
  channel: RawChannel;
  user: APIUser;
}

function resolveContext(init: ContextInit): ResolvedContext {
  const guildId = init.guild?.id ?? init.guildId ?? (init.channel as { guild_id?: string } | undefined)?.guild_id;
  const u = init.user ?? user();
  let ch = init.channel;
  if (!ch && init.channelId && init.guild) {
    ch = [...init.guild.channels, ...init.guild.threads].find((c) => c.id === init.channelId) as RawChannel | undefined;
  }
  if (!ch && !init.channelId && init.guild) {
    ch = init.guild.channels.find((c) => c.type === ChannelKind.GuildText) as RawChannel | undefined;
  }
  if (!ch) {
    ch = guildId
      ? channel({ id: init.channelId ?? snowflake(), guildId, name: 'general' })
      : dmChannel({ id: init.channelId ?? snowflake(), recipient: u });
  }
  return { guildId, channel: ch, user: u };
}

function withoutUndefined<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

function interactionBase(init: ContextInit, type: number): Record<string, unknown> {
  const ctx = resolveContext(init);
  const guildPart = ctx.guildId
    ? {
        guild_id: ctx.guildId,
        guild: { id: ctx.guildId, locale: init.guild?.preferred_locale ?? 'en-US', features: [] },
        guild_locale: init.guild?.preferred_locale ?? 'en-US',
        member: withoutUndefined({
          ...interactionMember({ user: ctx.user, roles: init.roles ?? [], nick: init.nick ?? null }),
          // Left out unless given: the fake computes it from the guild's roles and channel overwrites.
          permissions: init.permissions === undefined ? undefined : BigInt(init.permissions).toString(),
        }),
        context: 0,
        authorizing_integration_owners: { '0': ctx.guildId },
      }
    : {
        user: ctx.user,
        context: 1,
        authorizing_integration_owners: { '0': '0' },
      };
  const id = init.id ?? snowflake();
  return {
    id,
    ...(init.applicationId ? { application_id: init.applicationId } : {}),
    type,
    token: init.token ?? `fake-interaction-token-${id}`,
    version: 1,
    channel: ctx.channel,
    channel_id: ctx.channel.id,
    ...guildPart,
    // Left out unless given: the fake computes the bot's permissions in the channel.
    ...(init.appPermissions === undefined ? {} : { app_permissions: BigInt(init.appPermissions).toString() }),
    locale: init.locale ?? 'en-US',
    entitlements: [],
    attachment_size_limit: 10 * 1024 * 1024,
  };
}

export type OptionValue = string | number | boolean;
export type CommandOption = APIApplicationCommandInteractionDataOption;

/** Explicitly typed option builders (use when the inferred type from a plain value is not what you want). */
export const option = {
  string: (name: string, value: string, focused?: boolean): CommandOption =>
    ({ name, type: 3, value, ...(focused ? { focused } : {}) }) as CommandOption,
  integer: (name: string, value: number, focused?: boolean): CommandOption =>
    ({ name, type: 4, value, ...(focused ? { focused } : {}) }) as CommandOption,
  number: (name: string, value: number, focused?: boolean): CommandOption =>
    ({ name, type: 10, value, ...(focused ? { focused } : {}) }) as CommandOption,
  boolean: (name: string, value: boolean): CommandOption => ({ name, type: 5, value }),
  user: (name: string, userId: string): CommandOption => ({ name, type: 6, value: userId }),
  channel: (name: string, channelId: string): CommandOption => ({ name, type: 7, value: channelId }),
  role: (name: string, roleId: string): CommandOption => ({ name, type: 8, value: roleId }),
  subcommand: (name: string, options: CommandOption[] = []): CommandOption =>
    ({ name, type: 1, options }) as CommandOption,
  subcommandGroup: (name: string, options: CommandOption[]): CommandOption =>
    ({ name, type: 2, options }) as CommandOption,
};

/**
 * Options as a record (`{ question: 'hi', ephemeral: true, count: 3 }`; strings → STRING, booleans →
 * BOOLEAN, integers → INTEGER, other numbers → NUMBER) or as raw option objects.
 */
export type OptionsInit = Record<string, OptionValue> | CommandOption[];

function toOptions(options: OptionsInit | undefined): CommandOption[] {
  if (!options) return [];
  if (Array.isArray(options)) return options;
  return Object.entries(options).map(([name, value]) => {
    if (typeof value === 'string') return option.string(name, value);
    if (typeof value === 'boolean') return option.boolean(name, value);
    return Number.isInteger(value) ? option.integer(name, value) : option.number(name, value);
  });
}

function wrapSubcommand(options: CommandOption[], subcommand?: string, group?: string): CommandOption[] {
  let out = options;
  if (subcommand) out = [option.subcommand(subcommand, out)];
  if (group) out = [option.subcommandGroup(group, out)];
  return out;
}

export interface SlashCommandInit extends ContextInit {
  name: string;
  options?: OptionsInit;
  subcommand?: string;
  subcommandGroup?: string;
  /** Command id (the fake substitutes the id of a registered command with the same name). */
  commandId?: string;
  /** Set for guild-registered commands. */
  commandGuildId?: string;
}

/** INTERACTION_CREATE for a chat-input (slash) command. Guild when `guild`/`guildId` is given, else DM. */
export function slashCommand(
  init: SlashCommandInit,
  overrides?: Overrides<APIChatInputApplicationCommandInteraction>,
): APIChatInputApplicationCommandInteraction {
  const base = {
    ...interactionBase(init, 2),
    data: {
      id: init.commandId ?? snowflake(),
      name: init.name,
      type: 1,
      options: wrapSubcommand(toOptions(init.options), init.subcommand, init.subcommandGroup),
      ...(init.commandGuildId ? { guild_id: init.commandGuildId } : {}),
    },
  };
  return deepMerge(base as unknown as APIChatInputApplicationCommandInteraction, overrides);
}

export interface AutocompleteInit extends SlashCommandInit {
  /** Name of the focused option. */
  focused: string;
  /** What the user typed so far in the focused option. */
  value: string;
  /** Type of the focused option: 3 string (default), 4 integer, 10 number. */
  focusedType?: 3 | 4 | 10;
}

/** INTERACTION_CREATE for an autocomplete request (type 4). */
export function autocomplete(
  init: AutocompleteInit,
  overrides?: Overrides<APIApplicationCommandAutocompleteInteraction>,
): APIApplicationCommandAutocompleteInteraction {
  const others = toOptions(init.options).filter((o) => o.name !== init.focused);
  const focusedOption = {
    name: init.focused,
    type: init.focusedType ?? 3,
    value: init.value,
    focused: true,
  } as CommandOption;
  const base = {
    ...interactionBase(init, 4),
    data: {
      id: init.commandId ?? snowflake(),
      name: init.name,
      type: 1,
      options: wrapSubcommand([...others, focusedOption], init.subcommand, init.subcommandGroup),
      ...(init.commandGuildId ? { guild_id: init.commandGuildId } : {}),
    },
  };
  return deepMerge(base as unknown as APIApplicationCommandAutocompleteInteraction, overrides);
}

export interface BotMessageInit {
  id?: string;
  channelId: string;
  guildId?: string;
  author?: APIUser;
  content?: string;
  embeds?: APIEmbed[];
  components?: APIMessageTopLevelComponent[];
  /** 64 = ephemeral. */
  flags?: number;
  /** Interaction that produced this message, if any. */
  interactionMetadata?: APIMessage['interaction_metadata'];
}

/** A message sent by the bot (what a component lives on). */
export function botMessage(init: BotMessageInit, overrides?: Overrides<APIMessage>): APIMessage {
  const base: APIMessage = {
    id: init.id ?? snowflake(),
    channel_id: init.channelId,
    author: init.author ?? DEFAULT_BOT_USER,
    content: init.content ?? '',
    timestamp: nowIso(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: init.embeds ?? [],
    pinned: false,
    type: 0,
    flags: init.flags ?? 0,
    components: init.components ?? [],
    ...(init.interactionMetadata ? { interaction_metadata: init.interactionMetadata } : {}),
  };
  return deepMerge(base, overrides);
}

/** An action row holding the given components. */
export function actionRow(
  ...components: APIComponentInMessageActionRow[]
): APIActionRowComponent<APIComponentInMessageActionRow> {
  return { type: 1, components };
}

export function button(customId: string, label = customId, style: 1 | 2 | 3 | 4 = 1): APIComponentInMessageActionRow {
  return { type: 2, style, custom_id: customId, label };
}

export function stringSelectMenu(customId: string, values: string[]): APIComponentInMessageActionRow {
  return {
    type: 3,
    custom_id: customId,
    options: values.map((v) => ({ label: v, value: v })),
    min_values: 1,
    max_values: 1,
  };
}

export interface ComponentInit extends ContextInit {
  customId: string;
  /** The message the component is on. Default: a bot message in the interaction's channel holding the component. */
  message?: APIMessage;
  /** Shortcut for the default message: make it ephemeral (flags 64). */
  ephemeral?: boolean;
  /** Shortcut for the default message. */
  content?: string;
  embeds?: APIEmbed[];
}

function componentMessage(
  init: ComponentInit,
  base: Record<string, unknown>,
  component: APIComponentInMessageActionRow,
): APIMessage {
  if (init.message) return init.message;
  return botMessage({
    channelId: base.channel_id as string,
    ...(base.guild_id ? { guildId: base.guild_id as string } : {}),
    content: init.content ?? 'Message with components',
    embeds: init.embeds ?? [],
    components: [actionRow(component)],
    flags: init.ephemeral ? MessageFlag.Ephemeral : 0,
  });
}

/** INTERACTION_CREATE for a button press (type 3, component_type 2). */
export function buttonPress(
  init: ComponentInit,
  overrides?: Overrides<APIMessageComponentButtonInteraction>,
): APIMessageComponentButtonInteraction {
  const base = interactionBase(init, 3);
  const payload = {
    ...base,
    message: componentMessage(init, base, button(init.customId)),
    data: { custom_id: init.customId, component_type: 2 },
  };
  return deepMerge(payload as unknown as APIMessageComponentButtonInteraction, overrides);
}

export interface StringSelectInit extends ComponentInit {
  values: string[];
}

/** INTERACTION_CREATE for a string select (type 3, component_type 3). */
export function stringSelect(
  init: StringSelectInit,
  overrides?: Overrides<APIMessageComponentSelectMenuInteraction>,
): APIMessageComponentSelectMenuInteraction {
  const base = interactionBase(init, 3);
  const payload = {
    ...base,
    message: componentMessage(init, base, stringSelectMenu(init.customId, init.values)),
    data: { custom_id: init.customId, component_type: 3, values: init.values },
  };
  return deepMerge(payload as unknown as APIMessageComponentSelectMenuInteraction, overrides);
}

export interface ModalSubmitInit extends ContextInit {
  customId: string;
  /** Text input values by custom_id, sent as action rows of text inputs (type 1 → type 4). */
  fields?: Record<string, string>;
  /**
   * How `fields` are laid out: `'actionRow'` (default; classic `{type:1, components:[{type:4,...}]}`) or
   * `'label'` (`{type:18, component:{type:4,...}}`, what modals built with LabelBuilder submit).
   */
  layout?: 'actionRow' | 'label';
  /** Raw `data.components` instead of `fields`. */
  components?: unknown[];
  /** Set when the modal was opened from a component on this message. */
  message?: APIMessage;
}

/** INTERACTION_CREATE for a modal submit (type 5). */
export function modalSubmit(
  init: ModalSubmitInit,
  overrides?: Overrides<APIModalSubmitInteraction>,
): APIModalSubmitInteraction {
  const components =
    init.components ??
    Object.entries(init.fields ?? {}).map(([customId, value], i) =>
      init.layout === 'label'
        ? { type: 18, id: 2 * i + 1, component: { type: 4, id: 2 * i + 2, custom_id: customId, value } }
        : { type: 1, id: 2 * i + 1, components: [{ type: 4, id: 2 * i + 2, custom_id: customId, value }] },
    );
  const payload = {
    ...interactionBase(init, 5),
    ...(init.message ? { message: init.message } : {}),
    data: { custom_id: init.customId, components },
  };
  return deepMerge(payload as unknown as APIModalSubmitInteraction, overrides);
}

// ---------------------------------------------------------------------------------------------
// Messages (MESSAGE_CREATE)
// ---------------------------------------------------------------------------------------------

export interface MessageInit extends Omit<
  ContextInit,
  'token' | 'applicationId' | 'permissions' | 'appPermissions' | 'locale'
> {
  content?: string;
  /** Author. Default: `user` or a new user. */
  author?: APIUser;
  /** Mentioned users. Default: parsed from `<@id>` in content (the fake upgrades known ids to full users). */
  mentions?: APIUser[];
  /** Default: parsed from `<@&id>` in content. */
  mentionRoles?: string[];
  /** Default: content contains @everyone or @here. */
  mentionEveryone?: boolean;
  /** Makes this a reply (type 19) to that message. */
  referencedMessage?: APIMessage;
  embeds?: APIEmbed[];
  attachments?: APIMessage['attachments'];
  /** Message type; default 0, or 19 when replying. */
  type?: number;
}

export type MessagePayload = GatewayMessageCreateDispatchData;

/** A MESSAGE_CREATE payload. Guild when `guild`/`guildId` (or a guild channel) is given, else DM (`channel_type: 1`). */
export function message(
  init: MessageInit = {},
  overrides?: Overrides<GatewayMessageCreateDispatchData>,
): MessagePayload {
  const author = init.author ?? init.user ?? user();
  const ctx = resolveContext({ ...init, user: author });
  const content = init.content ?? '';
  const mentionIds = [...content.matchAll(/<@!?(\d{15,21})>/g)].map((m) => m[1]!);
  const mentions =
    init.mentions ??
    [...new Set(mentionIds)].map((id) =>
      id === DEFAULT_BOT_USER.id ? { ...DEFAULT_BOT_USER } : user({ id, username: `user-${id}` }),
    );
  const mentionRoles = init.mentionRoles ?? [...new Set([...content.matchAll(/<@&(\d{15,21})>/g)].map((m) => m[1]!))];
  const ref = init.referencedMessage;
  const guildPart = ctx.guildId
    ? {
        guild_id: ctx.guildId,
        member: { ...memberWithoutUser(member({ user: author, roles: init.roles ?? [], nick: init.nick ?? null })) },
      }
    : {};
  const base = {
    id: init.id ?? snowflake(),
    channel_id: ctx.channel.id,
    ...guildPart,
    channel_type: ctx.channel.type,
    author,
    content,
    timestamp: nowIso(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: init.mentionEveryone ?? /@(everyone|here)\b/.test(content),
    mentions: mentions.map((m) => (ctx.guildId ? { ...m, member: memberWithoutUser(member({ user: m })) } : m)),
    mention_roles: mentionRoles,
    attachments: init.attachments ?? [],
    embeds: init.embeds ?? [],
    pinned: false,
    type: init.type ?? (ref ? 19 : 0),
    flags: 0,
    components: [],
    nonce: snowflake(),
    ...(ref
      ? {
          message_reference: {
            type: 0,
            message_id: ref.id,
            channel_id: ref.channel_id,
            ...(ctx.guildId ? { guild_id: ctx.guildId } : {}),
          },
          referenced_message: ref,
        }
      : {}),
  };
  return deepMerge(base as unknown as MessagePayload, overrides);
}

function memberWithoutUser(m: APIGuildMember): Omit<APIGuildMember, 'user'> {
  const { user: _user, ...rest } = m;
  return rest;
}

/** Ids of the text channels of a guild payload, in order. */
export function textChannels(g: GuildPayload): RawChannel[] {
  return g.channels.filter((c) => c.type === ChannelKind.GuildText) as RawChannel[];
}
