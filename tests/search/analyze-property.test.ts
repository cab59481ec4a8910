/**
 * Query analysis and answering for any text at all (huge, odd Unicode, markdown, mentions, lone
 * surrogates): never an exception, and never pathological time — a guard against a regex that
 * backtracks on some input, not a benchmark (the bound is generous).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { askQuestion } from '../../src/answers/answer.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../../src/knowledge.js';
import { analyzeQuery } from '../../src/search/analyze.js';

/** Slowest single call allowed (ms); typical calls take a few. */
const BOUND_MS = 200;
const RUNS = 300;

/** Pieces members and fuzzers type: words of the documents, slang, markdown, mentions, numbers, emoji, odd spacing. */
const piece = fc.constantFrom(
  'salary',
  'salery',
  'cbp',
  'officer',
  'border patrol agent',
  'how many',
  'what',
  "what's",
  'lvl',
  'ppl',
  '$70,000',
  '25%',
  'gs-12',
  '**',
  '__',
  '~~',
  '||',
  '`',
  '```',
  '> ',
  '# ',
  '- ',
  '[link](https://x.y)',
  '<@123456789012345678>',
  '@everyone',
  '<#1>',
  '<:e:1>',
  '(',
  ')',
  '"',
  "'",
  '?',
  '!',
  '...',
  '…',
  '-',
  '/',
  '\\',
  '\n',
  '\t',
  '   ',
  '\u200b',
  '\u202e',
  'é',
  'e\u0301',
  'ß',
  'İ',
  'ﬁ',
  '😀',
  '🛂',
  '👨‍👩‍👧',
  '🇺🇸',
  '\uD83D',
  '中文',
  'عربى',
  'a'.repeat(60),
  'aaaa aaaa aaaa',
  '1234567890',
  '0x1F',
  'I got a DUI 6 years ago',
);
const query = fc.oneof(
  { weight: 3, arbitrary: fc.array(piece, { maxLength: 40 }).map((p) => p.join(' ')) },
  { weight: 2, arbitrary: fc.array(piece, { maxLength: 60 }).map((p) => p.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      maxLength: 300,
    }),
  },
  { weight: 1, arbitrary: fc.tuple(piece, fc.integer({ min: 100, max: 4000 })).map(([p, n]) => `${p} `.repeat(n)) },
);

let kb: KnowledgeBase;
beforeAll(() => {
  kb = loadKnowledgeBase();
  // Warm up: the first call compiles what later calls share.
  askQuestion(kb, 'what is the salary of a cbp officer');
});

const timed = (f: () => unknown): number => {
  const started = performance.now();
  f();
  return performance.now() - started;
};

describe('query analysis on any text', () => {
  it(`analyzeQuery and askQuestion never throw and each call takes under ${BOUND_MS} ms`, () => {
    let slowest = { ms: 0, query: '' };
    fc.assert(
      fc.property(query, (s) => {
        const ms = Math.max(
          timed(() => analyzeQuery(kb.index, s)),
          timed(() => askQuestion(kb, s)),
        );
        if (ms > slowest.ms) slowest = { ms, query: s };
      }),
      { numRuns: RUNS },
    );
    expect(
      slowest.ms,
      `slowest query (${slowest.query.length} chars): ${JSON.stringify(slowest.query.slice(0, 200))}`,
    ).toBeLessThan(BOUND_MS);
  }, 120_000);

  it('a megabyte of text is handled too', () => {
    for (const s of ['salary '.repeat(150_000), 'x'.repeat(1_000_000), '😀'.repeat(500_000)]) {
      expect(timed(() => askQuestion(kb, s))).toBeLessThan(BOUND_MS * 10);
    }
  }, 60_000);
});
