/**
 * Conversations: mention the bot in a channel (or reply to one of its answers), or DM it, and it
 * answers with the same cited embed as `/ask`, as a reply to the message. Follow-ups in the same
 * conversation (reply chain, thread or DM) resolve against what came before for 15 minutes; a
 * question too vague to answer well gets clarifying buttons instead of a guess.
 *
 * Conversation keys: `dm:<channel>` in DMs, `th:<thread>` in threads, `msg:<message>` for a reply
 * chain in a channel (each of the bot's replies, and each user message in the chain, is aliased to
 * the conversation, so replying to any of them continues it). State lives in the bounded memory
 * (TTL + cap): it does not grow with traffic.
 *
 * Never pings (allowedMentions empty, repliedUser false, user text defused by the renderer),
 * ignores bots and `@everyone`/role-only mentions, rate-limits per member (one notice per burst)
 * and per channel (one notice, then silence), writes one log line per message it handles, and
 * never throws into discord.js.
 */
import { randomBytes } from 'node:crypto';
import {
  ChannelType,
  MessageFlags,
  MessageReferenceType,
  MessageType,
  PermissionFlagsBits,
  ThreadAutoArchiveDuration,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIMessageTopLevelComponent,
  type ButtonInteraction,
  type Interaction,
  type Message,
} from 'discord.js';
import { askView, cleanUserText, EMPTY_QUESTION, suggestedQuestions } from '../answers/views.js';
import { createRateLimiter, type RateDecision } from '../conversation/cooldown.js';
import { clarify, resolveFollowUp, type Clarification } from '../conversation/followup.js';
import { createConversationMemory, type ConversationMemory, type ConversationState } from '../conversation/memory.js';
import type { KnowledgeBase } from '../knowledge.js';
import { analyzeQuery } from '../search/analyze.js';
import type { Logger } from '../log.js';
import type { Reply } from '../reply.js';
import { LIMITS, truncate } from './limits.js';
import { renderNotice, renderReply, safeText, type MessagePayload } from './render.js';
import { MESSAGES as ROUTER_MESSAGES } from './router.js';

export type MessageOutcome = 'answered' | 'declined' | 'clarify' | 'ignored' | 'cooldown' | 'error';

/** The per-server settings this module reads (the store's GuildSettings fit). */
export type ConversationSettings = { continueInThreads?: boolean };

export type Limit = { limit: number; windowMs: number };

export type MessageHandlerOptions = {
  kb: KnowledgeBase;
  logger: Logger;
  /** Per-server settings (e.g. `store.settings.get`). Default: threads off. May throw: treated as defaults. */
  getSettings?: (guildId: string) => ConversationSettings | null | undefined | Promise<ConversationSettings | null | undefined>;
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
  /** Whether an interaction is one of this module's buttons (the router must not see it). */
  owns: (interaction: Interaction) => boolean;
  /** Handles a clarifying-choice button. Never rejects. */
  handleButton: (interaction: ButtonInteraction) => Promise<void>;
  memory: ConversationMemory;
};

export const MEMBER_LIMIT: Limit = { limit: 5, windowMs: 30_000 };
export const CHANNEL_LIMIT: Limit = { limit: 20, windowMs: 10_000 };
/** Longest question read from a message (the same bound as `/ask`). */
export const MAX_QUESTION = 500;

export const MESSAGE_TEXT = {
  cooldown: (seconds: number) => `You're asking faster than I can keep up. Please wait about ${seconds} s, then ask again.`,
  flood: 'This channel is very busy, so I am pausing my answers here for a few seconds. Mention me again in a moment.',
  empty: (example: string | undefined, inDm: boolean) =>
    `Hi! ${EMPTY_QUESTION}${example ? ` For example: “${example}”` : ''} ${inDm ? 'Just type your question here.' : 'Mention me with your question, or reply to one of my answers.'}`,
  followUp: (context: string) => `Following up on this conversation (${context}).`,
} as const;

// ---------------------------------------------------------------------------------------------
// Clarifying-choice buttons: `conv:<asker id>:<query>` (≤ 100 chars, self-contained, survives restarts)
// ---------------------------------------------------------------------------------------------

export const CHOICE_PREFIX = 'conv:';

export const encodeChoice = (ownerId: string, query: string): string | null => {
  const id = `${CHOICE_PREFIX}${ownerId}:${query}`;
  return id.length <= LIMITS.customId ? id : null;
};

export const decodeChoice = (customId: string): { owner: string; query: string } | null => {
  const m = /^conv:(\d{1,20}):([^\n]{1,100})$/.exec(customId);
  return m ? { owner: m[1]!, query: m[2]! } : null;
};

const choiceRows = (clarification: Clarification, ownerId: string): APIActionRowComponent<APIButtonComponent>[] => {
  const buttons: APIButtonComponent[] = [];
  for (const c of clarification.choices) {
    const id = encodeChoice(ownerId, c.query);
    if (!id || buttons.some((b) => 'custom_id' in b && b.custom_id === id)) continue;
    buttons.push({ type: 2, style: 2, custom_id: id, label: truncate(c.label, LIMITS.buttonLabel) });
  }
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < buttons.length && rows.length < LIMITS.actionRows; i += LIMITS.buttonsPerRow) {
    rows.push({ type: 1, components: buttons.slice(i, i + LIMITS.buttonsPerRow) });
  }
  return rows;
};

// ---------------------------------------------------------------------------------------------
// Reading a message
// ---------------------------------------------------------------------------------------------

/** The question without the bot's mention, other mentions, channel links, custom emoji or @everyone/@here. */
export const questionText = (content: string, botId: string): string =>
  content
    .replace(new RegExp(`<@!?${botId}>`, 'g'), ' ')
    .replace(/<(?:@[!&]?|#)\d{1,21}>/g, ' ')
    .replace(/<a?:\w{1,32}:\d{1,21}>/g, ' ')
    .replace(/@(?:everyone|here)\b/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_QUESTION);

/** "thanks", "ok", "👍": nothing to answer. */
const COURTESY = /^(?:(?:thanks?|thank you|thx|ty|tysm|ok(?:ay)?|k|cool|great|nice|awesome|perfect|got it|gotcha|cheers|lol|np)(?: (?:so much|a lot|again|man|mate|bot))?[\s!.,:)]*|[\p{Extended_Pictographic}\u200d\ufe0f\s]+)$/iu;

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
const channelTypeName = (type: ChannelType | undefined) => (type === undefined ? 'unknown' : (CHANNEL_NAMES[type] ?? String(type)));

const newRef = () => randomBytes(2).toString('hex').toUpperCase();

const toSendOptions = (p: Pick<MessagePayload, 'content' | 'embeds' | 'components'>) => ({
  ...(p.content !== undefined ? { content: p.content } : {}),
  embeds: p.embeds,
  components: p.components,
  allowedMentions: { parse: [], repliedUser: false },
});

/** Where a message belongs: its conversation key, whether it is new, and context read from the message it replies to. */
type Place = { key: string; isNew: boolean; kind: 'dm' | 'thread' | 'chain'; seed?: ConversationState };

export const createMessageHandler = (opts: MessageHandlerOptions): MessageHandler => {
  const { kb, logger } = opts;
  const memory = opts.memory ?? createConversationMemory();
  const members = createRateLimiter(opts.memberLimit ?? MEMBER_LIMIT);
  const channels = createRateLimiter(opts.channelLimit ?? CHANNEL_LIMIT);
  let example: string | undefined | null = null;
  const exampleQuestion = () => (example === null ? (example = suggestedQuestions(kb)[0]) : example);

  const settingsFor = async (guildId: string | null): Promise<ConversationSettings> => {
    if (!guildId || !opts.getSettings) return {};
    try {
      return (await opts.getSettings(guildId)) ?? {};
    } catch (err) {
      logger.warn({ err, guildId }, 'could not read server settings; using the defaults');
      return {};
    }
  };

  /**
   * A reply to one of the bot's answers that memory does not know (an `/ask` answer, or one from
   * before a restart): the answer's title is the question it answered, so read the context from it.
   */
  const seedFrom = (message: Message, referencedId: string, botId: string): ConversationState | undefined => {
    if (message.mentions.repliedUser?.id !== botId) return undefined;
    const title = message.channel.messages.cache.get(referencedId)?.embeds[0]?.title;
    if (!title) return undefined;
    const question = title.replace(/\\(.)/g, '$1');
    const a = analyzeQuery(kb.index, question);
    if (!a.topic && !a.role && !a.level) return undefined;
    return { topic: a.topic, role: a.role?.name ?? null, level: a.level, lastQuery: question, at: Date.now() };
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
      const seed = seedFrom(message, ref.messageId, botId);
      if (seed) return { key, isNew: false, kind: 'chain', seed };
    }
    return { key: `msg:${message.id}`, isNew: true, kind: 'chain' };
  };

  /** One answer, clarification or decline for a question in a conversation. */
  const compose = (question: string, prev: ConversationState | undefined, askerId: string) => {
    const resolved = resolveFollowUp(kb, question, prev);
    const a = resolved.analysis;
    const state: Omit<ConversationState, 'at'> = {
      topic: a.topic ?? prev?.topic ?? null,
      role: a.role?.name ?? prev?.role ?? null,
      level: a.level ?? prev?.level ?? null,
      lastQuery: resolved.query,
    };
    const title = cleanUserText(question) || 'Answer';
    const clarification = clarify(kb, a);
    if (clarification) {
      const reply: Reply = { outcome: 'info', title: title.charAt(0).toUpperCase() + title.slice(1), intro: clarification.prompt, items: [], citations: [] };
      const out = renderReply(reply);
      const payload = { embeds: out.embeds, components: [...out.components, ...choiceRows(clarification, askerId)].slice(0, LIMITS.actionRows) };
      return { outcome: 'clarify' as const, payload, state, usedContext: resolved.usedContext };
    }
    let reply = askView(kb, resolved.query);
    let usedContext = resolved.usedContext;
    if (usedContext && reply.outcome !== 'answered') {
      // The context narrowed it to nothing ("do they need a degree?" — the documents answer it for everyone).
      const plain = askView(kb, question);
      if (plain.outcome === 'answered') {
        reply = plain;
        usedContext = false;
      }
    }
    if (usedContext) {
      reply.title = title.charAt(0).toUpperCase() + title.slice(1);
      const context = safeText(resolved.query.slice(question.length).trim());
      reply.intro = [MESSAGE_TEXT.followUp(context), reply.intro].filter(Boolean).join('\n');
    }
    const out = renderReply(reply, { command: 'ask', args: { question: (usedContext ? resolved.query : question).slice(0, MAX_QUESTION) } });
    const outcome: MessageOutcome = reply.outcome === 'answered' ? 'answered' : 'declined';
    return { outcome, payload: { embeds: out.embeds, components: out.components as APIMessageTopLevelComponent[] }, state, usedContext };
  };

  const handleMessage = async (message: Message): Promise<void> => {
    const started = performance.now();
    const botId = message.client.user?.id;
    if (!botId || message.author.id === botId) return; // our own messages (echoes)
    const line: Record<string, unknown> = {
      messageId: message.id,
      guildId: message.guildId,
      channelType: channelTypeName(message.channel?.type),
    };
    let outcome: MessageOutcome = 'ignored';
    let level: 'info' | 'debug' = 'info';
    try {
      const r = await handle(message, botId, line);
      outcome = r.outcome;
      if (r.quiet) level = 'debug';
    } catch (err) {
      outcome = 'error';
      const ref = newRef();
      line.ref = ref;
      logger.error({ err, ref, messageId: message.id, guildId: message.guildId }, 'message handler failed');
      try {
        await message.reply({ ...toSendOptions(renderNotice(ROUTER_MESSAGES.error(ref))), failIfNotExists: false });
      } catch (replyErr) {
        logger.warn({ err: replyErr, ref, messageId: message.id }, 'could not send the error reply');
      }
    }
    logger[level]({ ...line, latencyMs: Math.round((performance.now() - started) * 100) / 100, outcome }, 'message');
  };

  const handle = async (message: Message, botId: string, line: Record<string, unknown>): Promise<{ outcome: MessageOutcome; quiet?: boolean }> => {
    const ignore = (reason: string, quiet = false) => {
      line.reason = reason;
      return { outcome: 'ignored' as const, quiet };
    };
    if (message.system || (message.type !== MessageType.Default && message.type !== MessageType.Reply)) return ignore('system', true);

    const inDm = !message.inGuild();
    const directMention = new RegExp(`<@!?${botId}>`).test(message.content) || message.mentions.users.has(botId);
    const repliedToBot = message.reference?.type !== MessageReferenceType.Forward && message.mentions.repliedUser?.id === botId;
    // A thread the bot started for a conversation that is still live: no mention needed there.
    const ownThread = message.channel.isThread() && message.channel.ownerId === botId && !!memory.get(`th:${message.channelId}`);
    const addressed = inDm || directMention || repliedToBot || ownThread;

    if (!addressed) {
      if (message.mentions.everyone) return ignore('everyone-only');
      if (message.mentions.roles.size > 0) return ignore('role-only');
      return ignore('not-addressed', true);
    }
    if (message.author.bot || message.webhookId) return ignore('bot');

    // Replying (message_reference) needs Read Message History; without it, answer without the reply link.
    let canReply = true;
    if (message.inGuild()) {
      const me = message.guild.members.me;
      const perms = me ? message.channel.permissionsFor(me) : null;
      if (perms && (!perms.has(PermissionFlagsBits.ViewChannel) || !perms.has(message.channel.isThread() ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages))) {
        return ignore('no-permission');
      }
      if (perms && !perms.has(PermissionFlagsBits.ReadMessageHistory)) canReply = false;
    }

    const question = questionText(message.content, botId);
    // Without the MessageContent intent, replies that do not ping the bot and messages in its threads arrive blank.
    if (question === '' && !inDm && !directMention && message.attachments.size === 0) return ignore('no-content');
    if (question !== '' && COURTESY.test(question)) return ignore('courtesy');

    const send = async (payload: Pick<MessagePayload, 'content' | 'embeds' | 'components'>): Promise<Message> =>
      canReply || !message.channel.isSendable() ? message.reply({ ...toSendOptions(payload), failIfNotExists: false }) : message.channel.send(toSendOptions(payload));

    // Rate limits: the member's budget first, so one member's burst does not use up the channel's.
    const memberKey = `${message.guildId ?? '@dm'}:${message.author.id}`;
    const byMember: RateDecision = members.check(memberKey);
    const byChannel: RateDecision = byMember.allowed ? channels.check(message.channelId) : { allowed: true };
    if (!byMember.allowed || !byChannel.allowed) {
      const decision = (!byMember.allowed ? byMember : byChannel) as Extract<RateDecision, { allowed: false }>;
      line.reason = !byMember.allowed ? 'member' : 'channel';
      line.notified = decision.notify;
      if (decision.notify) {
        const text = !byMember.allowed ? MESSAGE_TEXT.cooldown(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))) : MESSAGE_TEXT.flood;
        await send(renderNotice(text));
      }
      return { outcome: 'cooldown' };
    }

    if (question === '') {
      line.reason = 'empty';
      await send(renderNotice(MESSAGE_TEXT.empty(exampleQuestion(), inDm)));
      return { outcome: 'declined' };
    }

    const place = placeOf(message, botId);
    const prev = memory.get(place.key) ?? place.seed;
    const composed = compose(question, prev, message.author.id);
    line.conversation = place.kind;
    line.followUp = !place.isNew;
    if (composed.usedContext) line.usedContext = true;
    const sent = await send(composed.payload);

    memory.set(place.key, composed.state);
    if (place.kind === 'chain') {
      memory.alias(`msg:${message.id}`, place.key);
      memory.alias(`msg:${sent.id}`, place.key);
    }

    // A busy server can ask for the conversation to continue in a thread under the first answer.
    if (place.kind === 'chain' && place.isNew && composed.outcome !== 'declined' && message.inGuild()) {
      const settings = await settingsFor(message.guildId);
      if (settings.continueInThreads) await startThread(message, sent, question, place.key, line);
    }
    return { outcome: composed.outcome };
  };

  const startThread = async (message: Message<true>, sent: Message, question: string, key: string, line: Record<string, unknown>) => {
    const channel = message.channel;
    if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) return;
    const me = message.guild.members.me;
    const perms = me ? channel.permissionsFor(me) : null;
    if (perms && !perms.has([PermissionFlagsBits.CreatePublicThreads, PermissionFlagsBits.SendMessagesInThreads])) {
      line.thread = 'no-permission';
      return;
    }
    try {
      const thread = await sent.startThread({ name: truncate(cleanUserText(question, 100) || 'Checkpoint', 100), autoArchiveDuration: ThreadAutoArchiveDuration.OneHour });
      memory.alias(`th:${thread.id}`, key);
      line.thread = thread.id;
    } catch (err) {
      // The answer is already out; a missing thread only costs the tidy-up.
      line.thread = 'failed';
      logger.warn({ err, messageId: message.id }, 'could not start a conversation thread');
    }
  };

  const owns = (interaction: Interaction): boolean => interaction.isButton() && interaction.customId.startsWith(CHOICE_PREFIX);

  const handleButton = async (i: ButtonInteraction): Promise<void> => {
    const started = performance.now();
    const line: Record<string, unknown> = { interactionId: i.id, messageId: i.message?.id, guildId: i.guildId, channelType: channelTypeName(i.channel?.type) };
    let outcome: MessageOutcome = 'ignored';
    try {
      const choice = decodeChoice(i.customId);
      if (!choice) {
        line.reason = 'stale';
        await i.reply({ ...toSendOptions(renderNotice(ROUTER_MESSAGES.stale)), flags: MessageFlags.Ephemeral });
      } else if (choice.owner !== i.user.id) {
        // Someone else's question: their own private answer, leaving the asker's message alone.
        line.reason = 'not-asker';
        const reply = askView(kb, choice.query);
        const out = renderReply(reply, { command: 'ask', args: { question: choice.query }, userId: i.user.id });
        await i.reply({ ...toSendOptions(out), flags: MessageFlags.Ephemeral });
        outcome = reply.outcome === 'answered' ? 'answered' : 'declined';
      } else {
        const byMember = members.check(`${i.guildId ?? '@dm'}:${i.user.id}`);
        if (!byMember.allowed) {
          line.reason = 'member';
          await i.reply({ ...toSendOptions(renderNotice(MESSAGE_TEXT.cooldown(Math.max(1, Math.ceil(byMember.retryAfterMs / 1000))))), flags: MessageFlags.Ephemeral });
          outcome = 'cooldown';
        } else {
          // The asker's choice replaces the clarifying question with the answer, in place.
          const key = !i.inGuild() ? `dm:${i.channelId}` : i.channel?.isThread() ? `th:${i.channelId}` : `msg:${i.message.id}`;
          const prev = memory.get(key);
          const composed = compose(choice.query, prev, i.user.id);
          await i.update(toSendOptions(composed.payload));
          memory.set(key, composed.state);
          outcome = composed.outcome;
        }
      }
    } catch (err) {
      outcome = 'error';
      const ref = newRef();
      line.ref = ref;
      logger.error({ err, ref, interactionId: i.id }, 'conversation button failed');
      try {
        const opts = { ...toSendOptions(renderNotice(ROUTER_MESSAGES.error(ref))), flags: MessageFlags.Ephemeral as const };
        if (i.replied || i.deferred) await i.followUp(opts);
        else await i.reply(opts);
      } catch (replyErr) {
        logger.warn({ err: replyErr, ref, interactionId: i.id }, 'could not send the error reply');
      }
    }
    logger.info({ ...line, latencyMs: Math.round((performance.now() - started) * 100) / 100, outcome }, 'conversation button');
  };

  return { handleMessage, owns, handleButton, memory };
};
