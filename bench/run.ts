/**
 * `npm run bench`: index build time, cold start, query latency p50/p99 and memory, at the real
 * corpus and at a synthetic 100× corpus, each beside a naive linear-scan baseline measured in
 * the same run. Timings are machine-dependent: compare runs on one machine, not across.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCorpus, type LoadedCorpus } from '../src/corpus/load.js';
import { createKnowledgeBase, type KnowledgeBase } from '../src/knowledge.js';
import { askJson } from '../src/answers/json.js';
import { words } from '../src/text/tokenize.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const questions: string[] = (
  JSON.parse(readFileSync(`${root}tests/questions.json`, 'utf8')) as { questions: { q: string }[] }
).questions.map((q) => q.q);

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (n: number) => `${n.toFixed(3)} ms`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

const replicate = (corpus: LoadedCorpus, times: number): LoadedCorpus => ({
  ...corpus,
  passages: Array.from({ length: times }, (_, k) => corpus.passages.map((p) => ({ ...p, id: `${p.id}#${k}` }))).flat(),
});

/** The simplest thing that could work: count shared words with every passage, keep the best 5. */
const linearScan = (passageWords: Set<string>[]) => (q: string) => {
  const qw = words(q);
  const scores = passageWords.map((ws, i) => [qw.reduce((s, w) => (ws.has(w) ? s + 1 : s), 0), i] as const);
  return scores.sort((a, b) => b[0] - a[0]).slice(0, 5);
};

const timeQueries = (fn: (q: string) => unknown, rounds: number): number[] => {
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t = performance.now();
      fn(q);
      out.push(performance.now() - t);
    }
  }
  return out;
};

const measure = (label: string, corpus: LoadedCorpus, rounds: number, targetP99: number) => {
  const t0 = performance.now();
  const kb: KnowledgeBase = createKnowledgeBase(corpus);
  const buildMs = performance.now() - t0;
  for (const q of questions.slice(0, 20)) askJson(kb, q); // warm-up
  const ours = timeQueries((q) => askJson(kb, q), rounds);
  const passageWords = corpus.passages.map((p) => new Set(words(`${p.text} ${p.section.join(' ')}`)));
  const scan = linearScan(passageWords);
  const base = timeQueries(scan, rounds);
  const mem = process.memoryUsage();
  console.log(`\n## ${label}: ${corpus.passages.length} passages, ${ours.length} queries`);
  console.log(`index build        ${ms(buildMs)}`);
  const p99 = percentile(ours, 99);
  console.log(
    `query p50 / p99    ${ms(percentile(ours, 50))} / ${ms(p99)}  target p99 ≤ ${targetP99} ms ${p99 <= targetP99 ? '✓' : '✗'}`,
  );
  console.log(
    `linear scan p50/99 ${ms(percentile(base, 50))} / ${ms(percentile(base, 99))}  (ours/scan p99 ratio ${(percentile(ours, 99) / percentile(base, 99)).toFixed(2)})`,
  );
  console.log(`heap / rss         ${mb(mem.heapUsed)} / ${mb(mem.rss)}`);
};

const coldStart = (): Promise<number> =>
  new Promise((resolve, reject) => {
    // What `npm run ask` runs, minus npm itself: the bundle when built, else the source via tsx.
    const launcher = `${root}scripts/launch.mjs`;
    if (!existsSync(launcher)) return reject(new Error('scripts/launch.mjs not found'));
    const t = performance.now();
    const child = spawn(process.execPath, [launcher, 'ask', '--json', 'how much does a border patrol agent make'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.once('data', () => resolve(performance.now() - t));
    child.on('error', reject);
  });

const corpus = loadCorpus();
console.log('# Checkpoint benchmark');
measure('real corpus (1×)', corpus, 3, 2);
measure('synthetic corpus (100×)', replicate(corpus, 100), 1, 20);
try {
  // What `npm install` leaves behind: the bundle, fresh (an edited checkout would run tsx).
  await new Promise<void>((resolve, reject) => {
    const build = spawn(process.execPath, [`${root}scripts/build.mjs`], { cwd: root, stdio: 'inherit' });
    build.on('error', reject);
    build.on('close', () => resolve());
  });
  const runs = [await coldStart(), await coldStart(), await coldStart()];
  console.log(
    `\ncold start (spawn → first JSON answer, bundled as after npm install), best of 3: ${ms(Math.min(...runs))}  target ≤ 1000 ms ${Math.min(...runs) <= 1000 ? '✓' : '✗'}`,
  );
} catch (e) {
  console.log(`\ncold start: skipped (${(e as Error).message})`);
}

// Transport benchmarks live beside their features. Each runs in its own process so that its
// memory figures are the bot's, not this process's 100× corpus.
for (const name of ['discord', 'store', 'messages']) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) continue;
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./child.ts', import.meta.url)), name],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let buf = '';
    child.stdout.on('data', (d: Buffer) => (buf += d.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(buf));
  });
  process.stdout.write(out);
}
