/**
 * What query analysis knows of English beyond the documents:
 * - `isEnglishWord`: spelling correction only touches typos — "score" stays "score" (and counts
 *   as a word the documents lack), only "salery" becomes "salary". From the word-list package.
 * - `isNotNoun`: a word the documents never use is a reason to decline only when it names a
 *   thing ("pension", "gun"); filler ("instead", "fast", "denying") is not. From
 *   data/english/not-nouns.txt (see scripts/build-lexicon.ts).
 * Both lists are sorted files kept as one string and binary-searched (microseconds, loaded on
 * first use): a Set of word-list's 274k words would cost ~300 ms and ~80 MB.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import wordListPath from 'word-list';
import { DEFAULT_DATA_DIR } from '../corpus/load.js';

const lineAt = (s: string, pos: number): { word: string; start: number; end: number } => {
  const start = s.lastIndexOf('\n', pos - 1) + 1;
  const end = s.indexOf('\n', pos);
  return { word: s.slice(start, end), start, end };
};

/**
 * Membership in a newline-separated, sorted word list. `slack`: a list sorted but for local
 * slips is searched down to a window of this many characters, then scanned.
 */
const sortedWordList = (path: () => string, slack: number) => {
  let text: string | null = null;
  const load = () => (text ??= `\n${readFileSync(path(), 'utf8')}\n`);
  const has = (word: string): boolean => {
    if (!/^[a-z]+$/.test(word)) return false;
    const s = load();
    let lo = 1;
    let hi = s.length - 1;
    while (hi - lo > slack) {
      const mid = (lo + hi) >>> 1;
      const line = lineAt(s, mid);
      if (line.word === word) return true;
      if (line.word < word) lo = line.end;
      else hi = line.start;
    }
    const from = Math.max(0, lo - slack - 1);
    return s.slice(from, Math.min(s.length, hi + slack + 1)).includes(`\n${word}\n`);
  };
  return Object.assign(has, { load });
};

/** word-list is sorted but for a few local slips, so the final step scans a small window. */
export const isEnglishWord = sortedWordList(() => wordListPath, 4096);

export const isNotNoun = sortedWordList(() => join(DEFAULT_DATA_DIR, 'english', 'not-nouns.txt'), 64);

/** Reads both lists now (a few milliseconds at start-up) rather than during someone's first question. */
export const loadEnglish = (): void => {
  isEnglishWord.load();
  isNotNoun.load();
};
