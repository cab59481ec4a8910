/** The Answer → the fixed JSON contract (src/answers/contract.ts). */
import type { KnowledgeBase } from '../knowledge.js';
import { askQuestion, type Answer, type AskOptions } from './answer.js';
import type { JsonAnswer } from './contract.js';

export const toJsonAnswer = (a: Answer): JsonAnswer => ({
  query: a.query,
  answered: a.answered,
  topic: a.topic,
  results: a.items.map((item) => {
    const c = a.citations.find((x) => x.n === item.cite)!;
    return {
      text: item.text,
      score: item.score,
      citation: { source: c.sourceId, title: c.title, section: c.section, url: c.url },
    };
  }),
});

export const askJson = (kb: KnowledgeBase, query: string, opts?: AskOptions): JsonAnswer =>
  toJsonAnswer(askQuestion(kb, query, opts));
