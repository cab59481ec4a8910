/**
 * A server's FAQ, searched beside the documents. Each server gets its own small index, rebuilt
 * only when the FAQ's version changes, so an edit shows up in the very next answer and another
 * server never sees the entries.
 *
 * A rebuild follows every edit, so it reuses what the edit did not touch: the tokens of each
 * unchanged text and the passage objects of unchanged entries (the search layer caches per
 * passage object). Only the edited entry is tokenized again.
 */
import MiniSearch from 'minisearch';
import type { Passage } from '../corpus/types.js';
import type { Citation, ExtraSource } from './answer.js';
import type { KnowledgeBase } from '../knowledge.js';
import { FIELD_BOOSTS, type SearchIndex } from '../search/index.js';
import { search } from '../search/search.js';
import { stem, words } from '../text/tokenize.js';

/** The fields of a stored FAQ entry this needs (src/store's FaqEntry has them). */
export type FaqLike = {
  id: number;
  question: string;
  answer: string;
  link: string | null;
  authorName: string;
  updatedAt: number;
};

export const FAQ_SOURCE_ID = 'server-faq';
export const FAQ_TITLE = 'Server FAQ (written by this server’s recruiters)';
const MAX_CACHED_GUILDS = 500;
/** Memo sizes across every server's FAQ; past them a memo starts over (it only saves time). */
const MAX_STEMS = 50_000;
const MAX_TOKENIZED = 20_000;

/** How an entry is cited, by /ask and /faq show alike: the server's FAQ, who wrote it, when last edited. */
export const faqCitationOf = (e: FaqLike): Omit<Citation, 'n'> => ({
  sourceId: FAQ_SOURCE_ID,
  title: FAQ_TITLE,
  section: e.question,
  publisher: `Written by ${e.authorName}`,
  url: e.link,
  licence: 'Server-written, not a published source',
  serverWritten: { author: e.authorName, updatedAt: new Date(e.updatedAt).toISOString() },
});

type Built = { version: number; index: SearchIndex; entries: Map<string, FaqLike>; passages: Map<number, Passage> };

export type FaqSearch = {
  /** An ExtraSource for askQuestion, or undefined when the server has no FAQ. */
  forGuild: (guildId: string, version: number, load: () => FaqLike[]) => ExtraSource | undefined;
};

type Doc = { id: number; text: string; label: string; section: string; lead: string; topics: string };

/** A Map used as a bounded memo: cleared when full rather than tracking recency. */
const memo = <V>(max: number, compute: (key: string) => V) => {
  const values = new Map<string, V>();
  return (key: string): V => {
    let v = values.get(key);
    if (v === undefined) {
      if (values.size >= max) values.clear();
      v = compute(key);
      values.set(key, v);
    }
    return v;
  };
};

const passageOf = (e: FaqLike): Passage => ({
  id: `${FAQ_SOURCE_ID}:${e.id}`,
  sourceId: FAQ_SOURCE_ID,
  section: [e.question],
  label: e.question,
  text: e.answer,
  topics: [],
  order: e.id,
});

/**
 * How an analysed question is searched. Module-level on purpose: written inline in `build`, its
 * functions would share build's closure — which holds the previous index — so every rebuild
 * would keep the one before it alive (the fuzz found ~1.7 MB kept per edit of a 200-entry FAQ).
 */
const SEARCH_OPTIONS = {
  tokenize: (s: string) => s.split(' ').filter(Boolean),
  processTerm: (t: string) => t,
  boost: FIELD_BOOSTS,
  prefix: false,
  fuzzy: false,
};

export const createFaqSearch = (kb: KnowledgeBase): FaqSearch => {
  const cache = new Map<string, Built>();
  const { stopWords } = kb.index.vocab;
  const processTerm = memo(MAX_STEMS, (t): string | null => (stopWords.has(t) ? null : stem(t)));
  const tokenize = memo(MAX_TOKENIZED, words);

  const build = (version: number, entries: readonly FaqLike[], previous: Built | undefined): Built => {
    const passages = entries.map((e) => {
      const old = previous?.passages.get(e.id);
      return old && old.label === e.question && old.text === e.answer ? old : passageOf(e);
    });
    const mini = new MiniSearch<Doc>({
      fields: ['text', 'label', 'section', 'lead', 'topics'],
      tokenize,
      processTerm,
      searchOptions: SEARCH_OPTIONS,
    });
    mini.addAll(
      passages.map((p, i) => ({ id: i, text: p.text, label: p.label ?? '', section: '', lead: '', topics: '' })),
    );
    const index: SearchIndex = {
      ...kb.index,
      mini,
      passages,
      subjectTerms: new Map(),
      commonSubjectTerms: kb.index.commonSubjectTerms,
    };
    return {
      version,
      index,
      entries: new Map(entries.map((e) => [`${FAQ_SOURCE_ID}:${e.id}`, e])),
      passages: new Map(entries.map((e, i) => [e.id, passages[i]!])),
    };
  };

  return {
    forGuild: (guildId, version, load) => {
      if (version === 0) return undefined;
      let built = cache.get(guildId);
      if (!built || built.version !== version) {
        built = build(version, load(), built);
        cache.delete(guildId);
        cache.set(guildId, built);
        if (cache.size > MAX_CACHED_GUILDS) cache.delete(cache.keys().next().value!);
      }
      const { index, entries } = built;
      if (entries.size === 0) return undefined;
      return (q) => ({
        hits: search(index, q, { limit: 3 }).hits,
        citationFor: (p) => faqCitationOf(entries.get(p.id)!),
      });
    },
  };
};
