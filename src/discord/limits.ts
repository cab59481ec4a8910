/**
 * Every Discord limit the bot relies on, in one place (those the reply builders need too come
 * from src/answers/reply-limits.ts), and the truncation helpers (from src/text/cut.ts). Lengths
 * are counted in UTF-16 code units (JavaScript `.length`): discord.js builders validate that way,
 * which is stricter than Discord's own code-point count, so staying under it is safe.
 */
import { REPLY_LIMITS } from '../answers/reply-limits.js';

export { REPLY_LIMITS };

export const LIMITS = {
  /** Controls and forms: the limits the reply builders below this layer need too. */
  ...REPLY_LIMITS,
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedAuthor: 256,
  /** Sum of title, description, field names/values, footer and author over all embeds of a message. */
  embedTotal: 6000,
  embedsPerMessage: 10,
  customId: 100,
  threadName: 100,
  commandName: 32,
  commandDescription: 100,
  optionDescription: 100,
  commandOptions: 25,
  /** A string option's fixed choices: how many, and each one's name and value. */
  optionChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  /** The most a string option's max_length may say. */
  optionMaxLength: 6000,
} as const;

/** Cutting text to these limits is transport-neutral (src/answers and commands cut too). */
export { ELLIPSIS, sliceUnits, truncate } from '../text/cut.js';

export type EmbedLike = {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
  author?: { name: string };
};

/** The length Discord counts against the 6000-character message total for one embed. */
export const embedLength = (e: EmbedLike): number =>
  (e.title?.length ?? 0) +
  (e.description?.length ?? 0) +
  (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0) +
  (e.footer?.text.length ?? 0) +
  (e.author?.name.length ?? 0);

/** Problems with an embed against Discord's limits (empty when it fits). */
export const embedProblems = (e: EmbedLike): string[] => {
  const out: string[] = [];
  if ((e.title?.length ?? 0) > LIMITS.embedTitle) out.push('title too long');
  if ((e.description?.length ?? 0) > LIMITS.embedDescription) out.push('description too long');
  if ((e.fields?.length ?? 0) > LIMITS.embedFields) out.push('too many fields');
  for (const f of e.fields ?? []) {
    if (f.name.length > LIMITS.embedFieldName || f.name.length === 0) out.push(`field name length ${f.name.length}`);
    if (f.value.length > LIMITS.embedFieldValue || f.value.length === 0)
      out.push(`field value length ${f.value.length}`);
  }
  if ((e.footer?.text.length ?? 0) > LIMITS.embedFooter) out.push('footer too long');
  if (embedLength(e) > LIMITS.embedTotal) out.push('embed total too long');
  return out;
};
