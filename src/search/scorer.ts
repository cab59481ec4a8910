/**
 * Top-k scoring over a minisearch index.
 *
 * minisearch builds the index (our tokenizer, field statistics, BM25) but its `search` scores
 * and allocates a result for every passage that shares any query word, then sorts them all: at
 * 20,000 passages a question with "officer" in it costs tens of milliseconds. Its scores are a
 * sum over terms, so they can be precomputed: we read the index once through its serialised
 * form (`toJSON`, minisearch's public format), store each term's impact on each passage
 * (BM25 per field × field boost, summed over fields) in typed arrays, and answer a query by
 * adding those up and keeping the best k. The score is minisearch's own (up to rounding):
 * Σ boost(term) × impact(term, passage), times the number of query terms the passage matches.
 */
import type MiniSearch from 'minisearch';

export type Scored = { id: number; score: number };

/**
 * A query term's boost, and the question word it stands for: a word's acronym expansions and
 * synonyms are one group, and a passage's score is multiplied by how many groups it matches
 * (minisearch multiplies by matched terms, which rewards a passage for matching all of one
 * word's synonyms). `group` null: the term adds to the score but is not counted.
 */
export type QueryTerm = { boost: number; group: number | null };

export type Scorer = {
  /** The best `k` passages for these stemmed terms, best first. */
  top: (terms: ReadonlyMap<string, QueryTerm>, k: number) => Scored[];
  /** Whether the passage contains the term in any indexed field. */
  has: (term: string, id: number) => boolean;
  /** The passages containing the term in any indexed field, ascending. */
  passagesWith: (term: string) => Int32Array;
};

type Postings = { docs: Int32Array; impacts: Float64Array };

/** minisearch's defaults (we do not override them). */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;

const bm25 = (tf: number, matching: number, total: number, length: number, avgLength: number): number => {
  const idf = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
  return idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * length) / avgLength)));
};

export const compileScorer = (mini: MiniSearch, fieldBoosts: Readonly<Record<string, number>>): Scorer => {
  const js = mini.toJSON();
  const ids: (number | undefined)[] = [];
  for (const shortId in js.documentIds) ids[Number(shortId)] = js.documentIds[shortId] as number;
  // A local, so that no closure made here refers to `js`: the scorer's functions would otherwise
  // keep the index's whole serialised copy alive for as long as the scorer lives.
  const averageFieldLength = js.averageFieldLength;
  const fields = Object.entries(js.fieldIds).map(([field, fieldId]) => ({
    key: String(fieldId),
    index: fieldId,
    boost: fieldBoosts[field] ?? 1,
    avgLength: averageFieldLength[fieldId]!,
  }));
  const postings = new Map<string, Postings>();
  const impact = new Map<number, number>();
  for (const [term, byField] of js.index) {
    impact.clear();
    for (const field of fields) {
      const freqs = byField[field.key];
      if (!freqs) continue;
      const matching = Object.keys(freqs).length;
      for (const shortId in freqs) {
        const id = ids[Number(shortId)];
        if (id === undefined) continue;
        const length = js.fieldLength[shortId]![field.index]!;
        const s = field.boost * bm25(freqs[shortId]!, matching, js.documentCount, length, field.avgLength);
        impact.set(id, (impact.get(id) ?? 0) + s);
      }
    }
    // Sorted by passage, so membership is a binary search.
    const docs = Int32Array.from(impact.keys()).sort();
    const impacts = new Float64Array(docs.length);
    for (let i = 0; i < docs.length; i++) impacts[i] = impact.get(docs[i]!)!;
    postings.set(term, { docs, impacts });
  }

  const size = ids.reduce<number>((m, id) => Math.max(m, id ?? 0), 0) + 1;
  const sums = new Float64Array(size);
  const counts = new Uint16Array(size);
  const groupsSeen = new Uint32Array(size);
  const seen = new Uint8Array(size);
  const touched = new Int32Array(size);

  const top = (terms: ReadonlyMap<string, QueryTerm>, k: number): Scored[] => {
    let n = 0;
    for (const [term, { boost, group }] of terms) {
      const p = postings.get(term);
      if (!p) continue;
      // Words past the 31st of one question share the last bit.
      const bit = group === null ? 0 : 1 << Math.min(group, 31);
      const { docs, impacts } = p;
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i]!;
        if (seen[d] === 0) {
          seen[d] = 1;
          touched[n++] = d;
        }
        if (bit !== 0 && (groupsSeen[d]! & bit) === 0) {
          groupsSeen[d]! |= bit;
          counts[d]! += 1;
        }
        sums[d]! += boost * impacts[i]!;
      }
    }
    const best = selectTop(
      n,
      k,
      (i) => touched[i]!,
      (d) => sums[d]! * Math.max(1, counts[d]!),
    );
    for (let i = 0; i < n; i++) {
      const d = touched[i]!;
      sums[d] = 0;
      counts[d] = 0;
      groupsSeen[d] = 0;
      seen[d] = 0;
    }
    return best;
  };
  const has = (term: string, id: number): boolean => {
    const docs = postings.get(term)?.docs;
    if (!docs) return false;
    let lo = 0;
    let hi = docs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (docs[mid] === id) return true;
      if (docs[mid]! < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  };
  const none = new Int32Array(0);
  return { top, has, passagesWith: (term) => postings.get(term)?.docs ?? none };
};

/** The k best of n items, best first (ties: lower id first); O(n) for the usual k ≪ n. */
const selectTop = (n: number, k: number, idAt: (i: number) => number, scoreOf: (id: number) => number): Scored[] => {
  const out: Scored[] = [];
  for (let i = 0; i < n; i++) {
    const id = idAt(i);
    const score = scoreOf(id);
    if (out.length === k) {
      const last = out[k - 1]!;
      if (score < last.score || (score === last.score && id > last.id)) continue;
      out.pop();
    }
    let at = out.length;
    while (at > 0 && (out[at - 1]!.score < score || (out[at - 1]!.score === score && out[at - 1]!.id > id))) at--;
    out.splice(at, 0, { id, score });
  }
  return out;
};
