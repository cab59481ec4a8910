/**
 * Connects to Discord and serves interactions, messages and their edits until SIGINT/SIGTERM,
 * then drains in-flight handlers (at most 4 s) and disconnects. The token is passed to discord.js and never logged.
 */
import {
  Events,
  type Client,
  type ClientOptions,
  type Interaction,
  type Message,
  type PartialMessage,
} from 'discord.js';
import type { AnyAction, AnyCommand } from '../command.js';
import { requireForDiscord, type Config } from '../config.js';
import type { KnowledgeBase } from '../knowledge.js';
import { createLogger, type Logger } from '../log.js';
import { suggestedQuestionIndex } from '../answers/views/ask.js';
import { createClient } from './client.js';
import { createMessageHandler, type MessageHandler, type MessageHandlerOptions } from './messages.js';
import { createRouter, type Router } from './router.js';
import { openStoreSafely, type Store } from '../store/index.js';

export const DRAIN_MS = 4000;

export type BotOptions = {
  config: Config;
  kb: KnowledgeBase;
  /** Overrides DISCORD_API_BASE (tests). */
  apiBase?: string;
  logger?: Logger;
  /** The command registry; defaults to `commands/index.ts`. */
  commands?: readonly AnyCommand[];
  /** What buttons, menus and forms run; defaults to the registry's actions. */
  actions?: readonly AnyAction[];
  /** Persistence; default: DATABASE_PATH opened with openStoreSafely (closed on stop). A broken database never stops answers. */
  store?: Store;
  /** Extra discord.js client options (tests). */
  clientOptions?: Partial<ClientOptions>;
  /** Per-server settings for conversations (e.g. `(id) => store.settings.get(id)`); default: threads off. */
  getSettings?: MessageHandlerOptions['getSettings'];
  /** Conversation overrides (tests, bench): memory, rate limits. Commands and store default to the bot's own. */
  conversations?: Partial<Omit<MessageHandlerOptions, 'kb' | 'logger'>>;
};

export type Bot = {
  client: Client;
  router: Router;
  /** The store the handlers use (a stand-in with `available: false` if the database could not be opened). */
  store: Store;
  /** Mentions, DMs, follow-ups and clarifying buttons. */
  conversations: MessageHandler;
  /** Number of interactions, messages and edits being handled right now. */
  inFlight: () => number;
  /** Stop accepting interactions, wait for in-flight ones (≤ 4 s), disconnect. Never exits the process. */
  stop: () => Promise<void>;
};

const loadRegistry = async (): Promise<{ commands: readonly AnyCommand[]; actions: readonly AnyAction[] }> => {
  const registry = await import('../../commands/index.js');
  return { commands: registry.commands, actions: registry.actions };
};

/** Logs in and resolves once the gateway is ready. */
export const createBot = async (opts: BotOptions): Promise<Bot> => {
  const { token } = requireForDiscord(opts.config);
  const logger = opts.logger ?? createLogger(opts.config.LOG_LEVEL);
  const registry = opts.commands && opts.actions ? null : await loadRegistry();
  const commands = opts.commands ?? registry!.commands;
  const actions = opts.actions ?? registry!.actions;
  const ownStore = !opts.store;
  const store = opts.store ?? openStoreSafely({ path: opts.config.DATABASE_PATH, logger });
  const apiBase = opts.apiBase ?? opts.config.DISCORD_API_BASE;
  const client = createClient({
    logger,
    messageContent: opts.config.DISCORD_MESSAGE_CONTENT,
    ...(apiBase ? { apiBase } : {}),
    ...(opts.clientOptions ? { clientOptions: opts.clientOptions } : {}),
  });
  // Built once here rather than by the first member to type in /ask (it asks every suggested question).
  suggestedQuestionIndex(opts.kb);
  // Conversations answer through the registry's /ask (server FAQ, answer log, votes), like the slash command.
  const conversations = createMessageHandler({
    commands,
    store,
    ...opts.conversations,
    kb: opts.kb,
    logger,
    getSettings: opts.getSettings ?? ((guildId) => (store.available ? store.settings.get(guildId) : null)),
  });
  // Every interaction goes through the router; it hands clarifying-choice buttons to the conversations.
  const router = createRouter({ commands, actions, kb: opts.kb, logger, store, choices: conversations.handleButton });

  const inflight = new Set<Promise<void>>();
  let accepting = true;
  /** Runs a handler unless shutting down; stop() waits for what is in flight. */
  const track = (work: () => Promise<void>, failure: string) => {
    if (!accepting) return;
    const p = work().catch((err: unknown) => logger.error({ err }, failure));
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };
  const onInteraction = (interaction: Interaction) => track(() => router.handle(interaction), 'router failed');
  const onMessage = (message: Message) => track(() => conversations.handleMessage(message), 'message handler failed');
  const onEdit = (before: Message | PartialMessage, after: Message | PartialMessage) =>
    track(() => conversations.handleEdit(before, after), 'edit handler failed');
  client.on(Events.InteractionCreate, onInteraction);
  client.on(Events.MessageCreate, onMessage);
  client.on(Events.MessageUpdate, onEdit);

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(token);
    await ready;
  } catch (err) {
    if (ownStore) store.close();
    throw err;
  }
  logger.info({ user: client.user?.tag, commands: commands.length }, 'connected to Discord');

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      accepting = false;
      client.off(Events.InteractionCreate, onInteraction);
      client.off(Events.MessageCreate, onMessage);
      client.off(Events.MessageUpdate, onEdit);
      if (inflight.size > 0) {
        logger.info({ inFlight: inflight.size }, 'waiting for in-flight interactions');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => (timer = setTimeout(r, DRAIN_MS)))]);
        clearTimeout(timer);
      }
      await client.destroy();
      if (ownStore) store.close();
      logger.info('disconnected from Discord');
    })());

  return { client, router, store, conversations, inFlight: () => inflight.size, stop };
};

/** The whole shutdown, drain included, ends within this (the process exits even if disconnecting hangs). */
export const SHUTDOWN_MS = 4800;

/** The production entry: run until a signal, then shut down cleanly and exit 0. */
export const startBot = async (opts: BotOptions): Promise<Bot> => {
  const logger = opts.logger ?? createLogger(opts.config.LOG_LEVEL);
  // A stray rejection (a library's, or a reply nobody awaited) is logged; it never stops the bot.
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
  const bot = await createBot({ ...opts, logger });
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal, inFlight: bot.inFlight() }, 'shutting down');
    setTimeout(() => {
      logger.warn({ signal }, 'shutdown took too long; exiting');
      process.exit(0);
    }, SHUTDOWN_MS).unref();
    bot.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  return bot;
};
