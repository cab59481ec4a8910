/**
 * Is this a real English word? Used so that spelling correction only touches typos: "score"
 * must stay "score" (and count as a word the documents lack), only "salery" becomes "salary".
 * The word-list package ships 274k sorted words; a Set of them costs ~300 ms and ~80 MB, so we
 * keep the file as one string and binary-search it (microseconds, loaded on first use).
 */
import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';

let text: string | null = null;
const load = (): string => (text ??= `\n${readFileSync(wordListPath, 'utf8')}\n`);

const lineAt = (s: string, pos: number): { word: string; start: number; end: number } => {
  const start = s.lastIndexOf('\n', pos - 1) + 1;
  const end = s.indexOf('\n', pos);
  return { word: s.slice(start, end), start, end };
};

/** The list is sorted but for a few local slips, so the final step scans a small window. */
const WINDOW = 4096;

export const isEnglishWord = (word: string): boolean => {
  if (!/^[a-z]+$/.test(word)) return false;
  const s = load();
  let lo = 1;
  let hi = s.length - 1;
  while (hi - lo > WINDOW) {
    const mid = (lo + hi) >>> 1;
    const line = lineAt(s, mid);
    if (line.word === word) return true;
    if (line.word < word) lo = line.end;
    else hi = line.start;
  }
  const from = Math.max(0, lo - WINDOW);
  return s.slice(from, Math.min(s.length, hi + WINDOW)).includes(`\n${word}\n`);
};
