/**
 * A platform-neutral reply. Commands return one; the console prints it, Discord renders it as
 * an embed with buttons. Keeping commands ignorant of discord.js is what lets every command
 * work offline in the console and be tested without a gateway.
 */
import type { Answer, Citation } from './answers/answer.js';

export type Outcome = 'answered' | 'declined' | 'info' | 'refused' | 'error';

/** One line of a reply: quoted document text with its citation number, or interface text. */
export type ReplyItem = {
  text: string;
  /** Citation number ([n]) for quoted text; absent for fixed interface text. */
  cite?: number;
  /** Character ranges of `text` to emphasise (the words that matched the question). */
  marks?: [number, number][];
  /** A sub-heading shown above this item (e.g. a role name in the salary table). */
  heading?: string;
};

export type ReplyButton =
  | { kind: 'choice'; label: string; command: string; args: Record<string, string> }
  | { kind: 'link'; label: string; url: string };

export type Reply = {
  outcome: Outcome;
  title: string;
  /** Fixed interface text shown before the items (never document content). */
  intro?: string;
  items: ReplyItem[];
  citations: Citation[];
  /** Attribution the licences of the cited documents require. */
  attribution?: string;
  /** Declined or empty: what the bot can answer instead. */
  suggestions?: string[];
  /** Clarifying choices ("which role?") or links. */
  buttons?: ReplyButton[];
  /** Only the asker should see it (Discord: ephemeral). */
  private?: boolean;
  /** The underlying answer, for the JSON interface and for follow-ups. */
  answer?: Answer;
};

export const notice = (title: string, intro: string, outcome: Outcome = 'info'): Reply => ({ outcome, title, intro, items: [], citations: [] });
