import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge.js';
import { analyzeQuery } from '../../src/search/analyze.js';
import { scorerFor } from '../../src/search/index.js';

const kb = loadKnowledgeBase();
const questions = [
  'how much does a border patrol agent make',
  'what does a cbp officer do',
  'do i need a degree',
  'tech skills for cbpo',
  'physical fitness test',
  'emerging level expectations',
];

describe('top-k scorer', () => {
  it('gives minisearch’s own scores and order for the best passages when every term counts', () => {
    for (const question of questions) {
      const q = analyzeQuery(kb.index, question);
      const boosts = new Map(
        q.groups.flatMap((g) => [...g.alternatives.map((a) => [a, 0.6] as const), [g.term, 1] as const]),
      );
      const terms = new Map([...boosts].map(([t, boost], i) => [t, { boost, group: i }]));
      const ours = scorerFor(kb.index.mini).top(terms, 15);
      const theirs = kb.index.mini.search(
        { queries: [...boosts.keys()], combineWith: 'OR' },
        { boostTerm: (t) => boosts.get(t) ?? 0 },
      );
      expect(ours.length, question).toBe(Math.min(15, theirs.length));
      ours.forEach((r, i) => expect(r.score, `${question} #${i}`).toBeCloseTo(theirs[i]!.score, 9));
      // Equal scores may come in another order; the sets of passages are the same.
      const cut = ours.at(-1)!.score;
      const strictlyAbove = theirs.filter((r) => r.score > cut + 1e-9).map((r) => r.id as number);
      expect(ours.map((r) => r.id)).toEqual(expect.arrayContaining(strictlyAbove));
      // And the same query terms matched.
      const scorer = scorerFor(kb.index.mini);
      for (const r of ours) {
        const found = theirs.find((t) => t.id === r.id)!;
        expect([...boosts.keys()].filter((t) => scorer.has(t, r.id)).sort(), question).toEqual(
          [...found.queryTerms].sort(),
        );
      }
    }
  });

  it('counts a word and its synonyms once, and uncounted terms not at all', () => {
    const scorer = scorerFor(kb.index.mini);
    const one = (terms: [string, number | null][]) =>
      scorer.top(new Map(terms.map(([t, group]) => [t, { boost: 1, group }])), 500);
    const separate = one([
      ['salari', 0],
      ['pay', 1],
    ]);
    const together = one([
      ['salari', 0],
      ['pay', 0],
    ]);
    const uncounted = one([
      ['salari', null],
      ['pay', null],
    ]);
    const both = separate.find((r) => scorer.has('salari', r.id) && scorer.has('pay', r.id));
    expect(both, 'a passage with both words').toBeDefined();
    const raw = uncounted.find((r) => r.id === both!.id)!.score;
    expect(both!.score).toBeCloseTo(raw * 2, 9);
    expect(together.find((r) => r.id === both!.id)!.score).toBeCloseTo(raw, 9);
    expect(new Set(uncounted.map((r) => r.id))).toEqual(new Set(separate.map((r) => r.id)));
  });

  it('keeps the best k of many, best first, and nothing for unknown terms', () => {
    const scorer = scorerFor(kb.index.mini);
    const officer = new Map([['offic', { boost: 1, group: 0 }]]);
    const all = scorer.top(officer, 1000);
    const top3 = scorer.top(officer, 3);
    expect(top3).toEqual(all.slice(0, 3));
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    expect(scorer.top(new Map([['zzzqqq', { boost: 1, group: 0 }]]), 5)).toEqual([]);
    // Repeated queries start from a clean slate.
    expect(scorer.top(officer, 3)).toEqual(top3);
  });
});
