/**
 * Autocomplete ranking shared by the commands: candidates ranked by how well they match what
 * was typed, within the limits of autocomplete (src/answers/reply-limits.ts).
 * Not a command: the registry lives in index.ts.
 */
import type { Choice } from '../src/command.js';
import { stem, words } from '../src/text/tokenize.js';
import { sliceUnits, truncate } from '../src/text/cut.js';
import { REPLY_LIMITS } from '../src/answers/reply-limits.js';

const {
  autocompleteChoices: MAX_CHOICES,
  autocompleteChoiceName: MAX_NAME,
  autocompleteChoiceValue: MAX_VALUE,
} = REPLY_LIMITS;

const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** A candidate's name as ranking reads it: lower case, its words, their stems. */
type NameTerms = { lower: string; words: string[]; stems: Set<string> };

/**
 * Candidate names recur on every keystroke (the suggested questions, role names, steps):
 * tokenised once, not once per keystroke. Bounded, since names may also come from a server's data.
 */
const NAME_CACHE_MAX = 5000;
const nameCache = new Map<string, NameTerms>();
const termsOf = (name: string): NameTerms => {
  let t = nameCache.get(name);
  if (!t) {
    const w = words(name);
    t = { lower: name.toLowerCase(), words: w, stems: new Set(w.map(stem)) };
    if (nameCache.size >= NAME_CACHE_MAX) nameCache.clear();
    nameCache.set(name, t);
  }
  return t;
};

export type RankOptions = {
  limit?: number;
  /** Words that say nothing about what is wanted ("how", "does", "a"). */
  stopWords?: ReadonlySet<string>;
  /** Offer what was typed as the first choice, so picking a suggestion never loses it. */
  includeTyped?: boolean;
  /** Extra score for a candidate (e.g. it is about the topic the typed text is about). */
  boost?: (choice: Choice) => number;
};

/**
 * Candidates (in their preferred default order) ranked against `typed`: the whole text as a
 * prefix, then as a substring, then by how many typed words the candidate contains (the last
 * typed word counts as a prefix, since it is still being typed). Empty input → the defaults.
 */
export const rankChoices = (
  candidates: readonly (string | Choice)[],
  typed: string,
  opts: RankOptions = {},
): Choice[] => {
  const limit = Math.min(opts.limit ?? MAX_CHOICES, MAX_CHOICES);
  const list = candidates
    .map((c) => (typeof c === 'string' ? { name: c, value: c } : c))
    .filter((c) => c.value.length > 0 && c.value.length <= MAX_VALUE && c.name.trim() !== '');
  const text = sliceUnits(String(typed ?? ''), 500)
    .replace(INVISIBLE, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const out: Choice[] = [];
  const push = (c: Choice) => {
    if (out.length < limit && !out.some((o) => o.value === c.value))
      out.push({ name: truncate(c.name, MAX_NAME), value: c.value });
  };
  if (text === '') {
    list.forEach(push);
    return out;
  }
  const lower = text.toLowerCase();
  const all = words(text);
  const endsInWord = /[\p{L}\d]$/u.test(text);
  const typedWords = all.filter((w) => !opts.stopWords?.has(w) || all.length === 1);
  const typedStems = typedWords.map(stem);
  const scored = list.map((c, i) => {
    const { lower: name, words: cw, stems: cs } = termsOf(c.name);
    let score = 0;
    if (name.startsWith(lower)) score += 100;
    else if (name.includes(lower)) score += 60;
    typedWords.forEach((w, k) => {
      const last = k === typedWords.length - 1 && endsInWord;
      if (cs.has(typedStems[k]!)) score += 10;
      else if (last && w.length >= 1 && cw.some((x) => x.startsWith(w))) score += 8;
      else if (w.length >= 4 && cw.some((x) => x.startsWith(w.slice(0, 4)))) score += 3;
    });
    if (opts.boost) score += opts.boost(c);
    return { c, i, score };
  });
  const hits = scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || a.i - b.i);
  if (opts.includeTyped && text.length <= MAX_VALUE && !hits.some((h) => h.c.value.toLowerCase() === lower))
    push({ name: text, value: text });
  for (const h of hits) push(h.c);
  return out;
};
