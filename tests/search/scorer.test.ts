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
  it('gives minisearch’s own scores and order for the best passages', () => {
    for (const question of questions) {
      const q = analyzeQuery(kb.index, question);
      const boosts = new Map(q.groups.flatMap((g) => [...g.alternatives.map((a) => [a, 0.6] as const), [g.term, 1] as const]));
      const ours = scorerFor(kb.index.mini).top(boosts, 15);
      const theirs = kb.index.mini.search({ queries: [...boosts.keys()], combineWith: 'OR' }, { boostTerm: (t) => boosts.get(t) ?? 0 });
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
        expect([...boosts.keys()].filter((t) => scorer.has(t, r.id)).sort(), question).toEqual([...found.queryTerms].sort());
      }
    }
  });

  it('keeps the best k of many, best first, and nothing for unknown terms', () => {
    const scorer = scorerFor(kb.index.mini);
    const all = scorer.top(new Map([['offic', 1]]), 1000);
    const top3 = scorer.top(new Map([['offic', 1]]), 3);
    expect(top3).toEqual(all.slice(0, 3));
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    expect(scorer.top(new Map([['zzzqqq', 1]]), 5)).toEqual([]);
    // Repeated queries start from a clean slate.
    expect(scorer.top(new Map([['offic', 1]]), 3)).toEqual(top3);
  });
});
