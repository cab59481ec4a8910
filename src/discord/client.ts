/**
 * The discord.js client: minimal intents, no mentions ever, bounded caches, connection events logged.
 */
import { ChannelType, Client, Events, GatewayIntentBits, Options, Partials, type ClientOptions } from 'discord.js';
import type { Logger } from '../log.js';

export type CreateClientOptions = {
  /** REST base such as `https://discord.com/api` (tests point it at the fake Discord). */
  apiBase?: string;
  logger: Logger;
  /** Extra discord.js options (tests: the fake's identify throttler). */
  clientOptions?: Partial<ClientOptions>;
  /**
   * Request the privileged Message Content intent (default true). Off, mentions and DMs still
   * carry their content; only unmentioned follow-ups in the bot's threads go unread.
   */
  messageContent?: boolean;
};

/**
 * Guilds: slash commands and the channel/thread cache. GuildMessages + DirectMessages + the
 * privileged MessageContent: conversations (mentions, replies to the bot, its threads, DMs).
 */
export const INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
  GatewayIntentBits.MessageContent,
] as const;

/** DM channels are not cached: without the Channel partial, discord.js drops DM messages. */
export const PARTIALS = [Partials.Channel] as const;

/** Users and members kept at most (each message's author is cached; the bot's own entry always stays). */
export const USER_CACHE_MAX = 1000;
/** How often DM channels with no cached messages are dropped. */
export const DM_SWEEP_INTERVAL_MS = 10 * 60_000;

/**
 * Drops DM channels whose messages have all been swept: every member who DMs the bot leaves one
 * behind, and discord.js has no sweeper for channels. The Channel partial recreates one on the next
 * DM, and a DM being answered still has its message cached, so nothing in use goes. Returns how many went.
 */
export const sweepIdleDmChannels = (client: Client): number =>
  client.channels.cache.sweep((c) => c.type === ChannelType.DM && c.messages.cache.size === 0);

export const createClient = ({
  apiBase,
  logger,
  clientOptions,
  messageContent = true,
}: CreateClientOptions): Client => {
  const options: ClientOptions = {
    // With message intents every message in every channel lands in discord.js' cache, and its
    // author in the user and member caches: keep them small and swept (answers never read the
    // cache), so memory does not grow with traffic.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 25,
      UserManager: { maxSize: USER_CACHE_MAX, keepOverLimit: (u) => u.id === u.client.user?.id },
      GuildMemberManager: { maxSize: USER_CACHE_MAX, keepOverLimit: (m) => m.id === m.client.user?.id },
    }),
    sweepers: { ...Options.DefaultSweeperSettings, messages: { interval: 600, lifetime: 900 } },
    ...clientOptions,
    intents: messageContent ? [...INTENTS] : INTENTS.filter((i) => i !== GatewayIntentBits.MessageContent),
    partials: [...PARTIALS],
    allowedMentions: { parse: [] },
    ...(apiBase ? { rest: { ...clientOptions?.rest, api: apiBase } } : {}),
  };
  const client = new Client(options);
  const dmSweep = setInterval(() => sweepIdleDmChannels(client), DM_SWEEP_INTERVAL_MS).unref();
  const destroy = client.destroy.bind(client);
  client.destroy = () => {
    clearInterval(dmSweep);
    return destroy();
  };
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    logger.warn({ shardId, code: event.code }, 'gateway disconnected'),
  );
  client.on(Events.ShardReconnecting, (shardId) => logger.info({ shardId }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway resumed'));
  client.on(Events.ShardError, (err, shardId) => logger.error({ err, shardId }, 'gateway error'));
  client.on(Events.Invalidated, () => logger.error('gateway session invalidated'));
  return client;
};
