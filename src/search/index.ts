/**
 * The search index: minisearch over the passages, with our tokenizer, plus the statistics that
 * query analysis needs (document frequencies for term weights, the vocabulary for spelling).
 * Built from the corpus at start-up; for ~200 passages that takes a few milliseconds.
 */
import MiniSearch from 'minisearch';
import type { Passage } from '../corpus/types.js';
import type { LoadedCorpus } from '../corpus/load.js';
import type { OutOfScopeDef, OverviewDef, TopicDef } from '../corpus/topics.js';
import { stem, words } from '../text/tokenize.js';
import { compileScorer, type Scorer } from './scorer.js';
import { createSpeller, type Speller } from './spelling.js';
import { discoverRoles, linkRoleDocuments, type Role } from './roles.js';
import type { Vocabulary } from './vocabulary.js';

type IndexedDoc = { id: number; text: string; label: string; section: string; lead: string; topics: string };

export const FIELD_BOOSTS = { label: 2, section: 1.5, text: 1, topics: 0.7, lead: 0.3 } as const;

export type SearchIndex = {
  mini: MiniSearch<IndexedDoc>;
  passages: readonly Passage[];
  /** Passages containing each stemmed term, for inverse-document-frequency weights. */
  df: ReadonlyMap<string, number>;
  speller: Speller;
  roles: Role[];
  topics: readonly TopicDef[];
  vocab: Vocabulary;
  /**
   * Terms of each document's title and occupation: a passage of "Customs and Border Protection
   * Officers" answers for "cbp officer" even where the passage itself never says so.
   */
  subjectTerms: ReadonlyMap<string, ReadonlySet<string>>;
  /** Subject terms shared by most documents ("customs", "officer"): they tell passages apart poorly. */
  commonSubjectTerms: ReadonlySet<string>;
  /**
   * Title words only one document has ("net" of O*NET, "framework", "step"): a question using
   * one asks about that document ("according to onet"). Topic words ("skills") are left out.
   */
  documentNames: ReadonlyMap<string, string>;
  /** Topics on which the documents tell roles apart (data/topics.json `roleDependent`). */
  roleDependentTopics: ReadonlySet<string>;
  /** The head nouns of role names ("officer", "agent", "specialist"), stemmed. */
  roleHeads: ReadonlySet<string>;
  /** Broad questions answered part by part, with each example phrasing's stemmed words. */
  overviews: readonly { def: OverviewDef; examples: readonly (readonly string[])[]; vocabulary: ReadonlySet<string> }[];
  /** Out-of-scope questions, each example as its words (stop words kept). */
  outOfScope: readonly { def: OutOfScopeDef; examples: readonly (readonly string[])[] }[];
};

const scorers = new WeakMap<MiniSearch<IndexedDoc>, Scorer>();
/** The top-k scorer compiled from an index, once (indexes are built once and never changed). */
export const scorerFor = (mini: MiniSearch<IndexedDoc>): Scorer => {
  let s = scorers.get(mini);
  if (!s) scorers.set(mini, (s = compileScorer(mini, FIELD_BOOSTS)));
  return s;
};

/** What a passage is found by: its own words, its headings, its label, its topics' keywords. */
const toDoc = (p: Passage, i: number, topics: readonly TopicDef[]): IndexedDoc => ({
  id: i,
  text: p.text,
  label: p.label ?? '',
  section: p.section.join(' '),
  lead: p.lead ?? '',
  topics: p.topics
    .flatMap((id) => {
      const t = topics.find((x) => x.id === id);
      return t ? [t.label, ...t.keywords.filter((k) => !k.includes(' '))] : [];
    })
    .join(' '),
});

export const buildSearchIndex = (corpus: LoadedCorpus, vocab: Vocabulary): SearchIndex => {
  const { passages, topics } = corpus;
  const roles = discoverRoles(passages, vocab.stopWords);
  linkRoleDocuments(roles, new Map(corpus.sources.map((s) => [s.id, s.title])), vocab.stopWords, passages);
  const processTerm = (t: string) => (vocab.stopWords.has(t) ? null : stem(t));
  const mini = new MiniSearch<IndexedDoc>({
    fields: ['text', 'label', 'section', 'lead', 'topics'],
    tokenize: words,
    processTerm,
    searchOptions: {
      // Queries arrive already analysed (normalised, corrected, stemmed): don't process twice.
      tokenize: (s) => s.split(' ').filter(Boolean),
      processTerm: (t) => t,
      boost: FIELD_BOOSTS,
      // Typos are corrected against the corpus vocabulary before search, which is both more
      // precise and much cheaper than fuzzy matching every term in the radix tree.
      fuzzy: false,
      prefix: false,
    },
  });
  const docs = passages.map((p, i) => toDoc(p, i, topics));
  mini.addAll(docs);
  scorerFor(mini);

  const df = new Map<string, number>();
  const frequencies = new Map<string, number>();
  for (const d of docs) {
    const seen = new Set<string>();
    for (const w of words(`${d.text} ${d.label} ${d.section}`)) {
      frequencies.set(w, (frequencies.get(w) ?? 0) + 1);
      if (!vocab.stopWords.has(w)) seen.add(stem(w));
    }
    for (const w of words(d.topics)) seen.add(stem(w));
    for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
  }
  // Words people type that the documents spell another way are still words, not typos.
  const known = [
    ...vocab.expansions.keys(),
    ...vocab.slang.keys(),
    ...vocab.levels.keys(),
    ...topics.flatMap((t) => t.keywords),
  ];
  for (const k of known) for (const w of words(k)) if (!frequencies.has(w)) frequencies.set(w, 1);
  for (const w of vocab.stopWords) if (!frequencies.has(w)) frequencies.set(w, 1);
  const subjectTerms = new Map<string, Set<string>>();
  for (const src of corpus.sources) {
    const occupation = corpus.occupations.find((o) => o.soc === src.occupation)?.title ?? '';
    subjectTerms.set(
      src.id,
      new Set(
        words(`${src.title} ${occupation}`)
          .filter((w) => !vocab.stopWords.has(w))
          .map(stem),
      ),
    );
  }
  const counts = new Map<string, number>();
  for (const set of subjectTerms.values()) for (const t of set) counts.set(t, (counts.get(t) ?? 0) + 1);
  const commonSubjectTerms = new Set(
    [...counts].filter(([, n]) => n >= Math.max(2, subjectTerms.size / 2)).map(([t]) => t),
  );
  const topicWords = new Set(topics.flatMap((t) => t.keywords.flatMap((k) => words(k)).map(stem)));
  const documentNames = new Map<string, string>();
  const isName = (t: string) =>
    counts.get(t) === 1 && t.length >= 3 && !topicWords.has(t) && !vocab.weakWords.has(t) && !/^\d/.test(t);
  // A word many passages use ("service") says little about which document is meant.
  for (const [id, set] of subjectTerms)
    for (const t of set) if (isName(t) && (df.get(t) ?? 0) <= passages.length * 0.05) documentNames.set(t, id);
  const roleDependentTopics = new Set(topics.filter((t) => t.roleDependent).map((t) => t.id));
  // An example pins at least two words: one content word alone ("how do I get hired" → hire)
  // is matched with its function words, or "does ICE hire…" would be a broad question.
  const phraseTerms = (s: string) => {
    const all = words(s);
    const content = all.filter((w) => !vocab.stopWords.has(w));
    return [...new Set((content.length > 1 || content.length === all.length ? content : all).map(stem))];
  };
  const overviews = corpus.overviews.map((def) => {
    const examples = def.examples.map(phraseTerms).filter((e) => e.length > 0);
    return { def, examples, vocabulary: new Set(examples.flat()) };
  });
  return {
    mini,
    passages,
    df,
    speller: createSpeller(frequencies),
    roles,
    topics,
    vocab,
    subjectTerms,
    commonSubjectTerms,
    documentNames,
    roleDependentTopics,
    roleHeads: new Set(
      roles.flatMap((r) =>
        r.variants
          .map((v) => v.at(-1))
          .filter((t): t is string => t !== undefined)
          .map(stem),
      ),
    ),
    overviews,
    outOfScope: corpus.outOfScope.map((def) => ({ def, examples: def.examples.map((e) => [...new Set(words(e))]) })),
  };
};
