/**
 * What the bot remembers of a conversation, so follow-ups resolve against what came before, and
 * which reply answered which message, so an edited question updates its answer. Bounded two
 * ways — entries expire after a TTL and no map exceeds a cap (oldest go first) — so memory does
 * not grow with traffic.
 */
import type { Level } from '../corpus/types.js';

export type ConversationState = {
  topic: string | null;
  role: string | null;
  level: Level | null;
  lastQuery: string;
  at: number;
};

/** The bot's reply to a member's message, and the context that reply was read against. */
export type AnsweredMessage = {
  replyId: string;
  channelId: string;
  key: string;
  prev: ConversationState | undefined;
  question: string;
};

export type ConversationMemory = {
  get: (key: string, now?: number) => ConversationState | undefined;
  set: (key: string, state: Omit<ConversationState, 'at'>, now?: number) => void;
  /** Links another key (e.g. the bot's reply message id) to the same conversation. */
  alias: (key: string, target: string) => void;
  /** Remembers which reply answered a member's message (edits update that reply). */
  answered: (messageId: string, record: AnsweredMessage, now?: number) => void;
  answerOf: (messageId: string, now?: number) => AnsweredMessage | undefined;
  /** Conversations held. */
  size: () => number;
  /** Every entry held: conversations, aliases and answered messages (the bench checks the bound). */
  entries: () => number;
};

export const CONVERSATION_TTL_MS = 15 * 60 * 1000;
export const MAX_CONVERSATIONS = 5000;

export type MemoryOptions = {
  ttlMs?: number;
  max?: number;
  /** The clock used when a call passes no `now` (tests move it forward). */
  clock?: () => number;
};

/** A Map that forgets entries older than `ttlMs` and drops the oldest beyond `max`. */
const boundedMap = <V>(ttlMs: number, max: number) => {
  // A Map iterates in insertion order: re-inserting on write keeps the oldest first for eviction.
  const items = new Map<string, { value: V; at: number }>();
  return {
    get: (key: string, now: number): { value: V; at: number } | undefined => {
      const item = items.get(key);
      if (item && now - item.at > ttlMs) {
        items.delete(key);
        return undefined;
      }
      return item;
    },
    set: (key: string, value: V, now: number) => {
      items.delete(key);
      items.set(key, { value, at: now });
      while (items.size > max) items.delete(items.keys().next().value!);
    },
    size: () => items.size,
  };
};

export const createConversationMemory = ({
  ttlMs = CONVERSATION_TTL_MS,
  max = MAX_CONVERSATIONS,
  clock = Date.now,
}: MemoryOptions = {}): ConversationMemory => {
  const states = boundedMap<Omit<ConversationState, 'at'>>(ttlMs, max);
  // A conversation has a few messages: its user messages and the bot's replies point to its key.
  const aliases = boundedMap<string>(ttlMs * 4, max * 4);
  const replies = boundedMap<AnsweredMessage>(ttlMs, max * 2);
  const resolve = (key: string, now: number) => aliases.get(key, now)?.value ?? key;
  return {
    get: (key, now = clock()) => {
      const item = states.get(resolve(key, now), now);
      return item ? { ...item.value, at: item.at } : undefined;
    },
    set: (key, state, now = clock()) => {
      const { at: _at, ...rest } = state as ConversationState;
      states.set(resolve(key, now), rest, now);
    },
    alias: (key, target) => {
      const now = clock();
      const root = resolve(target, now);
      if (root === key) return; // a conversation's own key needs no alias
      aliases.set(key, root, now);
    },
    answered: (messageId, record, now = clock()) => replies.set(messageId, record, now),
    answerOf: (messageId, now = clock()) => replies.get(messageId, now)?.value,
    size: () => states.size(),
    entries: () => states.size() + aliases.size() + replies.size(),
  };
};
