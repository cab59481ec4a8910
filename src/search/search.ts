/**
 * Ranking and the confidence cut-off. The scorer compiled from the minisearch index finds the
 * best candidates (BM25 over boosted fields); we then weigh in what the question is about and,
 * above all, how much of the question's informative words the top results cover — the basis
 * for declining.
 */
import type { Passage } from '../corpus/types.js';
import { scorerFor, type SearchIndex } from './index.js';
import type { QueryAnalysis, TermGroup } from './analyze.js';
import { rankingOptions } from './ranking-options.js';
import type { QueryTerm } from './scorer.js';
import { stem, words } from '../text/tokenize.js';
import { splitSentences } from '../corpus/text.js';

export type Hit = {
  passage: Passage;
  score: number;
  /** Share (by weight) of the question's informative words this passage matches. */
  coverage: number;
  /** Stemmed query terms found in the passage. */
  matched: string[];
};

export type SearchOutcome = { hits: Hit[]; coverage: number; confident: boolean };

const {
  candidates: CANDIDATES,
  alternativeBoost: ALTERNATIVE_BOOST,
  subjectBoost: SUBJECT_BOOST,
  topicTermBoost: TOPIC_TERM_BOOST,
  coverageFloor,
} = rankingOptions.search;
const decline = rankingOptions.decline;
const boosts = rankingOptions.context;

export type SearchOptions = { limit?: number };

export const search = (index: SearchIndex, q: QueryAnalysis, opts: SearchOptions = {}): SearchOutcome => {
  const limit = opts.limit ?? 8;
  if (q.groups.length === 0) return { hits: [], coverage: 0, confident: false };
  const queryTerms = new Map<string, QueryTerm>();
  const isSubject = (t: string) => index.commonSubjectTerms.has(t);
  q.groups.forEach((g, i) => {
    // "cbp officer" names what every document is about: it must not decide which passage wins.
    // "uscis" does not, though its expansion says "officer": only that word of it is the subject.
    const subject =
      isSubject(g.term) ||
      (g.alternatives.length > 0 && g.alternatives.every(isSubject)) ||
      (q.roleIsContext && g.context);
    // A passage matching a word and its synonyms matched one word of the question, not several.
    const group = subject ? null : i;
    for (const a of g.alternatives) {
      if (!queryTerms.has(a))
        queryTerms.set(a, { boost: subject || isSubject(a) ? SUBJECT_BOOST : ALTERNATIVE_BOOST, group });
    }
    queryTerms.set(g.term, { boost: subject ? SUBJECT_BOOST : 1, group });
  });
  // The topic's own words find its passages when the question's words are all generic
  // ("what does a customs officer actually do"); they never count towards coverage.
  const generic = q.groups.every((g) => queryTerms.get(g.term)?.boost === SUBJECT_BOOST || g.weight <= 1);
  const topic = q.topic && generic ? index.topics.find((t) => t.id === q.topic) : undefined;
  for (const k of topic?.keywords ?? []) {
    if (k.includes(' ') || index.vocab.stopWords.has(k)) continue;
    const t = stem(k);
    if (!queryTerms.has(t)) queryTerms.set(t, { boost: TOPIC_TERM_BOOST, group: null });
  }
  const scorer = scorerFor(index.mini);
  const named = namedDocuments(q, index);
  const raw = scorer.top(queryTerms, CANDIDATES);
  // Coverage is judged on the focus, what is asked about; the context (the job, the agency, a
  // role) matches nearly every passage and must not carry an answer. All context: judge it all.
  const focus = q.groups.filter((g) => !g.context);
  // Filler alone ("what kind of person…") asks about the job itself: then the context counts.
  const judged = focus.some((g) => g.weight > rankingOptions.weights.weakWeight) ? focus : q.groups;
  const totalWeight = judged.reduce((s, g) => s + g.weight, 0);
  const top = raw[0]?.score ?? 1;
  const hits: Hit[] = [];
  const terms = [...queryTerms.keys()];
  const none: ReadonlySet<string> = new Set();
  for (const r of raw) {
    const passage = index.passages[r.id]!;
    const matched = terms.filter((t) => scorer.has(t, r.id));
    const subject = index.subjectTerms.get(passage.sourceId) ?? none;
    const coverage = coverageOf(judged, (t) => subject.has(t) || scorer.has(t, r.id), totalWeight);
    hits.push({
      passage,
      score:
        (r.score / top) *
        (coverageFloor + (1 - coverageFloor) * coverage) *
        contextBoost(passage, q, named, index.roleDependentTopics),
      coverage,
      matched,
    });
  }
  hits.sort((a, b) => b.score - a.score);
  const best = hits.slice(0, 3);
  // Words covered by passages on different subjects do not add up to an answer ("health" in a
  // framework statement, "plan" in a travel interview): only passages sharing the best one's
  // topic pool their coverage.
  const lead = best[0]?.passage.topics ?? [];
  const coherent = best.filter((h, i) => i === 0 || h.passage.topics.some((t) => lead.includes(t)));
  const covered = new Set(
    coherent.flatMap((h) => [...h.matched, ...(index.subjectTerms.get(h.passage.sourceId) ?? [])]),
  );
  const union = coverageOf(judged, (t) => covered.has(t), totalWeight);
  // "How many weeks is the academy": passages without a number do not answer it, however well
  // their words match — nor does a number in a passage about something else.
  const focusTerms = new Set(judged.flatMap((g) => [g.term, ...g.alternatives]));
  const numberless =
    q.wantsNumber &&
    !best.some(
      (h) =>
        h.coverage >= decline.numberPassageCoverage &&
        (q.wantsDuration ? DURATION.test(h.passage.text) : hasQuantityFor(h.passage, focusTerms)),
    );
  const coverage =
    Math.max(union * decline.pooledFactor, ...best.map((h) => h.coverage)) *
    (numberless ? decline.numberlessFactor : 1);
  return { hits: hits.slice(0, limit), coverage, confident: hits.length > 0 && coverage >= decline.minCoverage };
};

/**
 * The best passages of one topic for a question: its words where they fit, the topic's own
 * keywords and headings otherwise. An overview takes one part of its answer from each topic.
 */
export const searchTopic = (index: SearchIndex, q: QueryAnalysis, topicId: string, limit: number): Hit[] => {
  const topic = index.topics.find((t) => t.id === topicId);
  if (!topic) return [];
  const queryTerms = new Map<string, QueryTerm>();
  for (const phrase of [...topic.keywords, ...topic.sections]) {
    for (const w of phrase.split(/\s+/))
      if (!index.vocab.stopWords.has(w) && /\p{L}/u.test(w))
        queryTerms.set(stem(w), { boost: TOPIC_TERM_BOOST, group: null });
  }
  q.groups.forEach((g, i) => {
    if (!g.context) queryTerms.set(g.term, { boost: 1, group: i });
  });
  const scorer = scorerFor(index.mini);
  const named = namedDocuments(q, index);
  const hits: Hit[] = [];
  for (const r of scorer.top(queryTerms, CANDIDATES)) {
    const passage = index.passages[r.id]!;
    if (!passage.topics.includes(topicId)) continue;
    const matched = [...queryTerms.keys()].filter((t) => scorer.has(t, r.id));
    hits.push({
      passage,
      score: r.score * contextBoost(passage, { ...q, topic: topicId }, named, index.roleDependentTopics),
      coverage: 1,
      matched,
    });
  }
  return hits.sort((a, b) => b.score - a.score).slice(0, limit);
};

/** A quantity: digits, number words, or a duration ("several months"). */
const QUANTITY =
  '\\d[\\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|several|few|many';
const DURATION = new RegExp(`\\b(${QUANTITY})\\b([\\s-]+\\w+)?[\\s-]+(hours?|days?|weeks?|months?|years?)\\b`, 'i');
/** A number, or a duration with its quantity ("several months"; not "long hours"). */
const NUMBER = new RegExp(
  `\\d|\\b(${QUANTITY})\\b([\\s-]+\\w+)?[\\s-]+(percent|hours?|days?|weeks?|months?|years?)\\b|\\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|percent)\\b`,
  'i',
);
const sentenceCache = new WeakMap<Passage, readonly { text: string; stems: ReadonlySet<string> }[]>();
const sentencesOf = (p: Passage) => {
  let s = sentenceCache.get(p);
  if (!s)
    sentenceCache.set(p, (s = splitSentences(p.text).map((text) => ({ text, stems: new Set(words(text).map(stem)) }))));
  return s;
};

/**
 * A quantity said of what is asked: "how many hours a week" is not answered by "open 24/7" in
 * a sentence about nights and weekends. Table rows and percentages are quantities throughout.
 */
const hasQuantityFor = (p: Passage, focus: ReadonlySet<string>): boolean =>
  p.data?.kind === 'percent' ||
  p.data?.kind === 'salary' ||
  sentencesOf(p).some((s) => NUMBER.test(s.text) && [...s.stems].some((t) => focus.has(t)));

const coverageOf = (groups: readonly TermGroup[], covers: (term: string) => boolean, totalWeight: number): number =>
  groups.reduce((s, g) => (!g.unknownRole && (covers(g.term) || g.alternatives.some(covers)) ? s + g.weight : s), 0) /
  totalWeight;

/** The documents a question names by a word of their title ("the onet definition"). */
const namedDocuments = (q: QueryAnalysis, index: SearchIndex): ReadonlySet<string> =>
  new Set(q.groups.flatMap((g) => [g.term, ...g.alternatives]).flatMap((t) => index.documentNames.get(t) ?? []));

/** What the question is about, applied as multipliers so text relevance still leads. */
const contextBoost = (
  p: Passage,
  q: QueryAnalysis,
  named: ReadonlySet<string>,
  roleDependent: ReadonlySet<string>,
): number => {
  let b = 1;
  if (q.topic && p.topics.includes(q.topic)) b *= boosts.topic;
  // Naming a role matters when the question is about what the role does, pays or leads to, not
  // when it merely says "cbp officer" while asking about, say, software. The role's salary row
  // does not answer what the role does.
  if (q.role && !q.roleIsContext && (q.topic === null || roleDependent.has(q.topic))) {
    const fits = q.topic === null || p.topics.includes(q.topic) || p.topics.includes('roles');
    if (p.role === q.role.name) b *= fits ? boosts.role : 1;
    else if (p.role) b *= boosts.otherRole;
    // The O*NET profile of the role is all about it: its task list answers "what do CBP officers do".
    else if (fits && q.role.documents.includes(p.sourceId)) b *= boosts.role;
  }
  if (named.has(p.sourceId)) b *= boosts.namedDocument;
  if (q.level) {
    if (p.level === q.level) b *= boosts.level;
    else if (p.level) b *= boosts.otherLevel;
  }
  if (q.wantsNumber && (p.data?.kind === 'percent' || p.data?.kind === 'salary' || /\d/.test(p.text)))
    b *= boosts.number;
  return b;
};
