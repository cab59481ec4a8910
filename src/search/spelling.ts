/**
 * Spelling correction against the corpus's own vocabulary, so "salery" finds "salary" before
 * stemming. Only words the corpus does not contain are corrected, and only to a word it does.
 */

/** Damerau–Levenshtein distance (adjacent transpositions count 1), abandoned once above `max`. */
export const editDistance = (a: string, b: string, max: number): number => {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prevPrev[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = cur;
  }
  return prev[b.length]!;
};

export type Speller = { correct: (word: string) => string | null; has: (word: string) => boolean };

/** Longer words tolerate more typos; short ones would match too many real words. */
const allowedDistance = (len: number) => (len < 4 ? 0 : len <= 6 ? 1 : 2);

export const createSpeller = (frequencies: ReadonlyMap<string, number>): Speller => {
  const byLength = new Map<number, string[]>();
  for (const w of frequencies.keys()) {
    if (!/^[a-z]+$/.test(w)) continue;
    const list = byLength.get(w.length) ?? [];
    list.push(w);
    byLength.set(w.length, list);
  }
  const cache = new Map<string, string | null>();
  const correct = (word: string): string | null => {
    if (frequencies.has(word) || !/^[a-z]+$/.test(word)) return null;
    const cached = cache.get(word);
    if (cached !== undefined) return cached;
    const max = allowedDistance(word.length);
    let best: { w: string; d: number; f: number } | null = null;
    for (let len = word.length - max; len <= word.length + max && max > 0; len++) {
      for (const cand of byLength.get(len) ?? []) {
        const d = editDistance(word, cand, best ? Math.min(best.d, max) : max);
        if (d > max) continue;
        const f = frequencies.get(cand)!;
        if (!best || d < best.d || (d === best.d && f > best.f)) best = { w: cand, d, f };
      }
    }
    const result = best?.w ?? null;
    if (cache.size > 10_000) cache.clear();
    cache.set(word, result);
    return result;
  };
  return { correct, has: (w) => frequencies.has(w) };
};
