/**
 * Answer-quality metrics for Checkpoint's question set (tests/questions.json).
 *
 * Everything here is pure: give it the questions and either an `ask` function or the answers
 * already collected, and it returns numbers. Only `loadQuestionSet` touches the file system.
 *
 * Matching rule (also stated in the question set): a result matches an expectation when
 * `citation.source === expect.source` and `citation.section` contains `expect.section`,
 * case-insensitively. A question is a hit@k when ANY of the first k results matches ANY
 * expectation. An answerable question that the engine declines (`answered: false`) is a miss,
 * whatever results it still returns.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { JsonAnswer, JsonCitation } from '../../src/answers/contract.js';

export const TOPICS = [
  'description',
  'job-titles',
  'duties',
  'technology',
  'work-activities',
  'work-context',
  'skills',
  'knowledge',
  'education',
  'abilities',
  'interests',
  'work-values',
  'work-styles',
  'levels',
  'roles',
  'qualifications',
  'career-path',
  'training',
  'fitness',
  'security-clearance',
  'salary',
  'challenges',
  'rewards',
  'application',
  'unanswerable',
] as const;
export type Topic = (typeof TOPICS)[number];

export const expectationSchema = z.object({
  source: z.string().min(1),
  section: z.string().min(1),
});

export const questionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lowercase slugs'),
    q: z.string().trim().min(1),
    topic: z.enum(TOPICS),
    answerable: z.boolean(),
    expect: z.array(expectationSchema),
  })
  .superRefine((question, ctx) => {
    if (question.answerable && question.expect.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `${question.id}: an answerable question needs at least one expectation`,
      });
    }
    if (!question.answerable && question.expect.length > 0) {
      ctx.addIssue({ code: 'custom', message: `${question.id}: an unanswerable question must not expect citations` });
    }
    if (question.answerable === (question.topic === 'unanswerable')) {
      ctx.addIssue({
        code: 'custom',
        message: `${question.id}: topic "unanswerable" is for, and only for, questions with answerable: false`,
      });
    }
  });

export const questionSetSchema = z
  .object({
    version: z.literal(1),
    matching: z.string().min(1),
    questions: z.array(questionSchema).min(1),
  })
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    for (const question of set.questions) {
      if (seen.has(question.id)) ctx.addIssue({ code: 'custom', message: `duplicate question id "${question.id}"` });
      seen.add(question.id);
    }
  });

export type Expectation = z.infer<typeof expectationSchema>;
export type Question = z.infer<typeof questionSchema>;
export type QuestionSet = z.infer<typeof questionSetSchema>;
export type AskFn = (q: string) => JsonAnswer;

/** Reads and validates a question set; throws with every problem listed when it is invalid. */
export function loadQuestionSet(path: string): QuestionSet {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read question set ${path}: ${(error as Error).message}`);
  }
  return parseQuestionSet(raw, path);
}

export function parseQuestionSet(raw: unknown, label = 'question set'): QuestionSet {
  const parsed = questionSetSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    // The set-level duplicate check only runs once every question parses; report duplicates anyway.
    for (const id of duplicateIds(raw)) {
      const message = `  (root): duplicate question id "${id}"`;
      if (!problems.includes(message)) problems.push(message);
    }
    throw new Error(`invalid ${label}:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

function duplicateIds(raw: unknown): string[] {
  const questions = (raw as { questions?: unknown } | null)?.questions;
  if (!Array.isArray(questions)) return [];
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const question of questions) {
    const id = (question as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') continue;
    if (seen.has(id)) duplicates.add(id);
    seen.add(id);
  }
  return [...duplicates];
}

export function citationMatches(citation: JsonCitation, expectation: Expectation): boolean {
  return (
    citation.source === expectation.source && citation.section.toLowerCase().includes(expectation.section.toLowerCase())
  );
}

/** 1-based rank of the first result matching any expectation, or null. Ignores `answered`. */
export function firstMatchRank(answer: JsonAnswer, expect: readonly Expectation[]): number | null {
  const index = answer.results.findIndex((result) => expect.some((e) => citationMatches(result.citation, e)));
  return index === -1 ? null : index + 1;
}

export type FailureKind = 'miss' | 'declined' | 'not-declined';

export interface QuestionOutcome {
  id: string;
  q: string;
  topic: Topic;
  answerable: boolean;
  answered: boolean;
  expect: Expectation[];
  /** Rank of the first matching result (null when none matched or the answer was declined). */
  rank: number | null;
  /** null for unanswerable questions. */
  hitAt1: boolean | null;
  hitAt3: boolean | null;
  /** null for answerable questions. */
  correctDecline: boolean | null;
  top3: JsonCitation[];
}

export interface Rates {
  questions: number;
  answerable: number;
  unanswerable: number;
  hitsAt1: number;
  hitsAt3: number;
  correctDeclines: number;
  falseDeclines: number;
  /** Shares in [0, 1]; null when the denominator is 0. hit@k and false declines are over answerable questions. */
  hitAt1: number | null;
  hitAt3: number | null;
  /** Share of unanswerable questions correctly declined. */
  declineRate: number | null;
  /** Share of answerable questions declined. */
  falseDeclineRate: number | null;
}

export interface Failure {
  id: string;
  q: string;
  topic: Topic;
  kind: FailureKind;
  expected: Expectation[];
  top3: JsonCitation[];
}

export interface EvalMetrics {
  overall: Rates;
  /** Keyed by topic, in TOPICS order; only topics that occur. */
  byTopic: Record<string, Rates>;
  /**
   * Keyed by document id: answerable questions that expect that document (a question expecting
   * several documents counts under each). The hit is the question's hit, from any expectation.
   */
  bySource: Record<string, Rates>;
  outcomes: QuestionOutcome[];
  failures: Failure[];
}

export function scoreQuestion(question: Question, answer: JsonAnswer): QuestionOutcome {
  const top3 = answer.results.slice(0, 3).map((result) => result.citation);
  const base = {
    id: question.id,
    q: question.q,
    topic: question.topic,
    answerable: question.answerable,
    answered: answer.answered,
    expect: question.expect,
    top3,
  };
  if (!question.answerable) {
    return { ...base, rank: null, hitAt1: null, hitAt3: null, correctDecline: !answer.answered };
  }
  const rank = answer.answered ? firstMatchRank(answer, question.expect) : null;
  return {
    ...base,
    rank,
    hitAt1: rank !== null && rank <= 1,
    hitAt3: rank !== null && rank <= 3,
    correctDecline: null,
  };
}

const share = (count: number, total: number): number | null => (total === 0 ? null : count / total);

export function summarize(outcomes: readonly QuestionOutcome[]): Rates {
  const answerable = outcomes.filter((o) => o.answerable);
  const unanswerable = outcomes.filter((o) => !o.answerable);
  const hitsAt1 = answerable.filter((o) => o.hitAt1).length;
  const hitsAt3 = answerable.filter((o) => o.hitAt3).length;
  const falseDeclines = answerable.filter((o) => !o.answered).length;
  const correctDeclines = unanswerable.filter((o) => o.correctDecline).length;
  return {
    questions: outcomes.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    hitsAt1,
    hitsAt3,
    correctDeclines,
    falseDeclines,
    hitAt1: share(hitsAt1, answerable.length),
    hitAt3: share(hitsAt3, answerable.length),
    declineRate: share(correctDeclines, unanswerable.length),
    falseDeclineRate: share(falseDeclines, answerable.length),
  };
}

function failureOf(outcome: QuestionOutcome): Failure | null {
  let kind: FailureKind | null = null;
  if (!outcome.answerable) kind = outcome.correctDecline ? null : 'not-declined';
  else if (!outcome.answered) kind = 'declined';
  else if (!outcome.hitAt3) kind = 'miss';
  if (kind === null) return null;
  return { id: outcome.id, q: outcome.q, topic: outcome.topic, kind, expected: outcome.expect, top3: outcome.top3 };
}

/** Metrics from answers already collected; `answers[i]` answers `questions[i]`. */
export function computeMetrics(questions: readonly Question[], answers: readonly JsonAnswer[]): EvalMetrics {
  if (questions.length !== answers.length) {
    throw new Error(`got ${answers.length} answers for ${questions.length} questions`);
  }
  const outcomes = questions.map((question, i) => scoreQuestion(question, answers[i]!));

  const byTopic: Record<string, Rates> = {};
  for (const topic of TOPICS) {
    const group = outcomes.filter((o) => o.topic === topic);
    if (group.length > 0) byTopic[topic] = summarize(group);
  }

  const sources = [...new Set(outcomes.flatMap((o) => o.expect.map((e) => e.source)))].sort();
  const bySource: Record<string, Rates> = {};
  for (const source of sources) {
    bySource[source] = summarize(outcomes.filter((o) => o.expect.some((e) => e.source === source)));
  }

  const failures = outcomes.map(failureOf).filter((f): f is Failure => f !== null);
  return { overall: summarize(outcomes), byTopic, bySource, outcomes, failures };
}

/** Asks every question (in order) and scores the answers. */
export function evaluate(set: QuestionSet | readonly Question[], ask: AskFn): EvalMetrics {
  const questions = 'questions' in set ? set.questions : set;
  return computeMetrics(
    questions,
    questions.map((question) => ask(question.q)),
  );
}

// ---------------------------------------------------------------------------------------------
// Console report

const pct = (value: number | null): string => (value === null ? '-' : `${(value * 100).toFixed(1)}%`);

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => (row[col] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!)))
      .filter((_, col) => widths[col]! > 0)
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function rateRow(label: string, rates: Rates): string[] {
  const noDeclines = rates.unanswerable === 0;
  const noAnswerable = rates.answerable === 0;
  return [
    label,
    String(rates.questions),
    pct(rates.hitAt1),
    pct(rates.hitAt3),
    noDeclines ? '-' : pct(rates.declineRate),
    noDeclines ? '' : `${rates.correctDeclines}/${rates.unanswerable}`,
    noAnswerable ? '-' : pct(rates.falseDeclineRate),
    noAnswerable ? '' : `${rates.falseDeclines}/${rates.answerable}`,
  ];
}

const HEADER = ['', 'n', 'hit@1', 'hit@3', 'declined', '', 'false-declines', ''];

const cite = (c: { source: string; section: string }): string => `${c.source} › ${c.section}`;

export interface ReportOptions {
  /** Most failures listed (default 50); the rest are counted. */
  maxFailures?: number;
}

/** A compact, aligned plain-text report for the console. */
export function formatReport(metrics: EvalMetrics, options: ReportOptions = {}): string {
  const maxFailures = options.maxFailures ?? 50;
  const o = metrics.overall;
  const out: string[] = [
    `Checkpoint eval: ${o.questions} questions (${o.answerable} answerable, ${o.unanswerable} unanswerable)`,
    `hit@1 ${pct(o.hitAt1)} (${o.hitsAt1}/${o.answerable})  hit@3 ${pct(o.hitAt3)} (${o.hitsAt3}/${o.answerable})  ` +
      `declined ${pct(o.declineRate)} (${o.correctDeclines}/${o.unanswerable})  ` +
      `false-declines ${pct(o.falseDeclineRate)} (${o.falseDeclines}/${o.answerable})`,
    '',
    ...table(
      ['topic', ...HEADER.slice(1)],
      Object.entries(metrics.byTopic).map(([topic, rates]) => rateRow(topic, rates)),
    ),
    '',
    ...table(
      ['source', ...HEADER.slice(1)],
      Object.entries(metrics.bySource).map(([source, rates]) => rateRow(source, rates)),
    ),
    '',
    `failures: ${metrics.failures.length}`,
  ];
  for (const failure of metrics.failures.slice(0, maxFailures)) {
    out.push(`  [${failure.kind}] ${failure.id} (${failure.topic}): ${JSON.stringify(failure.q)}`);
    if (failure.expected.length > 0) out.push(`      expected: ${failure.expected.map(cite).join(' | ')}`);
    out.push(
      failure.top3.length === 0
        ? '      got: (no results)'
        : `      got: ${failure.top3.map((c, i) => `${i + 1}. ${cite(c)}`).join('  ')}`,
    );
  }
  if (metrics.failures.length > maxFailures) out.push(`  … ${metrics.failures.length - maxFailures} more`);
  return out.join('\n');
}
