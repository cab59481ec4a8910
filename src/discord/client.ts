/**
 * The discord.js client: minimal intents, no mentions ever, connection events logged.
 */
import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import type { Logger } from '../log.js';

export type CreateClientOptions = {
  /** REST base such as `https://discord.com/api` (tests point it at the fake Discord). */
  apiBase?: string;
  logger: Logger;
  /** Extra discord.js options (tests: the fake's identify throttler). */
  clientOptions?: Partial<ClientOptions>;
};

export const INTENTS = [GatewayIntentBits.Guilds] as const;

export const createClient = ({ apiBase, logger, clientOptions }: CreateClientOptions): Client => {
  const options: ClientOptions = {
    ...clientOptions,
    intents: [...INTENTS],
    allowedMentions: { parse: [] },
    ...(apiBase ? { rest: { ...clientOptions?.rest, api: apiBase } } : {}),
  };
  const client = new Client(options);
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ shardId, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardReconnecting, (shardId) => logger.info({ shardId }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway resumed'));
  client.on(Events.ShardError, (err, shardId) => logger.error({ err, shardId }, 'gateway error'));
  client.on(Events.Invalidated, () => logger.error('gateway session invalidated'));
  return client;
};
