import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { JsonAnswer } from '../src/answers/contract.js';
import {
  TOPICS,
  citationMatches,
  computeMetrics,
  evaluate,
  formatReport,
  loadQuestionSet,
  parseQuestionSet,
  type AskFn,
  type QuestionSet,
} from '../scripts/lib/eval-metrics.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------
// A small fake engine

const cite = (source: string, section: string) => ({ source, title: source, section, url: null });

function answer(query: string, answered: boolean, citations: [string, string][]): JsonAnswer {
  return {
    query,
    answered,
    topic: null,
    results: citations.map(([source, section], i) => ({
      text: `snippet ${i}`,
      score: 1 - i / 10,
      citation: cite(source, section),
    })),
  };
}

const fakeSet: QuestionSet = {
  version: 1,
  matching: 'test',
  questions: [
    // hit at rank 1 (section path contains the expectation, different case)
    {
      id: 'salary-01',
      q: 'pay?',
      topic: 'salary',
      answerable: true,
      expect: [{ source: 'guide', section: 'Data and Trends' }],
    },
    // hit at rank 3 only, on the second expectation
    {
      id: 'skills-01',
      q: 'skills?',
      topic: 'skills',
      answerable: true,
      expect: [
        { source: 'onet', section: 'Skills' },
        { source: 'guide', section: 'Skills and Qualifications' },
      ],
    },
    // right section, wrong source, then a hit at rank 4: a miss at 3
    {
      id: 'skills-02',
      q: 'listening',
      topic: 'skills',
      answerable: true,
      expect: [{ source: 'onet', section: 'Skills' }],
    },
    // declined although the top result matches: counts as a miss and a false decline
    {
      id: 'fitness-01',
      q: 'pft',
      topic: 'fitness',
      answerable: true,
      expect: [{ source: 'steps', section: 'Physical Fitness Requirements' }],
    },
    { id: 'none-01', q: 'retirement age', topic: 'unanswerable', answerable: false, expect: [] },
    { id: 'none-02', q: 'hi', topic: 'unanswerable', answerable: false, expect: [] },
  ],
};

const fakeAnswers: Record<string, JsonAnswer> = {
  'pay?': answer('pay?', true, [
    ['guide', 'DATA AND TRENDS'],
    ['onet', 'Tasks'],
  ]),
  'skills?': answer('skills?', true, [
    ['onet', 'Knowledge'],
    ['guide', 'Training and Development'],
    ['guide', 'Guide › Skills and Qualifications'],
    ['onet', 'Skills'],
  ]),
  listening: answer('listening', true, [
    ['guide', 'Skills'],
    ['onet', 'Abilities'],
    ['onet', 'Work Styles'],
    ['onet', 'Worker Requirements › Skills'],
  ]),
  pft: answer('pft', false, [['steps', 'Training and Qualifications › Physical Fitness Requirements']]),
  'retirement age': answer('retirement age', false, []),
  hi: answer('hi', true, [['onet', 'Description']]),
};

const fakeAsk: AskFn = (q) => {
  const found = fakeAnswers[q];
  if (!found) throw new Error(`unexpected question ${q}`);
  return found;
};

describe('eval metrics with a fake ask', () => {
  const metrics = evaluate(fakeSet, fakeAsk);

  it('matches on source and a case-insensitive section substring', () => {
    expect(citationMatches(cite('onet', 'Worker Requirements › Skills'), { source: 'onet', section: 'skills' })).toBe(
      true,
    );
    expect(citationMatches(cite('guide', 'Skills'), { source: 'onet', section: 'Skills' })).toBe(false);
    expect(citationMatches(cite('onet', 'Knowledge'), { source: 'onet', section: 'Skills' })).toBe(false);
  });

  it('scores each question', () => {
    const byId = Object.fromEntries(metrics.outcomes.map((o) => [o.id, o]));
    expect(byId['salary-01']).toMatchObject({ rank: 1, hitAt1: true, hitAt3: true, correctDecline: null });
    expect(byId['skills-01']).toMatchObject({ rank: 3, hitAt1: false, hitAt3: true });
    expect(byId['skills-02']).toMatchObject({ rank: 4, hitAt1: false, hitAt3: false });
    expect(byId['fitness-01']).toMatchObject({ answered: false, rank: null, hitAt1: false, hitAt3: false });
    expect(byId['none-01']).toMatchObject({ hitAt1: null, hitAt3: null, correctDecline: true });
    expect(byId['none-02']).toMatchObject({ correctDecline: false });
    expect(byId['skills-01']!.top3.map((c) => c.section)).toEqual([
      'Knowledge',
      'Training and Development',
      'Guide › Skills and Qualifications',
    ]);
  });

  it('computes overall rates', () => {
    expect(metrics.overall).toEqual({
      questions: 6,
      answerable: 4,
      unanswerable: 2,
      hitsAt1: 1,
      hitsAt3: 2,
      correctDeclines: 1,
      falseDeclines: 1,
      hitAt1: 0.25,
      hitAt3: 0.5,
      declineRate: 0.5,
      falseDeclineRate: 0.25,
    });
  });

  it('breaks down by topic, in topic order', () => {
    expect(Object.keys(metrics.byTopic)).toEqual(['skills', 'fitness', 'salary', 'unanswerable']);
    expect(metrics.byTopic.skills).toMatchObject({ questions: 2, hitAt1: 0, hitAt3: 0.5, falseDeclineRate: 0 });
    expect(metrics.byTopic.fitness).toMatchObject({ hitAt3: 0, falseDeclineRate: 1 });
    expect(metrics.byTopic.unanswerable).toMatchObject({
      questions: 2,
      hitAt1: null,
      declineRate: 0.5,
      falseDeclineRate: null,
    });
  });

  it('breaks down by expected source document', () => {
    expect(Object.keys(metrics.bySource)).toEqual(['guide', 'onet', 'steps']);
    // guide: salary-01 (hit@1) and skills-01 (hit@3)
    expect(metrics.bySource.guide).toMatchObject({ questions: 2, hitAt1: 0.5, hitAt3: 1 });
    // onet: skills-01 (hit@3 through the guide expectation) and skills-02 (miss)
    expect(metrics.bySource.onet).toMatchObject({ questions: 2, hitAt1: 0, hitAt3: 0.5 });
    expect(metrics.bySource.steps).toMatchObject({ questions: 1, hitAt3: 0, falseDeclineRate: 1 });
  });

  it('lists failures with expectations and the top 3 citations', () => {
    expect(metrics.failures.map((f) => [f.id, f.kind])).toEqual([
      ['skills-02', 'miss'],
      ['fitness-01', 'declined'],
      ['none-02', 'not-declined'],
    ]);
    const miss = metrics.failures[0]!;
    expect(miss.expected).toEqual([{ source: 'onet', section: 'Skills' }]);
    expect(miss.top3.map((c) => `${c.source}:${c.section}`)).toEqual([
      'guide:Skills',
      'onet:Abilities',
      'onet:Work Styles',
    ]);
  });

  it('gives the same result from collected answers', () => {
    const answers = fakeSet.questions.map((q) => fakeAsk(q.q));
    expect(computeMetrics(fakeSet.questions, answers)).toEqual(metrics);
    expect(() => computeMetrics(fakeSet.questions, answers.slice(1))).toThrow(/5 answers for 6 questions/);
  });

  it('formats an aligned plain-text report', () => {
    const report = formatReport(metrics);
    expect(report).toContain('6 questions (4 answerable, 2 unanswerable)');
    expect(report).toContain('hit@1 25.0% (1/4)  hit@3 50.0% (2/4)');
    expect(report).toContain('[miss] skills-02 (skills): "listening"');
    expect(report).toContain('expected: onet › Skills');
    expect(report).toContain('got: 1. guide › Skills  2. onet › Abilities  3. onet › Work Styles');
    expect(report).toContain('[not-declined] none-02');

    const lines = report.split('\n');
    const header = lines.findIndex((l) => l.startsWith('topic'));
    const rows = lines.slice(header, header + 2 + Object.keys(metrics.byTopic).length);
    const hit3End = rows[0]!.indexOf('hit@3') + 'hit@3'.length;
    for (const row of rows.slice(2)) {
      expect(row.slice(0, hit3End)).toMatch(/(\d+\.\d%|-)$/);
    }
    expect(rows.find((r) => r.startsWith('unanswerable'))).toMatch(/50\.0%\s+1\/2/);
    expect(formatReport(metrics, { maxFailures: 1 })).toContain('… 2 more');
  });
});

describe('question set validation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkpoint-qs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a valid file', () => {
    const path = join(dir, 'ok.json');
    writeFileSync(path, JSON.stringify(fakeSet));
    expect(loadQuestionSet(path).questions).toHaveLength(6);
  });

  it('rejects duplicate ids, unknown topics and inconsistent expectations', () => {
    const bad = {
      ...fakeSet,
      questions: [
        ...fakeSet.questions,
        { ...fakeSet.questions[0], q: 'again' },
        { id: 'x-01', q: 'x', topic: 'weather', answerable: false, expect: [] },
        { id: 'x-02', q: 'y', topic: 'salary', answerable: true, expect: [] },
        { id: 'x-03', q: 'z', topic: 'unanswerable', answerable: false, expect: [{ source: 'a', section: 'b' }] },
      ],
    };
    const message = (() => {
      try {
        parseQuestionSet(bad);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/duplicate question id "salary-01"/);
    expect(message).toMatch(/questions\.7\.topic/);
    expect(message).toMatch(/x-02: an answerable question needs at least one expectation/);
    expect(message).toMatch(/x-03: an unanswerable question must not expect citations/);
  });

  it('reports unreadable files', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ nope');
    expect(() => loadQuestionSet(path)).toThrow(/cannot read question set/);
  });
});

// ---------------------------------------------------------------------------------------------
// The real question set

interface ManifestDoc {
  id: string;
  file: string;
  kind: string;
}

const manifest = JSON.parse(readFileSync(join(root, 'data/manifest.json'), 'utf8')) as { documents: ManifestDoc[] };

/** Lowercase, " – " between word characters → "-", trailing ":" removed, spaces collapsed. */
const normalize = (text: string): string =>
  text
    .replace(/(\w)\s*–\s*(\w)/g, '$1-$2')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*:$/, '')
    .toLowerCase();

const FIXED_SECTIONS: Record<string, string[]> = {
  'onet-profile': [
    'Description',
    'Sample of reported job titles',
    'Tasks',
    'Technology Skills',
    'Work Activities',
    'Detailed Work Activities',
    'Work Context',
    'Skills',
    'Knowledge',
    'Education',
    'Abilities',
    'Interests',
    'Work Values',
    'Work Styles',
  ],
  'skills-framework': ['Scope', 'Emerging', 'Developing', 'Proficient', 'Advanced'],
  article: ['Introduction'],
};

/** Lines that could be headings: short, not list items, not sentences. */
function headingLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && line.length <= 80)
    .filter((line) => !/^([•\-*]|\d+\.)\s/.test(line))
    .filter((line) => !/[.!?]$/.test(line))
    .map(normalize);
}

function sectionNames(doc: ManifestDoc): Set<string> {
  const names = (FIXED_SECTIONS[doc.kind] ?? []).map(normalize);
  const text = readFileSync(join(root, 'data', doc.file), 'utf8');
  if (doc.file.endsWith('.json')) {
    const framework = JSON.parse(text) as { framework?: { levels?: Record<string, { label?: string }> } };
    for (const level of Object.values(framework.framework?.levels ?? {}))
      if (level.label) names.push(normalize(level.label));
  } else {
    names.push(...headingLines(text));
  }
  return new Set(names);
}

describe('tests/questions.json', () => {
  const set = loadQuestionSet(join(root, 'tests/questions.json'));
  const questions = set.questions;
  const docs = new Map(manifest.documents.map((doc) => [doc.id, doc]));

  it('has enough questions, answerable and not', () => {
    expect(questions.length).toBeGreaterThanOrEqual(140);
    expect(questions.filter((q) => !q.answerable).length).toBeGreaterThanOrEqual(45);
    expect(questions.filter((q) => q.answerable).length).toBeGreaterThanOrEqual(95);
  });

  it('has unique ids and unique questions', () => {
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
    expect(new Set(questions.map((q) => q.q.trim().toLowerCase())).size).toBe(questions.length);
  });

  it('covers every topic', () => {
    const present = new Set(questions.map((q) => q.topic));
    expect(TOPICS.filter((topic) => !present.has(topic))).toEqual([]);
  });

  it('expects every manifest document, several times', () => {
    for (const doc of manifest.documents) {
      const count = questions.filter((q) => q.expect.some((e) => e.source === doc.id)).length;
      expect(count, doc.id).toBeGreaterThanOrEqual(5);
    }
  });

  it('finds section names loosely but catches typos', () => {
    const steps = sectionNames(docs.get('guide-becoming-immigration-officer')!);
    expect(steps.has(normalize('Pre – Service Training'))).toBe(true);
    expect(steps.has(normalize('Decision-Making Skills'))).toBe(true);
    expect(steps.has(normalize('Pre-Service Trainings'))).toBe(false);
    expect(steps.has(normalize('Document Verification'))).toBe(false);
    const careers = sectionNames(docs.get('guide-customs-immigration-careers')!);
    expect(careers.has(normalize('data and trends'))).toBe(true);
    const framework = sectionNames(docs.get('framework-33-3051.04')!);
    expect([...framework].sort()).toEqual(['advanced', 'developing', 'emerging', 'proficient', 'scope']);
  });

  it('only expects sources from the manifest and sections those documents have', () => {
    const names = new Map([...docs.values()].map((doc) => [doc.id, sectionNames(doc)]));
    const problems: string[] = [];
    for (const q of questions) {
      for (const e of q.expect) {
        const sections = names.get(e.source);
        if (!sections) problems.push(`${q.id}: unknown source ${e.source}`);
        else if (!sections.has(normalize(e.section)))
          problems.push(`${q.id}: no section "${e.section}" in ${e.source}`);
      }
      if (new Set(q.expect.map((e) => `${e.source}|${normalize(e.section)}`)).size !== q.expect.length) {
        problems.push(`${q.id}: duplicate expectation`);
      }
    }
    expect(problems).toEqual([]);
  });
});
