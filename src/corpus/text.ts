/** Text clean-up shared by the parsers. Repairs extraction artefacts; never rewrites wording. */

/** "pre – service", "x – ray", "push – ups": the extractor turned hyphens into spaced en dashes. */
export const repairHyphens = (s: string): string => s.replace(/(\p{L}) – (?=\p{L})/gu, '$1-');

/** "Name:Description" bullets lost the space after the colon. */
export const repairColonSpacing = (s: string): string => s.replace(/^([^:]{1,80}):(?=\S)/, '$1: ');

export const collapseSpaces = (s: string): string => s.replace(/[ \t\u00a0]+/g, ' ').trim();

/** Lines in a script other than Latin (e.g. the Arabic course ads after the O*NET profile). */
export const isForeignScript = (s: string): boolean => {
  const letters = s.match(/\p{L}/gu) ?? [];
  if (letters.length === 0) return false;
  const latin = s.match(/\p{Script=Latin}/gu) ?? [];
  return latin.length / letters.length < 0.5;
};

export const slug = (s: string): string =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48) || 'section';

/** A short "Title Case" line: most significant words capitalised, no sentence punctuation. */
const MINOR_WORDS = new Set([
  'a',
  'an',
  'and',
  'as',
  'at',
  'by',
  'for',
  'in',
  'into',
  'of',
  'on',
  'or',
  'the',
  'to',
  'with',
  'vs',
]);
export const looksLikeHeading = (line: string): boolean => {
  const s = line.replace(/:$/, '').trim();
  if (s.length === 0 || s.length > 90) return false;
  if (/[.!?,;"”]$/.test(s) || /[,;!?]/.test(s)) return false;
  if (/^([•\-*]|\d+[.)])\s/.test(s)) return false;
  if (s.includes(':')) return false;
  const words = s.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length === 0 || words.length > 12) return false;
  const significant = words.filter((w) => !MINOR_WORDS.has(w.toLowerCase()));
  const capitalised = significant.filter((w) => /^[\p{Lu}\d]/u.test(w));
  return significant.length > 0 && capitalised.length / significant.length >= 0.75;
};

/** "Label: text" items, e.g. "Document Verification: The first task is…". */
export const splitLabel = (line: string): { label: string; rest: string } | null => {
  const m = /^([\p{Lu}\d][^:]{0,70}?):\s*(\S.*)$/u.exec(line);
  if (!m) return null;
  const label = m[1]!.trim();
  const words = label.split(/\s+/);
  if (words.length > 9 || /[.!?]/.test(label.replace(/\b[A-Z]\.(?=[A-Z]?)/g, ''))) return null;
  // A label is a Title Case name ("Dealing with Difficult Situations"), not the opening clause of a
  // sentence ("This is a test, not a real article: it…"), which would turn a paragraph into an item.
  const significant = words.filter((w) => /\p{L}/u.test(w) && !MINOR_WORDS.has(w.toLowerCase()));
  if (significant.filter((w) => /^\(?[\p{Lu}\d]/u.test(w)).length < 0.75 * significant.length) return null;
  return { label, rest: m[2]!.trim() };
};

/** Split into sentences without breaking on "U.S." or "e.g.". Never drops text. */
export const splitSentences = (text: string): string[] => {
  const out: string[] = [];
  // A possible end: terminal punctuation (and a closing quote or bracket) before a new sentence or the end.
  const ends = /[.!?]+["”’')\]]*(?=\s+["“‘([]?[\p{Lu}\d]|\s*$)/gu;
  let start = 0;
  for (const m of text.matchAll(ends)) {
    const stop = (m.index ?? 0) + m[0].length;
    const sentence = text.slice(start, stop).trim();
    // "U.S. Customs", "e.g. CBP", "J. Smith": an abbreviation, not the end of a sentence.
    if (/\b(?:U\.S|e\.g|i\.e|etc|vs|Dr|Mr|Ms|Mrs|St|No)\.$/i.test(sentence) || /\b[A-Z]\.$/.test(sentence)) continue;
    if (sentence) out.push(sentence);
    start = stop;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  return out;
};
