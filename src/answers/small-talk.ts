/**
 * Small talk: what a message says when it is not a question about the documents. "hi" and
 * "help" deserve a hint on what to ask, "thanks" deserves nothing (or a word), and neither
 * should be answered with "my sources don't cover that".
 */
const ADDRESS = '(?: (?:so much|a lot|again|man|mate|bot|checkpoint|everyone|all|guys|folks|there))?';
/** "thanks", "ok", "👍": nothing to answer, and nothing to say. */
const COURTESY = new RegExp(
  // The class lists ZWJ and VS-16 on their own so emoji sequences match whole: no combined character.
  // eslint-disable-next-line no-misleading-character-class
  `^(?:(?:thanks?|thank you|thx|ty|tysm|ok(?:ay)?|k|cool|great|nice|awesome|perfect|got it|gotcha|cheers|lol|np|no problem|bye|goodbye|see ya)${ADDRESS}[\\s!.,:)]*|[\\p{Extended_Pictographic}\\u200d\\ufe0f\\s]+)$`,
  'iu',
);
/** "hi", "hello there", "help": worth a friendly hint on what to ask, not a decline. */
const GREETING_WORDS =
  '(?:hi+|hello+|hey+|heya|hiya|howdy|yo|sup|hola|greetings|good (?:morning|afternoon|evening|day)|gm)';
const GREETING = new RegExp(`^${GREETING_WORDS}${ADDRESS}[\\s!.,:)]*$`, 'iu');
const HELP =
  /^(?:help|help me|\?+|what can you do\??|what do you do\??|commands|how does this work\??|how do (?:i|you) use (?:this|you)\??)[\s!.]*$/iu;
/** A greeting in front of a real question: "hi, how much do agents make?" asks the question. */
const LEADING_GREETING = new RegExp(
  `^${GREETING_WORDS}${ADDRESS}\\s*[,!.:-]+\\s*|^${GREETING_WORDS}\\s+(?=(?:what|how|who|where|when|why|which|is|are|do|does|can|could|should|would|will|tell)\\b)`,
  'iu',
);

export type MessageIntent = { kind: 'question'; question: string } | { kind: 'hint' } | { kind: 'courtesy' };

/** What a message asks for: a question, a hint on what to ask (a bare mention, "hi", "help"), or nothing ("thanks"). */
export const intentOf = (question: string): MessageIntent => {
  if (question === '' || GREETING.test(question) || HELP.test(question)) return { kind: 'hint' };
  if (COURTESY.test(question)) return { kind: 'courtesy' };
  const rest = question.replace(LEADING_GREETING, '').trim();
  return { kind: 'question', question: rest === '' ? question : rest };
};
