/**
 * `npm run eval`: answer quality on the question sets in tests/ — hit@1, hit@3 and the decline
 * rate, overall, by topic and by document — then the failures. `--failures` lists them all;
 * `--set independent` (or `main`) reports one set only.
 */
import { fileURLToPath } from 'node:url';
import { loadKnowledgeBase } from '../src/knowledge.js';
import { askJson } from '../src/answers/json.js';
import { evaluate, formatReport, loadQuestionSet } from './lib/eval-metrics.js';

const SETS = {
  main: '../tests/questions.json',
  independent: '../tests/questions-independent.json',
  blind: '../tests/questions-blind.json',
  // Measured once, at the end of a piece of ranking work: only when asked for by name.
  holdout: '../tests/questions-blind-holdout.json',
} as const;
const only = process.argv[process.argv.indexOf('--set') + 1] as keyof typeof SETS | undefined;
const kb = loadKnowledgeBase();
for (const [name, file] of Object.entries(SETS)) {
  if (process.argv.includes('--set') ? name !== only : name === 'holdout') continue;
  const set = loadQuestionSet(fileURLToPath(new URL(file, import.meta.url)));
  const metrics = evaluate(set, (q) => askJson(kb, q));
  process.stdout.write(`\n# ${name} set (${file.replace('../', '')})\n${formatReport(metrics)}\n`);
  if (process.argv.includes('--failures')) {
    for (const f of metrics.failures) {
      process.stdout.write(
        `\n[${f.kind}] ${f.id}: ${f.q}\n  expected: ${f.expected.map((e) => `${e.source} / ${e.section}`).join(' | ') || '(decline)'}\n  got: ${f.top3.map((c) => `${c.source} / ${c.section}`).join(' | ') || '(declined)'}\n`,
      );
    }
  }
}
