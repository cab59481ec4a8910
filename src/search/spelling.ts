/**
 * Spelling correction against the corpus's own vocabulary, so "salery" finds "salary" before
 * stemming. Only words the corpus does not contain are corrected, and only to a word it does.
 *
 * A correction compares the typed word with every vocabulary word of a similar length, so each
 * comparison must be cheap: a letter-count check rules most candidates out in a few operations
 * (edit distance is never below it), and the distance itself runs in preallocated rows.
 */

const MAX_WORD = 64;
// Three rows of the Damerau–Levenshtein table, reused by every call (the module is synchronous).
const rowA = new Int32Array(MAX_WORD + 1);
const rowB = new Int32Array(MAX_WORD + 1);
const rowC = new Int32Array(MAX_WORD + 1);

/** Damerau–Levenshtein distance (adjacent transpositions count 1), abandoned once above `max`. */
export const editDistance = (a: string, b: string, max: number): number => {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length > MAX_WORD) return Math.abs(a.length - b.length) <= max && a === b ? 0 : max + 1;
  let prevPrev = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb)
        v = Math.min(v, prevPrev[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[b.length]!;
};

export type Speller = { correct: (word: string) => string | null; has: (word: string) => boolean };

/** Longer words tolerate more typos; short ones would match too many real words. */
const allowedDistance = (len: number) => (len < 4 ? 0 : len <= 6 ? 1 : 2);

type Entry = { word: string; freq: number; letters: Uint8Array };

const letterCounts = (w: string): Uint8Array => {
  const counts = new Uint8Array(26);
  for (let i = 0; i < w.length; i++) counts[w.charCodeAt(i) - 97]! += 1;
  return counts;
};

/**
 * A lower bound of the edit distance: letters one word has and the other lacks must each be
 * inserted, deleted or substituted. Stops as soon as the bound passes `max`.
 */
const exceedsLetterBound = (a: Uint8Array, b: Uint8Array, max: number): boolean => {
  let extra = 0;
  let missing = 0;
  for (let i = 0; i < 26; i++) {
    const d = a[i]! - b[i]!;
    if (d > 0) extra += d;
    else missing -= d;
    if (extra > max || missing > max) return true;
  }
  return false;
};

export const createSpeller = (frequencies: ReadonlyMap<string, number>): Speller => {
  const byLength = new Map<number, Entry[]>();
  for (const [word, freq] of frequencies) {
    if (!/^[a-z]+$/.test(word) || word.length > MAX_WORD) continue;
    const list = byLength.get(word.length) ?? [];
    list.push({ word, freq, letters: letterCounts(word) });
    byLength.set(word.length, list);
  }
  const cache = new Map<string, string | null>();
  const correct = (word: string): string | null => {
    if (frequencies.has(word) || !/^[a-z]+$/.test(word) || word.length > MAX_WORD) return null;
    const cached = cache.get(word);
    if (cached !== undefined) return cached;
    const max = allowedDistance(word.length);
    const letters = letterCounts(word);
    let best: { w: string; d: number; f: number } | null = null;
    for (let len = word.length - max; len <= word.length + max && max > 0; len++) {
      for (const cand of byLength.get(len) ?? []) {
        const limit = best ? Math.min(best.d, max) : max;
        if (exceedsLetterBound(letters, cand.letters, limit)) continue;
        const d = editDistance(word, cand.word, limit);
        if (d > max) continue;
        if (!best || d < best.d || (d === best.d && cand.freq > best.f)) best = { w: cand.word, d, f: cand.freq };
      }
    }
    const result = best?.w ?? null;
    if (cache.size > 10_000) cache.clear();
    cache.set(word, result);
    return result;
  };
  return { correct, has: (w) => frequencies.has(w) };
};
