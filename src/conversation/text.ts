/**
 * Reading what a member wrote to the bot: the question without mentions, markdown and invisible
 * characters, and whether it is a question at all ("thanks", "hi", a bare mention).
 */
import { sliceUnits } from '../text/cut.js';

/** Longest question read from a message (the same bound as `/ask`). */
export const MAX_QUESTION = 500;

/** Zero-width and bidi controls: removed outright, so "s\u200balary" reads as "salary". */
const INVISIBLE = /[\p{Cf}\u00ad]/gu;

/** Discord markdown around words (`**bold**`, `` `code` ``, `||spoiler||`, quotes, headings, masked links): the words stay. */
const stripMarkdown = (s: string): string =>
  s
    .replace(/```[\w+-]*\n?/g, ' ')
    .replace(/\[([^\]\n]{1,200})\]\(<?https?:\/\/[^\s)>]+>?\)/g, '$1')
    .replace(/^\s*(?:>>>|>|-#|#{1,3})\s+/gm, '')
    .replace(/\*{1,3}|~~|\|\||`+/g, '')
    .replace(/(^|[\s(])_{1,2}(?=\S)|(?<=\S)_{1,2}(?=$|[\s).,!?])/g, '$1');

export type ReadQuestion = {
  /** The question as the answer layer and the title see it (≤ MAX_QUESTION characters). */
  question: string;
  /** The message held more than MAX_QUESTION characters of question. */
  truncated: boolean;
};

/**
 * The question without the bot's mention, other mentions, channel links, custom emoji,
 * @everyone/@here and markdown; NFKC-normalised (fullwidth letters, ligatures), with invisible
 * characters and the combining marks left on Latin letters after NFKC ("Z̴̡a̷l̸g̵o̶") removed.
 */
export const readQuestion = (content: string, botId: string): ReadQuestion => {
  const flat = stripMarkdown(
    content
      .normalize('NFKC')
      .replace(INVISIBLE, '')
      .replace(/(?<=\p{Script=Latin})\p{M}+/gu, '')
      .replace(new RegExp(`<@!?${botId}>`, 'g'), ' ')
      .replace(/<(?:@[!&]?|#)\d{1,21}>/g, ' ')
      .replace(/<a?:\w{1,32}:\d{1,21}>/g, ' ')
      .replace(/<t:\d{1,13}(?::[tTdDfFR])?>/g, ' ')
      .replace(/@(?:everyone|here)\b/gi, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim();
  if (flat.length <= MAX_QUESTION) return { question: flat, truncated: false };
  // Cut at a word boundary so the last word is not half a word the speller would "correct".
  const cut = sliceUnits(flat, MAX_QUESTION);
  const space = cut.lastIndexOf(' ');
  return { question: (space > MAX_QUESTION * 0.8 ? cut.slice(0, space) : cut).trim(), truncated: true };
};

/** The question text alone (tests, bench). */
export const questionText = (content: string, botId: string): string => readQuestion(content, botId).question;

export { intentOf, type MessageIntent } from '../answers/small-talk.js';
