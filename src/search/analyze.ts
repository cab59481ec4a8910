/**
 * Query analysis: what a member typed → the terms to search (with acronyms and synonyms as
 * alternatives), the weight of each, and what the question is about (topic, role, level).
 */
import type { Level } from '../corpus/types.js';
import type { OutOfScopeDef, OverviewDef } from '../corpus/topics.js';
import type { SearchIndex } from './index.js';
import { findRole, type Role } from './roles.js';
import { normaliseText, stem, words } from '../text/tokenize.js';
import { isEnglishWord, isNotNoun } from './english.js';
import { usedTogether } from './phrases.js';
import { rankingOptions } from './ranking-options.js';

/** Longer input is cut here: nobody asks a question this long, and search must stay fast. */
export const MAX_QUERY_CHARS = 400;

export type TermGroup = {
  /** The word as typed (after slang and spelling fixes). */
  word: string;
  corrected?: string;
  /** Stemmed term of the word itself. */
  term: string;
  /** Stemmed terms of its acronym/synonym expansions. */
  alternatives: string[];
  /** How informative the word is (inverse document frequency); unknown words weigh most. */
  weight: number;
  known: boolean;
  /**
   * The word names the job rather than what is asked about: the documents' subject ("customs",
   * "officer"), a generic job word ("career"), or a role the documents say nothing particular
   * about on the question's topic. Context is searched but only the focus decides coverage.
   */
  context: boolean;
  /** Where the word stands among the question's words. */
  position: number;
  /** Names a role the documents do not have ("agriculture" before "specialist"): no passage covers it. */
  unknownRole?: boolean;
};

export type Comparison = { by: 'salary' | 'growth'; order: 'desc' | 'asc' } | null;

export type QueryAnalysis = {
  query: string;
  groups: TermGroup[];
  topic: string | null;
  role: Role | null;
  /**
   * A role was named but the documents do not speak of it in particular on this topic ("do I
   * need a degree to be a Border Patrol agent"): the general passages answer, and say so.
   */
  roleIsContext: boolean;
  level: Level | null;
  comparison: Comparison;
  /** "how many", "what percent": a passage with a number answers better. */
  wantsNumber: boolean;
  /** "how long": a passage with a duration ("several months") answers. */
  wantsDuration: boolean;
  /** "what skills…", "list the duties": the answer is a whole list, not one item of it. */
  wantsList: boolean;
  /** A broad question ("how do I become one", "pros and cons") answered part by part. */
  overview: OverviewDef | null;
  /** Not a career question, though it shares the documents' words ("how do I renew my passport"). */
  outOfScope: OutOfScopeDef | null;
};

const SUPERLATIVE_DESC = /\b(most|highest|best|top|max(imum)?|biggest|more|higher|better)\b/;
const SUPERLATIVE_ASC = /\b(least|lowest|worst|min(imum)?|smallest|less|lower|slowest)\b/;
const COMPARE = /\b(compare|comparison|vs|versus|rank|ranking|ranked|which|each|every|all|different|various)\b/;
const LIST_CUE = /\b(list|what are|which are|examples|kinds of|types of)\b/;
const LEVEL_CUE = /\b(level|levels|lvl|expect|expected|expectations?|checklist|framework|stage)\b/;

const expandSlang = (text: string, slang: ReadonlyMap<string, string>): string =>
  text
    .split(/(\s+)/)
    .map((tok) => {
      const bare = tok.replace(/^[^\p{L}\d']+|[^\p{L}\d'/]+$/gu, '');
      const rep = slang.get(bare);
      return rep ? tok.replace(bare, rep) : tok;
    })
    .join('');

/** How much a word weighs: see `rankingOptions.weights` for each value and how it was set. */
const tuning = rankingOptions.weights;
/** An adverb also stands for its adjective ("constantly" → constant, "easily" → easy), which the stemmer keeps apart. */
const adjectiveOf = (word: string): string[] =>
  word.length > 5 && word.endsWith('ly') ? [word.endsWith('ily') ? `${word.slice(0, -3)}y` : word.slice(0, -2)] : [];

/** Endings of verb forms and adverbs, for words no lexicon lists. */
const VERB_OR_ADVERB_ENDING = /\w{3}(ed|ing|ly|ize|ized|ise|ised)$/;
const unknownWeight = (word: string, notNoun: boolean) =>
  notNoun ? tuning.notNounWeight : word.length < 3 ? tuning.shortUnknownWeight : tuning.unknownWeight;

export const analyzeQuery = (index: SearchIndex, rawQuery: string): QueryAnalysis => {
  const { vocab, speller, df, passages } = index;
  const query = rawQuery.slice(0, MAX_QUERY_CHARS);
  const text = expandSlang(normaliseText(query), vocab.slang);
  const all = words(text);
  const n = passages.length;
  const idf = (t: string) => Math.log(1 + n / Math.max(df.get(t) ?? 0, 0.5));

  const aside = wordsOnlyInAsides(text);
  const amounts = new Set(
    [...text.replace(/,/g, '').matchAll(/\$\s?(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s?%/g)].map((m) => m[1] ?? m[2]!),
  );
  // Typed in capitals ("USPS", "FEHB"), a word is an acronym: never a typo of a corpus word.
  const acronyms = new Set((query.match(/\b[A-Z][A-Z0-9]{1,6}(?=s?\b)/g) ?? []).map((a) => a.toLowerCase()));
  const groups: TermGroup[] = [];
  const seen = new Set<string>();
  let position = -1;
  for (const w of all) {
    position++;
    if (vocab.stopWords.has(w) || (w.length < 2 && !/\d/.test(w))) continue;
    // Real English words are never "corrected": a word the documents lack is a signal, not a typo.
    const corrected =
      speller.has(w) || isEnglishWord(w) || acronyms.has(w) || acronyms.has(w.replace(/s$/, ''))
        ? null
        : speller.correct(w);
    const word = corrected ?? w;
    if (vocab.stopWords.has(word)) continue;
    const term = stem(word);
    if (seen.has(term)) continue;
    seen.add(term);
    const expansions = vocab.expansions.get(word) ?? vocab.expansions.get(w) ?? [];
    const alternatives = [
      ...new Set(
        [...expansions, ...adjectiveOf(word)]
          .flatMap((phrase) =>
            words(phrase)
              .filter((x) => !vocab.stopWords.has(x))
              .map(stem),
          )
          .filter((t) => t !== term),
      ),
    ];
    const known = df.has(term) || alternatives.some((t) => df.has(t));
    const weight = Math.max(idf(term), ...alternatives.map((t) => (df.has(t) ? idf(t) : 0)));
    // A bare number ("6 years in the army", "3 things") is a detail of the asking; with "$" or
    // "%" it is what is asked ("is $60,000 realistic").
    const bareNumber = /^\d/.test(word) && !amounts.has(word);
    const weak =
      vocab.weakWords.has(word) || vocab.weakWords.has(w) || (word.length > 4 && word.endsWith('ly')) || bareNumber;
    // Words the lexicon lacks are read by their ending ("micromanaged"). (Not as typos of words
    // it has: "germany" is one letter from "germane".)
    const notNoun = isNotNoun(word) || (!known && !isEnglishWord(word) && VERB_OR_ADVERB_ENDING.test(word));
    // "first-year": its parts are weighed as words of their own.
    const partsKnown =
      word.includes('-') &&
      words(word)
        .slice(1)
        .every((p) => vocab.stopWords.has(p) || df.has(stem(p)) || vocab.weakWords.has(p));
    const full = known
      ? notNoun
        ? Math.min(weight, tuning.knownNotNounCap)
        : weight
      : partsKnown
        ? tuning.weakWeight
        : unknownWeight(word, notNoun);
    const isSubject = (t: string) => index.commonSubjectTerms.has(t);
    const context =
      vocab.contextWords.has(word) ||
      isSubject(term) ||
      (alternatives.length > 0 && alternatives.every(isSubject)) ||
      aside.has(w);
    groups.push({
      word,
      ...(corrected ? { corrected } : {}),
      term,
      alternatives,
      weight: weak ? Math.min(full, tuning.weakWeight) : full,
      known,
      context,
      position,
    });
  }
  markUnknownRoles(index, groups);
  // A job word that modifies the next noun is part of what is asked: "job security", "career path".
  for (let i = 0; i + 1 < groups.length; i++) {
    const [g, next] = [groups[i]!, groups[i + 1]!];
    if (
      g.context &&
      vocab.contextWords.has(g.word) &&
      next.position === g.position + 1 &&
      !next.context &&
      next.weight > tuning.weakWeight &&
      !isNotNoun(next.word)
    ) {
      g.context = false;
    }
  }
  // "I got a DUI 6 years ago. Can I still be a CBP officer?": when what is asked names nothing
  // but the job, the aside is what the question is about.
  if (!groups.some((g) => !g.context && g.weight > tuning.notNounWeight)) {
    for (const g of groups) if (aside.has(g.word) && !vocab.contextWords.has(g.word)) g.context = false;
  }

  // Topic cues count as corrected ("salery" points to salary like "salary" does).
  const stems = new Set([...all.map(stem), ...groups.map((g) => g.term)]);
  const allTerms = new Set(groups.flatMap((g) => [g.term, ...g.alternatives]).map((t) => t.replace(/s$/, '')));
  for (const s of stems) allTerms.add(s.replace(/s$/, ''));
  const role = findRole(index.roles, allTerms);

  const topic = detectTopic(index, text, stems, groups);
  // A role is the context of a question on a topic the documents do not tell roles apart on.
  const roleIsContext =
    role !== null && topic !== null && !index.roleDependentTopics.has(topic) && !role.topics.has(topic);
  if (role) {
    const roleTerms = new Set(role.variants.flat());
    const named = (t: string) => roleTerms.has(t.replace(/s$/, ''));
    for (const g of groups)
      if (named(g.term) || (g.alternatives.length > 0 && g.alternatives.some(named))) g.context = true;
  }
  let level: Level | null = null;
  // Level words count as corrected too ("proficent" is the proficient level).
  for (const w of [...all, ...groups.map((g) => g.word)]) {
    const l = vocab.levels.get(w);
    if (l) level = l;
  }
  if (level && !(LEVEL_CUE.test(text) || topic === 'levels' || topic === null || groups.length <= 2)) level = null;

  let comparison: Comparison = null;
  const growth = /\b(grow|growth|growing|fastest|outlook|demand)\b/.test(text);
  // A currency amount alone ("best laptop under $1000") never makes a salary question.
  const salary = /\b(pay|pays|paid|salar\w*|earn\w*|money|make|makes|wages?|income)\b/.test(text);
  if ((growth || salary) && !role) {
    if (/\bfastest\b/.test(text) || SUPERLATIVE_DESC.test(text))
      comparison = { by: growth ? 'growth' : 'salary', order: 'desc' };
    else if (SUPERLATIVE_ASC.test(text)) comparison = { by: growth ? 'growth' : 'salary', order: 'asc' };
    else if (COMPARE.test(text) && /\b(roles?|jobs?|positions?|each|all)\b/.test(text))
      comparison = { by: growth ? 'growth' : 'salary', order: 'desc' };
  }
  const wantsNumber = /\b(how many|how much|what percent|percentage|how long|number of)\b/.test(text);
  const wantsDuration = /\bhow long\b/.test(text);
  const overview = comparison || level ? null : detectOverview(index, stems, groups);
  const wantsList =
    LIST_CUE.test(text) ||
    (topic !== null &&
      groups.some(
        (g) =>
          /[^s]s$/.test(g.word) &&
          topicCues(index)
            .find((t) => t.id === topic)
            ?.stems.has(g.term),
      ));
  const typed = new Set(all);
  const outOfScope = index.outOfScope.find((o) => o.examples.some((e) => e.every((w) => typed.has(w))))?.def ?? null;
  return {
    query,
    groups,
    topic,
    role,
    roleIsContext,
    level,
    comparison,
    wantsNumber,
    wantsDuration,
    wantsList,
    overview,
    outOfScope,
  };
};

/**
 * The overview one of whose example phrasings the question contains word for word (as stems),
 * when it asks nothing more specific: every other word is context, filler, or one of the
 * overview's own words. "how do I become a CBP officer" is broad; "how do I become a K9
 * officer" asks about K9 work, and is searched as it stands.
 */
const detectOverview = (
  index: SearchIndex,
  stems: ReadonlySet<string>,
  groups: readonly TermGroup[],
): OverviewDef | null => {
  let best: { def: OverviewDef; size: number } | null = null;
  for (const o of index.overviews) {
    const size = Math.max(0, ...o.examples.filter((e) => e.every((t) => stems.has(t))).map((e) => e.length));
    if (size === 0 || (best && best.size >= size)) continue;
    const specific = groups.filter((g) => !g.context && !o.vocabulary.has(g.term) && g.weight > tuning.weakWeight);
    if (specific.length === 0) best = { def: o.def, size };
  }
  return best?.def ?? null;
};

/** A word before a role's head noun that no passage uses with that noun names a role the documents lack. */
const markUnknownRoles = (index: SearchIndex, groups: TermGroup[]): void => {
  const isHead = (t: string) => index.roleHeads.has(t) || index.roleHeads.has(t.replace(/s$/, ''));
  for (let i = 1; i < groups.length; i++) {
    const head = groups[i]!;
    const word = groups[i - 1]!;
    if (head.position !== word.position + 1 || !isHead(head.term) || word.context || /^\d/.test(word.word)) continue;
    // Its one-word spellings count ("k9" → "k-9"), not what a phrase expands it to ("police" → law enforcement).
    // An expansion that is itself a role name with this head ("ice" → immigration enforcement agent) knows the role.
    const expansions = index.vocab.expansions.get(word.word) ?? [];
    const heads = [head.term, head.term.replace(/s$/, '')];
    if (
      expansions.some((x) =>
        words(x)
          .map(stem)
          .some((t) => heads.includes(t)),
      )
    )
      continue;
    const spellings = expansions.filter((x) => !/\s/.test(x)).map(stem);
    // The head noun then names that unknown role too ("specialist" in "ag specialists").
    if (!usedTogether(index, [word.term, ...spellings], heads)) word.unknownRole = head.unknownRole = true;
  }
};

const FIRST_PERSON = /\b(i|im|i'm|ive|i've|id|i'd|my|mine|me|myself)\b/;
const ASKS =
  /^\s*(what|whats|how|which|who|where|when|why|can|could|do|does|did|is|are|was|will|would|should|shall|am|any|tell)\b/;

/**
 * Words said only in asides — about the asker ("mine's been 5 months", "i can barely run a mile
 * rn lol", "i have some collections": a clause in the first person that asks nothing) or in
 * parentheses. They
 * are context: whether the documents answer depends on what is asked, not on how much else is
 * said around it.
 */
const wordsOnlyInAsides = (text: string): ReadonlySet<string> => {
  const parentheses = [...text.matchAll(/\(([^()]*)\)/g)].map((m) => m[1]!);
  const clauses = text
    .replace(/\([^()]*\)/g, ' ')
    .split(/(?<=[.?!;])\s*|,\s*(?=(?:i|im|i'm|my|mine|but|and|so|also)\b)|\b(?:but|so)\s+(?=(?:i|im|i'm|my)\b)/);
  const asked = new Set<string>();
  const aside = new Set<string>();
  for (const c of clauses) {
    if (!c) continue;
    const isAside =
      FIRST_PERSON.test(c) && !c.trim().endsWith('?') && !ASKS.test(c) && !/\b(what|how|which|whether|if)\b/.test(c);
    for (const w of words(c)) (isAside ? aside : asked).add(w);
  }
  // A remark in parentheses is an aside too.
  for (const c of parentheses) for (const w of words(c)) aside.add(w);
  // An aside-only question is still a question: then its words all count.
  if (asked.size === 0) return new Set();
  for (const w of asked) aside.delete(w);
  return aside;
};

/**
 * The topic whose keywords and section names the question uses most. Stop words that are
 * keywords ("do" for duties) count half, phrases ("growth rate") one and a half.
 */
type TopicCues = { id: string; phrases: string[]; dollar: boolean; stems: Map<string, number>; sections: string[] };
const cueCache = new WeakMap<readonly unknown[], TopicCues[]>();

/** Each topic's cues, worked out once per index: keyword stems with their weight, phrases, headings. */
const topicCues = (index: SearchIndex): TopicCues[] => {
  let cues = cueCache.get(index.topics);
  if (!cues) {
    cues = index.topics.map((t) => {
      const stems = new Map<string, number>();
      for (const k of t.keywords) {
        if (k.includes(' ') || k === '$') continue;
        // "skill" and "skills" are one cue; vague words ("makes", "do") are half a cue.
        const weight = index.vocab.stopWords.has(k) || index.vocab.weakWords.has(k) ? 0.5 : 1;
        const s = stem(k);
        if (!stems.has(s)) stems.set(s, weight);
      }
      // A one-word heading ("Abilities") names its topic more surely than a keyword shared
      // with another topic ("abilities" is also a skills word): it counts half again.
      for (const h of t.sections) if (!h.includes(' ')) stems.set(stem(h), (stems.get(stem(h)) ?? 0) + 0.5);
      return {
        id: t.id,
        phrases: t.keywords.filter((k) => k.includes(' ')),
        dollar: t.keywords.includes('$'),
        stems,
        sections: t.sections.filter((x) => x.includes(' ')),
      };
    });
    cueCache.set(index.topics, cues);
  }
  return cues;
};

const detectTopic = (
  index: SearchIndex,
  text: string,
  stems: ReadonlySet<string>,
  groups: readonly TermGroup[],
): string | null => {
  const padded = ` ${text.replace(/[^\p{L}\d$' -]+/gu, ' ').replace(/\s+/g, ' ')} `;
  const expanded = new Set([...stems, ...groups.flatMap((g) => g.alternatives)]);
  let best: { id: string; score: number } | null = null;
  for (const t of topicCues(index)) {
    let score = 0;
    for (const k of t.phrases) if (padded.includes(` ${k} `)) score += 1.5;
    for (const s of expanded) score += t.stems.get(s) ?? 0;
    for (const s of t.sections) if (padded.includes(` ${s} `)) score += 2;
    // A currency amount supports the topic's other cues; alone it is no cue ("laptop under $1000").
    if (score > 0 && t.dollar && padded.includes('$')) score += 1;
    if (score > 0 && (!best || score > best.score)) best = { id: t.id, score };
  }
  return best?.id ?? null;
};
