/**
 * Every Discord limit the bot relies on, in one place, and truncation helpers.
 * Lengths are counted in UTF-16 code units (JavaScript `.length`): discord.js builders validate
 * that way, which is stricter than Discord's own code-point count, so staying under it is safe.
 */

export const LIMITS = {
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
  buttonLabel: 80,
  buttonsPerRow: 5,
  actionRows: 5,
  selectOptions: 25,
  autocompleteChoices: 25,
  autocompleteChoiceName: 100,
  autocompleteChoiceValue: 100,
  commandName: 32,
  commandDescription: 100,
  optionDescription: 100,
  commandOptions: 25,
  choiceName: 100,
} as const;

export const ELLIPSIS = '…';

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** Cuts at `max` UTF-16 units without splitting a surrogate pair. */
export const sliceUnits = (text: string, max: number): string => {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  const end = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
};

/**
 * Shortens `text` to at most `max` UTF-16 units, ending with an ellipsis, cutting at a word
 * boundary. Only a single word longer than most of the budget is cut inside (never a surrogate pair).
 */
export const truncate = (text: string, max: number, ellipsis: string = ELLIPSIS): string => {
  if (text.length <= max) return text;
  if (max <= ellipsis.length) return sliceUnits(text, max);
  const room = max - ellipsis.length;
  const head = sliceUnits(text, room);
  // A whitespace right after the cut means the cut is already at a word end.
  const nextIsSpace = /\s/.test(text.charAt(head.length));
  let cut = head;
  if (!nextIsSpace) {
    const at = head.search(/\s\S*$/);
    if (at > room * 0.5) cut = head.slice(0, at);
  }
  cut = cut.replace(/[\s,;:.\-–—]+$/u, '');
  // Do not leave a dangling backslash (an escape without its character).
  cut = cut.replace(/\\+$/, (m) => (m.length % 2 === 1 ? m.slice(1) : m));
  return `${cut}${ellipsis}`;
};

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
    if (f.value.length > LIMITS.embedFieldValue || f.value.length === 0) out.push(`field value length ${f.value.length}`);
  }
  if ((e.footer?.text.length ?? 0) > LIMITS.embedFooter) out.push('footer too long');
  if (embedLength(e) > LIMITS.embedTotal) out.push('embed total too long');
  return out;
};
