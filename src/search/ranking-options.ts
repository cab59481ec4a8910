/**
 * Every value that decides how a question is weighed, ranked and declined, in one place — the
 * way minisearch documents its `defaultBM25params`. Each was set with `npm run eval` on the
 * question sets in tests/ (main, independent, and the blind set's development part; never on
 * its held-out part), and each comment says what moving it did.
 */
export const rankingOptions = {
  /** How much a question word weighs when judging whether the documents answer it. */
  weights: {
    /**
     * A noun the documents never use ("pension", "polygraph"): one such word outweighs two or
     * three covered ones, which is what declines "do agents take a polygraph". At 4 the
     * independent set lost 5 declines; at 6 and above nothing more was gained.
     */
    unknownWeight: 6,
    /** An unknown word of one or two letters: mostly chat noise ("rn", "gm"). */
    shortUnknownWeight: 3,
    /** Filler ("really", "kind") and bare numbers ("6 years in the army"): searched, hardly judged. */
    weakWeight: 0.7,
    /**
     * A verb, adjective or adverb the documents never use ("relocate", "dangerous"). At 1 those
     * questions were answered from the rest of their words; at 3.5 chatty wordings ("wasting my
     * time", "ago") were declined. 2.5 kept both sets' false declines where they were.
     */
    notNounWeight: 2.5,
    /** A known verb or adjective weighs at most this ("stand", "helps" missing from a passage). */
    knownNotNounCap: 2.5,
  },
  /** Finding and scoring candidates (src/search/search.ts). */
  search: {
    /** Candidates kept from the top-k scorer before re-ranking. */
    candidates: 40,
    /** An acronym's expansion or a synonym, relative to the word typed. */
    alternativeBoost: 0.6,
    /** Words every document is about ("customs", "officer"), and a role that is only context. */
    subjectBoost: 0.1,
    /** A topic's own keywords, added when the question's words are all generic. */
    topicTermBoost: 0.3,
    /** A passage's score is its BM25 share times (floor + (1 − floor) × the focus it covers). */
    coverageFloor: 0.35,
  },
  /** Multipliers for what the question is about (applied after text relevance). */
  context: {
    /** A passage of the question's topic. */
    topic: 2,
    /** The named role's own passage, on a topic where the documents tell roles apart. */
    role: 1.8,
    /** Another role's passage when a role is named. */
    otherRole: 0.6,
    /** A passage of a document the question names ("according to onet"). */
    namedDocument: 1.5,
    /** A statement of the level asked about, and of any other level. */
    level: 2,
    otherLevel: 0.4,
    /** A passage with a number, for "how many/how much". */
    number: 1.2,
  },
  /** Declining (src/search/search.ts). */
  decline: {
    /**
     * Share of the focus the top results must cover. 0.51 declined many questions covered at
     * exactly half (two equal words, one covered); 0.45 answered 3–5 more unanswerable ones per
     * set for 1–2 fewer false declines.
     */
    minCoverage: 0.5,
    /** Coverage pooled across the top passages of one topic counts this much of a single passage's. */
    pooledFactor: 0.9,
    /** A "how many/how long" question whose best passages hold no such quantity. */
    numberlessFactor: 0.5,
    /** A passage counts as answering "how many" only if it covers this much of the focus. */
    numberPassageCoverage: 0.5,
  },
  /** Picking what an answer shows (src/answers/answer.ts). */
  answer: {
    /** Passages in a full answer (More results shows up to 10). */
    maxItems: 5,
    /** From one document section at most. */
    perSection: 2,
    /** Hits below this share of the best score are noise, not answers. */
    relativeFloor: 0.4,
    /** A server's own FAQ entry, relative to a document passage scoring the same. */
    serverFaqBoost: 2.5,
    /** A server FAQ entry answers on its own when it covers this much of the question. */
    faqMinCoverage: 0.75,
    /** A comparison shows the whole table up to this many rows. */
    maxTableRows: 10,
  },
} as const;

export type RankingOptions = typeof rankingOptions;
