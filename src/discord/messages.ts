/**
 * Conversations: mention the bot in a channel (or reply to one of its answers), or DM it, and it
 * answers with the same cited embed as `/ask`, as a reply to the message. Follow-ups in the same
 * conversation (reply chain, thread or DM) resolve against what came before for 15 minutes; a
 * question too vague to answer well gets clarifying buttons instead of a guess; an edited
 * question updates its answer.
 *
 * Conversation keys: `dm:<channel>` in DMs, `th:<thread>` in threads, `msg:<message>` for a reply
 * chain in a channel (each of the bot's replies, and each user message in the chain, is aliased to
 * the conversation, so replying to any of them continues it). State lives in the bounded memory
 * (TTL + cap): it does not grow with traffic.
 *
 * Never pings (allowedMentions empty, repliedUser false, user text defused by the renderer),
 * rate-limits per member (one notice per burst) and per channel (one notice, then silence),
 * writes one log line per message it handles, and never throws into discord.js.
 */
import {
  DiscordAPIError,
  MessageReferenceType,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  type ButtonInteraction,
  type Message,
  type PartialMessage,
} from 'discord.js';
import { suggestedQuestions } from '../answers/views.js';
import { servicesFor } from '../services.js';
import type { AnyCommand } from '../command.js';
import { createRateLimiter, type RateDecision } from '../conversation/cooldown.js';
import {
  createConversationMemory,
  type AnsweredMessage,
  type ConversationMemory,
  type ConversationState,
} from '../conversation/memory.js';
import { intentOf, readQuestion } from '../conversation/text.js';
import type { KnowledgeBase } from '../knowledge.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/index.js';
import { createChoiceButtons } from './conversation-buttons.js';
import { channelTypeName, elapsed, seconds, toEditOptions, toSendOptions, type Body } from './conversation-io.js';
import { asText, createComposer, MESSAGE_TEXT, type Asker, type MessageOutcome } from './conversation-reply.js';
import { startConversationThread } from './conversation-thread.js';
import type { ChoiceId } from './custom-id.js';
import { reportFailure, type Line } from './failure.js';
import { classifyMessage } from './message-filter.js';
import { renderNotice } from './render.js';

export { CHOICE_PREFIX, decodeChoice, encodeChoice } from './custom-id.js';
export { MESSAGE_TEXT, type MessageOutcome } from './conversation-reply.js';
export { MAX_QUESTION, questionText } from '../conversation/text.js';

/** The per-server settings this module reads (the store's GuildSettings fit). */
export type ConversationSettings = { continueInThreads?: boolean };

export type Limit = { limit: number; windowMs: number };

export type MessageHandlerOptions = {
  kb: KnowledgeBase;
  logger: Logger;
  /** The command registry: conversations answer through its `/ask` (server FAQ, answer log, Helpful / Not helpful). */
  commands?: readonly AnyCommand[];
  /** The store `/ask` uses; also the default source of server settings. */
  store?: Store;
  /** Per-server settings (default: `store.settings.get`, else threads off). May throw: treated as defaults. */
  getSettings?: (
    guildId: string,
  ) => ConversationSettings | null | undefined | Promise<ConversationSettings | null | undefined>;
  /** Conversation memory (default: 15-minute TTL, 5000 conversations). */
  memory?: ConversationMemory;
  /** Questions per member. Default 5 per 30 s. */
  memberLimit?: Limit;
  /** Questions per channel. Default 20 per 10 s. */
  channelLimit?: Limit;
};

export type MessageHandler = {
  /** The `messageCreate` listener. Never rejects. */
  handleMessage: (message: Message) => Promise<void>;
  /** The `messageUpdate` listener: an edited question updates the bot's answer to it. Never rejects. */
  handleEdit: (before: Message | PartialMessage, after: Message | PartialMessage) => Promise<void>;
  /** Handles a clarifying-choice button (the router decodes it and calls this). Never rejects. */
  handleButton: (interaction: ButtonInteraction, choice: ChoiceId) => Promise<void>;
  memory: ConversationMemory;
};

export const MEMBER_LIMIT: Limit = { limit: 5, windowMs: 30_000 };
export const CHANNEL_LIMIT: Limit = { limit: 20, windowMs: 10_000 };

const askerOf = (message: Message): Asker => ({
  guildId: message.guildId,
  channelId: message.channelId,
  userId: message.author.id,
  userName: message.author.globalName ?? message.author.username,
  canManageGuild: message.member?.permissions.has(PermissionFlagsBits.ManageGuild) ?? false,
  roleIds: message.member ? [...message.member.roles.cache.keys()].filter((id) => id !== message.guildId) : [],
});

/** Where a message belongs: its conversation key, whether it is new, and context read from the answer it replies to. */
type Place = { key: string; isNew: boolean; kind: 'dm' | 'thread' | 'chain'; seed?: ConversationState };
type Handled = { outcome: MessageOutcome; quiet?: boolean };

export const createMessageHandler = (opts: MessageHandlerOptions): MessageHandler => {
  const { kb, logger } = opts;
  const memory = opts.memory ?? createConversationMemory();
  const members = createRateLimiter(opts.memberLimit ?? MEMBER_LIMIT);
  const channels = createRateLimiter(opts.channelLimit ?? CHANNEL_LIMIT);
  const services = servicesFor(kb, opts.store);
  const composer = createComposer({ kb, services, ...(opts.commands ? { commands: opts.commands } : {}) });
  const getSettings =
    opts.getSettings ??
    (opts.store ? (guildId: string) => (opts.store!.available ? opts.store!.settings.get(guildId) : null) : undefined);
  let example: string | undefined | null = null;
  const exampleQuestion = () => (example === null ? (example = suggestedQuestions(kb)[0]) : example);

  const settingsFor = async (guildId: string): Promise<ConversationSettings> => {
    try {
      return (await getSettings?.(guildId)) ?? {};
    } catch (err) {
      logger.warn({ err, guildId }, 'could not read server settings; using the defaults');
      return {};
    }
  };

  const placeOf = (message: Message, botId: string): Place => {
    if (!message.inGuild()) {
      const key = `dm:${message.channelId}`;
      return { key, isNew: !memory.get(key), kind: 'dm' };
    }
    if (message.channel.isThread()) {
      const key = `th:${message.channelId}`;
      return { key, isNew: !memory.get(key), kind: 'thread' };
    }
    const ref = message.reference;
    if (ref?.messageId && ref.type !== MessageReferenceType.Forward && ref.channelId === message.channelId) {
      const key = `msg:${ref.messageId}`;
      if (memory.get(key)) return { key, isNew: false, kind: 'chain' };
      // One of the bot's answers memory does not know (an `/ask` answer, or one from before a restart).
      const answered =
        message.mentions.repliedUser?.id === botId ? message.channel.messages.cache.get(ref.messageId) : undefined;
      const seed = composer.contextOf(answered?.embeds[0]?.toJSON());
      if (seed) return { key, isNew: false, kind: 'chain', seed };
    }
    return { key: `msg:${message.id}`, isNew: true, kind: 'chain' };
  };

  /**
   * A bare mention in reply to someone else's message ("@Checkpoint" under a member's question):
   * answer that message's question.
   */
  const referencedQuestion = (message: Message, botId: string): string | null => {
    const ref = message.reference;
    if (!ref?.messageId || ref.type === MessageReferenceType.Forward) return null;
    const original = message.channel.messages.cache.get(ref.messageId);
    if (!original || original.author.bot || original.author.id === botId) return null;
    const intent = intentOf(readQuestion(original.content, botId).question);
    return intent.kind === 'question' ? intent.question : null;
  };

  const log = (line: Line, outcome: MessageOutcome, started: number, quiet = false, msg = 'message') =>
    logger[quiet ? 'debug' : 'info']({ ...line, latencyMs: elapsed(started), outcome }, msg);

  const handleMessage = async (message: Message): Promise<void> => {
    const started = performance.now();
    const botId = message.client.user?.id;
    if (!botId || message.author.id === botId) return; // our own messages (echoes)
    const line: Line = {
      messageId: message.id,
      guildId: message.guildId,
      channelType: channelTypeName(message.channel?.type),
    };
    try {
      const r = await handle(message, botId, line);
      log(line, r.outcome, started, r.quiet);
    } catch (err) {
      await reportFailure(logger, err, line, 'message handler', (body) =>
        message.reply({ ...toSendOptions(body), failIfNotExists: false }),
      );
      log(line, 'error', started);
    }
  };

  const handleEdit = async (before: Message | PartialMessage, after: Message | PartialMessage): Promise<void> => {
    const started = performance.now();
    const botId = after.client.user?.id;
    // Uncached (partial) messages are not ours to guess at; an unchanged text is Discord adding link previews.
    if (!botId || after.partial || after.author.id === botId || after.author.bot) return;
    if (!before.partial && before.content === after.content) return;
    const line: Line = {
      messageId: after.id,
      guildId: after.guildId,
      channelType: channelTypeName(after.channel?.type),
      edited: true,
    };
    const record = memory.answerOf(after.id);
    try {
      const r = await handle(after, botId, line, record);
      log(line, r.outcome, started, r.quiet);
    } catch (err) {
      await reportFailure(logger, err, line, 'edit handler', (body) =>
        after.reply({ ...toSendOptions(body), failIfNotExists: false }),
      );
      log(line, 'error', started);
    }
  };

  const handle = async (message: Message, botId: string, line: Line, answered?: AnsweredMessage): Promise<Handled> => {
    let edit = answered;
    const ignore = (reason: string, quiet = false): Handled => {
      line.reason = reason;
      return { outcome: 'ignored', quiet };
    };
    const seen = classifyMessage(message, botId, (threadId) => !!memory.get(`th:${threadId}`));
    if (!seen.addressed) return ignore(seen.reason, seen.quiet);

    const read = readQuestion(message.content, botId);
    // Discord also sends an update when it adds link previews: the question is what counts.
    if (edit && read.question === edit.question) return ignore('unchanged', true);
    // Without the Message Content intent, replies that do not ping the bot and messages in its threads arrive blank.
    if (read.question === '' && !seen.inDm && !seen.directMention && message.attachments.size === 0)
      return ignore('no-content');
    let intent = intentOf(read.question);
    if (intent.kind === 'courtesy') return ignore('courtesy');
    if (intent.kind === 'hint' && read.question === '' && seen.directMention) {
      const theirs = referencedQuestion(message, botId);
      if (theirs) {
        intent = { kind: 'question', question: theirs };
        line.question = 'referenced';
      }
    }

    const post = (b: Body): Promise<Message> =>
      seen.canReply || !message.channel.isSendable()
        ? message.reply({ ...toSendOptions(b), failIfNotExists: false })
        : message.channel.send(toSendOptions(b));
    const send = async (body: Body): Promise<Message> => {
      const b = seen.canEmbed ? body : asText(body);
      if (!edit) return post(b);
      try {
        return await message.channel.messages.edit(edit.replyId, toEditOptions(b));
      } catch (err) {
        // The answer was deleted meanwhile: answer the edited question anew.
        if (!(err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.UnknownMessage)) throw err;
        line.replaced = true;
        edit = undefined;
        return post(b);
      }
    };

    // Rate limits: the member's budget first, so one member's burst does not use up the channel's.
    const byMember: RateDecision = members.check(`${message.guildId ?? '@dm'}:${message.author.id}`);
    const byChannel: RateDecision = byMember.allowed ? channels.check(message.channelId) : { allowed: true };
    if (!byMember.allowed || !byChannel.allowed) {
      const decision = (!byMember.allowed ? byMember : byChannel) as Extract<RateDecision, { allowed: false }>;
      line.reason = !byMember.allowed ? 'member' : 'channel';
      line.notified = decision.notify && !edit;
      if (decision.notify && !edit)
        await send(
          renderNotice(!byMember.allowed ? MESSAGE_TEXT.cooldown(seconds(decision.retryAfterMs)) : MESSAGE_TEXT.flood),
        );
      return { outcome: 'cooldown' };
    }

    const found = placeOf(message, botId);
    const place: Place = edit ? { ...found, key: edit.key, isNew: !edit.prev } : found;
    const prev = edit ? edit.prev : (memory.get(place.key) ?? place.seed);

    if (intent.kind === 'hint') {
      line.reason = 'hint';
      const sent = await send(renderNotice(MESSAGE_TEXT.empty(exampleQuestion(), seen.inDm)));
      memory.answered(message.id, {
        replyId: edit?.replyId ?? sent.id,
        channelId: message.channelId,
        key: place.key,
        prev,
        question: read.question,
      });
      return { outcome: 'declined' };
    }

    const composed = await composer.compose(
      intent.question,
      prev,
      askerOf(message),
      read.truncated ? [MESSAGE_TEXT.truncated] : [],
    );
    line.conversation = place.kind;
    line.followUp = !!prev;
    if (composed.usedContext) line.usedContext = true;
    const sent = await send(composed.payload);
    const replyId = edit?.replyId ?? sent.id;

    memory.set(place.key, composed.state);
    memory.answered(message.id, {
      replyId,
      channelId: message.channelId,
      key: place.key,
      prev,
      question: read.question,
    });
    if (place.kind === 'chain') {
      memory.alias(`msg:${message.id}`, place.key);
      memory.alias(`msg:${replyId}`, place.key);
    }

    // A busy server can ask for the conversation to continue in a thread under the first answer.
    if (!edit && place.kind === 'chain' && place.isNew && composed.outcome !== 'declined' && message.inGuild()) {
      const settings = await settingsFor(message.guildId);
      if (settings.continueInThreads) {
        const { thread } = await startConversationThread(message, sent, intent.question, logger);
        line.thread = thread;
        if (/^\d+$/.test(thread)) memory.alias(`th:${thread}`, place.key);
      }
    }
    return { outcome: composed.outcome };
  };

  const { handleButton } = createChoiceButtons({ kb, services, composer, memory, members, logger });

  return { handleMessage, handleEdit, handleButton, memory };
};
