/**
 * What the bot remembers of a conversation, so follow-ups resolve against what came before.
 * Bounded two ways — entries expire after a TTL and the map never exceeds a cap (oldest go
 * first) — so memory does not grow with traffic.
 */
import type { Level } from '../corpus/types.js';

export type ConversationState = {
  topic: string | null;
  role: string | null;
  level: Level | null;
  lastQuery: string;
  at: number;
};

export type ConversationMemory = {
  get: (key: string, now?: number) => ConversationState | undefined;
  set: (key: string, state: Omit<ConversationState, 'at'>, now?: number) => void;
  /** Links another key (e.g. the bot's reply message id) to the same conversation. */
  alias: (key: string, target: string) => void;
  size: () => number;
};

export const CONVERSATION_TTL_MS = 15 * 60 * 1000;
export const MAX_CONVERSATIONS = 5000;

export type MemoryOptions = {
  ttlMs?: number;
  max?: number;
  /** The clock used when a call passes no `now` (tests move it forward). */
  clock?: () => number;
};

export const createConversationMemory = ({ ttlMs = CONVERSATION_TTL_MS, max = MAX_CONVERSATIONS, clock = Date.now }: MemoryOptions = {}): ConversationMemory => {
  // A Map iterates in insertion order: re-inserting on write keeps the oldest first for eviction.
  const states = new Map<string, ConversationState>();
  const aliases = new Map<string, string>();
  const resolve = (key: string) => aliases.get(key) ?? key;
  const evict = () => {
    while (states.size > max) states.delete(states.keys().next().value!);
    while (aliases.size > max * 2) aliases.delete(aliases.keys().next().value!);
  };
  return {
    get: (key, now = clock()) => {
      const k = resolve(key);
      const s = states.get(k);
      if (!s) return undefined;
      if (now - s.at > ttlMs) {
        states.delete(k);
        return undefined;
      }
      return s;
    },
    set: (key, state, now = clock()) => {
      const k = resolve(key);
      states.delete(k);
      states.set(k, { ...state, at: now });
      evict();
    },
    alias: (key, target) => {
      aliases.delete(key);
      const root = resolve(target);
      if (root === key) return; // a conversation's own key needs no alias
      aliases.set(key, root);
      evict();
    },
    size: () => states.size,
  };
};
