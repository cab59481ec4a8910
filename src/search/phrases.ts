/**
 * Role names the documents do not have. "Agriculture specialist": the documents use
 * "agriculture" (in an example of certificates) and "specialist" (Import Specialist), but never
 * together, so they say nothing of that role. A word right before a role's head noun
 * ("specialist", "officer", "agent") is covered only where a passage has it near that noun too
 * (within `PHRASE_WINDOW` words, either order: "K9 officer" finds "K-9 Enforcement Officer").
 */
import type { Passage } from '../corpus/types.js';
import { scorerFor, type SearchIndex } from './index.js';
import { stem, words } from '../text/tokenize.js';

export const PHRASE_WINDOW = 2;
/** Beyond this many passages holding both words, the pair is common enough to count as used. */
const MAX_CHECKED = 64;

const stemsCache = new WeakMap<Passage, readonly string[][]>();

/** A passage's fields as sequences of stems, stop words left out (worked out once per passage). */
const fieldStems = (p: Passage, stopWords: ReadonlySet<string>): readonly string[][] => {
  let fields = stemsCache.get(p);
  if (!fields) {
    fields = [p.text, p.label ?? '', p.section.join(' . ')].map((f) =>
      words(f)
        .filter((w) => !stopWords.has(w))
        .map(stem),
    );
    stemsCache.set(p, fields);
  }
  return fields;
};

const near = (seq: readonly string[], a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => {
  for (let i = 0; i < seq.length; i++) {
    const t = seq[i]!;
    if (!a.has(t) && !b.has(t)) continue;
    const other = a.has(t) ? b : a;
    for (let j = i + 1; j <= i + PHRASE_WINDOW && j < seq.length; j++) if (other.has(seq[j]!)) return true;
  }
  return false;
};

/** Whether some passage has a term of `a` within the window of a term of `b`. */
export const usedTogether = (index: SearchIndex, a: readonly string[], b: readonly string[]): boolean => {
  const scorer = scorerFor(index.mini);
  const as = new Set(a);
  const bs = new Set(b);
  const withA = new Set<number>();
  for (const t of a) for (const id of scorer.passagesWith(t)) withA.add(id);
  let checked = 0;
  for (const t of b) {
    for (const id of scorer.passagesWith(t)) {
      if (!withA.has(id)) continue;
      if (++checked > MAX_CHECKED) return true;
      if (fieldStems(index.passages[id]!, index.vocab.stopWords).some((seq) => near(seq, as, bs))) return true;
    }
  }
  return false;
};
