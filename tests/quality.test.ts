/**
 * Answer quality on the question set in tests/questions.json, through the JSON contract.
 * The floors guard against regressions; `npm run eval` prints the full report.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../src/knowledge.js';
import { askJson } from '../src/answers/json.js';
import { jsonAnswerSchema } from '../src/answers/contract.js';
import { evaluate, loadQuestionSet } from './support/eval-metrics.js';

const set = loadQuestionSet(fileURLToPath(new URL('./questions.json', import.meta.url)));
const kb = loadKnowledgeBase();
const metrics = evaluate(set, (q) => askJson(kb, q));

/** The bar: hit@3 and the decline rate at 90% or better. */
const FLOORS = { hitAt3: 0.9, declineRate: 0.9, hitAt1: 0.8 } as const;

describe('answer quality on the question set', () => {
  it('every answer matches the JSON contract', () => {
    for (const q of set.questions.slice(0, 50)) expect(() => jsonAnswerSchema.parse(askJson(kb, q.q))).not.toThrow();
  });
  it(`finds the expected section in the top 3 for at least ${FLOORS.hitAt3 * 100}% of answerable questions`, () => {
    expect(metrics.overall.hitAt3).toBeGreaterThanOrEqual(FLOORS.hitAt3);
    expect(metrics.overall.hitAt1).toBeGreaterThanOrEqual(FLOORS.hitAt1);
  });
  it(`declines at least ${FLOORS.declineRate * 100}% of the questions the documents do not answer`, () => {
    expect(metrics.overall.declineRate).toBeGreaterThanOrEqual(FLOORS.declineRate);
  });
  it('cites every document somewhere', () => {
    for (const [source, rates] of Object.entries(metrics.bySource)) {
      expect(rates.hitAt3, source).toBeGreaterThan(0.5);
    }
  });
});
