/**
 * Snippets: the sentences of a passage that matched, whole (never cut mid-word), with the
 * matched words located so renderers can mark them.
 */
import { splitSentences } from '../corpus/text.js';
import { stem, words } from '../text/tokenize.js';
import { truncate } from '../text/cut.js';

export type Snippet = { text: string; marks: [start: number, end: number][] };

/** Short passages are shown whole; longer ones shrink to their best sentences. */
const WHOLE_UNDER = 320;
const MAX_SENTENCES = 2;

/**
 * Tokenising is most of a snippet's cost and the texts are the corpus's own, so each text's
 * sentences and word stems are worked out once (bounded, for server FAQ texts that change).
 */
const memo = <T>(make: (text: string) => T, max = 20_000) => {
  const cache = new Map<string, T>();
  return (text: string): T => {
    let v = cache.get(text);
    if (v === undefined) {
      if (cache.size >= max) cache.clear();
      cache.set(text, (v = make(text)));
    }
    return v;
  };
};

const sentencesOf = memo((text: string) =>
  splitSentences(text).map((s) => ({ s, stems: new Set(words(s).map(stem)) })),
);

/** Each word of a text with its position and stems. */
const tokensOf = memo((text: string) =>
  [...text.matchAll(/\p{L}[\p{L}'’-]*|\d[\d,]*/gu)].map((m) => {
    // Plain ASCII words (nearly all) skip the full tokenizer.
    const lower = m[0].toLowerCase();
    return {
      start: m.index!,
      end: m.index! + m[0].length,
      stems: (/^[a-z0-9]+$/.test(lower) ? [lower] : words(m[0])).map(stem),
    };
  }),
);

/** A sentence with a word of the question's focus outweighs any number of context words. */
const FOCUS_WEIGHT = 10;

const sentenceScore = (
  stems: ReadonlySet<string>,
  matched: ReadonlySet<string>,
  focus: ReadonlySet<string> | undefined,
) => {
  let n = 0;
  for (const t of matched) if (stems.has(t)) n += focus?.has(t) ? FOCUS_WEIGHT : 1;
  return n;
};

/**
 * `focus`: the stems of what the question asks about. Sentences holding them are kept first,
 * so shortening never drops the very sentence that answers ("… can disqualify you").
 */
export const makeSnippet = (
  text: string,
  matched: ReadonlySet<string>,
  maxChars = 600,
  focus?: ReadonlySet<string>,
): Snippet => {
  let chosen = text;
  if (text.length > WHOLE_UNDER) {
    const sentences = sentencesOf(text);
    const scored = sentences.map(({ s, stems }, i) => ({ s, i, score: sentenceScore(stems, matched, focus) }));
    const best = [...scored].sort((a, b) => b.score - a.score || a.i - b.i).slice(0, MAX_SENTENCES);
    // Keep document order; a gap between chosen sentences is shown with an ellipsis.
    best.sort((a, b) => a.i - b.i);
    chosen = best.map((b, k) => (k > 0 && b.i !== best[k - 1]!.i + 1 ? `… ${b.s}` : b.s)).join(' ');
    if (best[0] && best[0].i > 0) chosen = `… ${chosen}`;
    if (best.at(-1) && best.at(-1)!.i < sentences.length - 1) chosen = `${chosen} …`;
  }
  if (chosen.length > maxChars) chosen = truncate(chosen, maxChars);
  return { text: chosen, marks: markText(chosen, matched) };
};

/** Where the matched words are in a text, for renderers to mark. */
export const markText = (text: string, matched: ReadonlySet<string>): [number, number][] =>
  tokensOf(text).flatMap((t) => (t.stems.some((x) => matched.has(x)) ? [[t.start, t.end] as [number, number]] : []));
