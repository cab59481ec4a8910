/**
 * `npm run eval`: answer quality on the question set in tests/ — hit@1, hit@3 and the decline
 * rate, overall, by topic and by document — then the failures. `--failures` lists them all.
 */
import { fileURLToPath } from 'node:url';
import { loadKnowledgeBase } from '../src/knowledge.js';
import { askJson } from '../src/answers/json.js';
import { evaluate, formatReport, loadQuestionSet } from '../tests/support/eval-metrics.js';

const set = loadQuestionSet(fileURLToPath(new URL('../tests/questions.json', import.meta.url)));
const kb = loadKnowledgeBase();
const metrics = evaluate(set, (q) => askJson(kb, q));
process.stdout.write(`${formatReport(metrics)}\n`);
if (process.argv.includes('--failures')) {
  for (const f of metrics.failures) {
    process.stdout.write(`\n[${f.kind}] ${f.id}: ${f.q}\n  expected: ${f.expected.map((e) => `${e.source} / ${e.section}`).join(' | ') || '(decline)'}\n  got: ${f.top3.map((c) => `${c.source} / ${c.section}`).join(' | ') || '(declined)'}\n`);
  }
}
