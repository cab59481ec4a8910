/**
 * Text a member might type, at its oddest: empty, whitespace, huge, combining marks, right-to-left
 * runs, zero-width characters, emoji sequences (surrogate pairs, ZWJ joins, flags, skin tones),
 * markdown, code blocks, links, and every kind of mention (@everyone, @here, roles, users, the bot,
 * channels). Only well-formed UTF-16: Discord never delivers a lone surrogate, so one in a body
 * the bot sends can only come from the bot cutting a pair in half.
 */
import type { Random } from './random.js';

/** Ids the text may mention. */
export type MentionTargets = {
  botId: string;
  roleIds: readonly string[];
  userIds: readonly string[];
  channelIds: readonly string[];
};

const QUESTIONS = [
  'how much does a border patrol agent make',
  'what training do new officers get',
  'do i need a degree',
  "what's expected at the proficient level",
  'what are the challenges of the job',
  'salary?',
  'how do I become a CBP officer',
  'whats the retirement age',
  'can i join with a DUI',
  'hi',
  'thanks',
  'help',
];

const WORDS = [
  'customs',
  'officer',
  'salary',
  'training',
  'level',
  'emerging',
  'advanced',
  'polygraph',
  'fitness',
  'Border Patrol Agent',
  'CBP',
  'k9',
  'visa',
  'pension',
];

const EMOJI = ['😀', '👍🏽', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇺🇸', '❤️', '🧑🏿‍🚀', '🫠', '𝓗𝓮𝓵𝓵𝓸', '🀄'];

const ODD = [
  'e\u0301\u0301\u0301\u0301', // stacked combining accents
  'Z̷̛͖a̶͎l̸̡g̵o̷',
  '\u202Eevil\u202C', // right-to-left override
  'שלום עולם مرحبا',
  'a\u200Bb\u200Cc\u200Dd\uFEFF', // zero-width characters
  '\u0000\u0007\u001b[31m', // control characters
  '\r\n\t',
  'ｆｕｌｌｗｉｄｔｈ',
  '𝕦𝕟𝕚𝕔𝕠𝕕𝕖',
  'İıŞş ß ﬁ',
  '\u00A0\u2003\u3000',
  '%s %d {0} ${x} \\u0000',
  "'; DROP TABLE faq_entries; --",
  '<script>alert(1)</script>',
];

const MARKDOWN = [
  '**bold**',
  '__under__',
  '*it*',
  '~~strike~~',
  '||spoiler||',
  '`code`',
  '```js\nconsole.log(1)\n```',
  '> quote',
  '# Heading',
  '-# small',
  '[link](https://evil.example/x)',
  'https://evil.example/?q=1',
  '<https://example.com>',
  '\\*escaped\\*',
  '- [ ] item',
];

const mentionsOf = (t: MentionTargets): string[] => [
  '@everyone',
  '@here',
  '@ everyone',
  '@\u200Beveryone',
  ...t.roleIds.map((id) => `<@&${id}>`),
  ...t.userIds.map((id) => `<@${id}>`),
  `<@!${t.userIds[0] ?? '1'}>`,
  `<@${t.botId}>`,
  ...t.channelIds.map((id) => `<#${id}>`),
  '<@&1>',
  '<@999999999999999999>',
  '<t:1700000000:R>',
  '<:custom:123456789012345678>',
];

/** One piece of odd text. */
const piece = (rng: Random, t: MentionTargets): string => {
  switch (rng.weighted({ word: 4, question: 2, emoji: 2, odd: 2, markdown: 2, mention: 3, number: 1 })) {
    case 'word':
      return rng.pick(WORDS);
    case 'question':
      return rng.pick(QUESTIONS);
    case 'emoji':
      return rng.pick(EMOJI).repeat(rng.between(1, 3));
    case 'odd':
      return rng.pick(ODD);
    case 'markdown':
      return rng.pick(MARKDOWN);
    case 'mention':
      return rng.pick(mentionsOf(t));
    case 'number':
      return String(rng.pick([0, -1, 1e21, 3.5, 2 ** 53, 42]));
  }
};

/**
 * Text for an option, field or message: mostly a few odd pieces, sometimes empty, blank, a plain
 * question, or a run long enough to meet every limit (an emoji run, so a cut at the limit falls
 * inside a surrogate pair or a ZWJ sequence).
 */
export const oddText = (rng: Random, t: MentionTargets, maxLength = 4000): string => {
  const text = (() => {
    switch (rng.weighted({ pieces: 10, question: 4, empty: 1, blank: 1, huge: 2, emojiRun: 2 })) {
      case 'pieces':
        return Array.from({ length: rng.between(1, 6) }, () => piece(rng, t)).join(rng.pick([' ', '', '\n', '  ']));
      case 'question':
        return rng.pick(QUESTIONS);
      case 'empty':
        return '';
      case 'blank':
        return rng.pick([' ', '\n\n', '\u200B', '\t \u3000']);
      case 'huge':
        return Array.from({ length: 400 }, () => piece(rng, t)).join(' ');
      case 'emojiRun':
        return 'a'.repeat(rng.int(4)) + rng.pick(EMOJI).repeat(rng.between(30, 1200));
    }
  })();
  return cutWhole(text, maxLength);
};

/** At most `max` UTF-16 units, never ending inside a surrogate pair (the member's client would not send half of one). */
export const cutWhole = (s: string, max: number): string => {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
};
