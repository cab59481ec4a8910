/**
 * The command-line answer interface — a contract other tools rely on:
 *
 *   npm run --silent ask -- "question"          the answer as text
 *   npm run --silent ask -- --json "question"   one JSON object on stdout
 *   npm run --silent ask -- --json -            one question per stdin line → JSON Lines, same order
 *
 * Object: {"query","answered","topic","results":[{"text","score","citation":{"source","title","section","url"}}]}
 * (src/answers/contract.ts). stdout carries only answers; anything else goes to stderr.
 * Usage errors exit 2. Kept light for a fast cold start: no discord.js, no logger.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadKnowledgeBase, type KnowledgeBase } from '../knowledge.js';
import { askJson } from '../answers/json.js';
import type { JsonAnswer } from '../answers/contract.js';
import { truncate } from '../text/cut.js';

export const USAGE = `usage: npm run --silent ask -- [--json] "question"
       npm run --silent ask -- [--json] -      (one question per stdin line)
  --json   print JSON (JSON Lines with -) instead of text`;

export type AskArgs = { json: boolean; stdin: boolean; question: string | null; help: boolean };

/** Command-line arguments → what to do; a string is a usage error. */
export const parseAskArgs = (argv: readonly string[]): AskArgs | string => {
  const out: AskArgs = { json: false, stdin: false, question: null, help: false };
  const words: string[] = [];
  let literal = false;
  for (const a of argv) {
    if (literal) words.push(a);
    else if (a === '--') literal = true;
    else if (a === '--json') out.json = true;
    else if (a === '--help' || a === '-h') out.help = true;
    else if (a === '-') out.stdin = true;
    else if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) return `unknown option ${truncate(a, 40)}`;
    else words.push(a);
  }
  if (out.help) return out;
  if (out.stdin && words.length > 0) return 'give either a question or -, not both';
  if (!out.stdin && words.length === 0) return 'no question given';
  if (!out.stdin) out.question = words.join(' ');
  return out;
};

const BLANK: Omit<JsonAnswer, 'query'> = { answered: false, topic: null, results: [] };

/** One line of input → one answer object; never throws (a failure is logged and answered:false). */
export const answerLine = (kb: KnowledgeBase, line: string): JsonAnswer => {
  if (line.trim() === '') return { query: '', ...BLANK };
  try {
    return askJson(kb, line);
  } catch (e) {
    process.stderr.write(`ask: failed on a question: ${e instanceof Error ? e.message : String(e)}\n`);
    return { query: line, ...BLANK };
  }
};

const main = async (): Promise<number> => {
  const args = parseAskArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    process.stderr.write(`ask: ${args}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // Only DATA_DIR matters here: the JSON interface must not fail on a bot setting it never uses.
  const kb = loadKnowledgeBase(process.env.DATA_DIR?.trim() || undefined);
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const text = args.json ? null : await loadText();
  const answer = (q: string): string =>
    text ? `${text.renderText(text.askView(kb, q), { color })}\n` : `${JSON.stringify(answerLine(kb, q))}\n`;

  if (!args.stdin) {
    process.stdout.write(answer(args.question ?? ''));
    return 0;
  }
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  for await (const line of rl) {
    if (text && line.trim() === '') continue;
    process.stdout.write(text ? `${answer(line)}\n` : answer(line));
  }
  return 0;
};

/** Text rendering is loaded only when asked for, keeping the JSON path minimal. */
const loadText = async () => {
  const [{ askView }, { renderText }] = await Promise.all([
    import('../answers/views.js'),
    import('../answers/render-text.js'),
  ]);
  return { askView, renderText };
};

const isMain = (() => {
  try {
    return (
      process.argv[1] !== undefined &&
      realpathSync(resolve(process.argv[1])) === realpathSync(fileURLToPath(import.meta.url))
    );
  } catch {
    return false;
  }
})();

if (isMain) {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`ask: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
