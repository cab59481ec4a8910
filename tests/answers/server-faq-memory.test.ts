/**
 * A server's FAQ index is rebuilt on every edit; the old one must be freed. (A closure written in
 * the rebuild once kept each index alive from the next: ~1.7 MB per edit of a 200-entry FAQ,
 * found by the long fuzz as a bot whose memory rose for as long as it ran.)
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge.js';
import { createFaqSearch, type FaqLike } from '../../src/answers/server-faq.js';
import { analyzeQuery } from '../../src/search/analyze.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

describe('server FAQ index memory', () => {
  it('rebuilding after each edit keeps the heap flat', () => {
    const kb = loadKnowledgeBase();
    const faq = createFaqSearch(kb);
    const entry = (id: number, text: string): FaqLike => ({
      id,
      question: `When is hiring event number ${id}?`,
      answer: text,
      link: null,
      authorName: 'r',
      updatedAt: 0,
    });
    const entries = Array.from({ length: 200 }, (_, i) =>
      entry(i + 1, `Event ${i + 1}: ${'lorem ipsum dolor '.repeat(60)}`),
    );
    const q = analyzeQuery(kb.index, 'hiring event');
    const edit = (v: number) => {
      entries[v % 200] = entry((v % 200) + 1, `edited ${v} ${'lorem '.repeat(50)}`);
      faq.forGuild('guild', v, () => entries)?.(q);
    };
    for (let v = 1; v <= 20; v++) edit(v);
    const before = heapAfterGc();
    for (let v = 21; v <= 120; v++) edit(v);
    const grown = (heapAfterGc() - before) / 2 ** 20;
    // A leak of one index per edit would be ~170 MB here.
    expect(grown).toBeLessThan(20);
  });
});
