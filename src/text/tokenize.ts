/**
 * Turning text into search terms, the same way for documents and questions:
 * normalise Unicode, split letters from digits and symbols (the corpus has "Officer$70,000"),
 * drop stop words, stem — but never let stemming merge domain words ("customs" ≠ "customer").
 */
import { stemmer } from 'stemmer';

/** Zero-width characters, bidi marks and other format/control characters. */
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

export const normaliseText = (s: string): string =>
  s
    .normalize('NFKC')
    .replace(INVISIBLE, ' ')
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-')
    .toLowerCase();

/**
 * Raw word tokens: letter runs (keeping inner apostrophes and hyphens such as "k-9" or
 * "pre-service" whole as well as their parts) and numbers ("70,000" → "70000").
 */
export const words = (text: string): string[] => {
  const out: string[] = [];
  const re = /\p{L}+(?:['-]?[\p{L}\d]+)*|\d+(?:,\d{3})*(?:\.\d+)?/gu;
  for (const m of normaliseText(text).matchAll(re)) {
    const w = m[0];
    if (/^\d/.test(w)) {
      out.push(w.replace(/,/g, ''));
      continue;
    }
    const bare = w.replace(/'s$/, '').replace(/'/g, '');
    out.push(bare);
    if (bare.includes('-')) out.push(...bare.split('-').filter((p) => p.length > 0));
  }
  return out;
};

/** Stems that would collide with a different domain word stay unstemmed. */
const PROTECTED = new Set([
  'customs',
  'news',
  'us',
  'gps',
  'ice',
  'dhs',
  'ams',
  'tecs',
  'ncic',
  'fletc',
  'uscis',
  'cbp',
  'k-9',
  'k9',
  'ged',
  'sas',
  'visas',
  'species',
  'series',
  'arms',
]);
const stemCache = new Map<string, string>();

export const stem = (word: string): string => {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = PROTECTED.has(word) || /\d/.test(word) || word.length <= 3 ? word : stemmer(word);
    if (stemCache.size < 50_000) stemCache.set(word, s);
  }
  return s;
};

/** Search terms of a text: words minus stop words, stemmed. */
export const terms = (text: string, stopWords: ReadonlySet<string>): string[] =>
  words(text)
    .filter((w) => !stopWords.has(w))
    .map(stem);
