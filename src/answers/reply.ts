/**
 * A platform-neutral reply. Commands return one; the console prints it, Discord renders it as
 * an embed with buttons. Keeping commands ignorant of discord.js is what lets every command
 * work offline in the console and be tested without a gateway.
 */
import type { Answer, Citation } from './answer.js';

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

export type ButtonStyle = 'primary' | 'secondary' | 'success' | 'danger';

export type ReplyButton =
  | { kind: 'choice'; label: string; command: string; args: Record<string, string> }
  | { kind: 'link'; label: string; url: string }
  /**
   * Runs a registered action (see `defineAction`) with these arguments. Keep them short: Discord
   * carries the action name and arguments in a ≤ 100-character custom_id.
   */
  | {
      kind: 'action';
      label: string;
      action: string;
      args?: readonly string[];
      style?: ButtonStyle;
      disabled?: boolean;
    };

export type SelectOption = { label: string; value: string; description?: string; default?: boolean };

/** A select menu (≤ 25 options) whose choice runs `action` with `args` and the chosen values. */
export type ReplySelect = {
  action: string;
  args?: readonly string[];
  placeholder: string;
  options: SelectOption[];
  /** How many options may be chosen (0 lets the member clear every choice). */
  min: number;
  max: number;
};

export type ModalField = {
  id: string;
  /** ≤ 45 characters on Discord. */
  label: string;
  style: 'short' | 'paragraph';
  required: boolean;
  maxLength: number;
  /** Prefilled text (editing). */
  value?: string;
  placeholder?: string;
};

/** A form (Discord: a modal; console: prompts) whose submission runs `action` with the fields. */
export type ReplyModal = {
  action: string;
  args?: readonly string[];
  /** ≤ 45 characters on Discord. */
  title: string;
  /** 1–5 fields. */
  fields: ModalField[];
};

/** A file attached to the reply (e.g. a FAQ export). */
export type ReplyFile = { name: string; content: string };

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
  /** Clarifying choices ("which role?"), links and action buttons. */
  buttons?: ReplyButton[];
  /** Select menus (one per row). */
  select?: ReplySelect | ReplySelect[];
  /** Ask for a form instead of showing a message (only as the first response to a command or a button). */
  modal?: ReplyModal;
  /** Replying to a button, menu or form on a message: replace that message instead of sending a new one. */
  update?: true;
  files?: ReplyFile[];
  /** The handler has more results than it shows (Discord: a "More results" button; see CommandContext.more). */
  more?: true;
  /** Only the asker should see it (Discord: ephemeral). */
  private?: boolean;
  /** false: a private reply gets no "Post to channel" button (confirmations, personal progress, settings). */
  shareable?: boolean;
  /** The underlying answer, for the JSON interface and for follow-ups. */
  answer?: Answer;
  /**
   * The id under which this answer was logged (store.answers). Transports carry it instead of the
   * question in paging buttons, so a page can be rebuilt after a restart however long the question.
   */
  answerId?: string;
};

export const notice = (title: string, intro: string, outcome: Outcome = 'info'): Reply => ({
  outcome,
  title,
  intro,
  items: [],
  citations: [],
});

/** The select menus of a reply as a list. */
export const selectsOf = (reply: Pick<Reply, 'select'>): ReplySelect[] =>
  reply.select === undefined ? [] : Array.isArray(reply.select) ? reply.select : [reply.select];

/** A declined reply lists at most this many suggestions; the rest are counted. */
export const MAX_SUGGESTIONS = 5;

/**
 * What a reply suggests instead, kept short for every transport: the first few, a count of the
 * rest, and none that is also a button ("Which role?") so nothing is offered twice.
 */
export const shortSuggestions = (reply: Pick<Reply, 'suggestions' | 'buttons'>): { shown: string[]; more: number } => {
  const buttons = new Set((reply.buttons ?? []).map((b) => b.label.toLowerCase()));
  const list = (reply.suggestions ?? []).filter((s) => !buttons.has(s.toLowerCase()));
  return { shown: list.slice(0, MAX_SUGGESTIONS), more: Math.max(0, list.length - MAX_SUGGESTIONS) };
};

/**
 * A server role named in interface text. Discord shows it as the role (pinging no one); the
 * trailing word joiner marks it as ours, since text echoed from a member has format characters
 * stripped and so can never pass for one.
 */
export const roleRef = (id: string): string => `<@&${id}>\u2060`;
