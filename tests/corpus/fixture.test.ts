/**
 * A new occupation is a matter of data: tests/fixtures/occupation/ is a complete, clearly fake
 * data dir (manifest, topics, chrome, an O*NET-style profile, a framework and an article; plus
 * aliases and stop words for the knowledge base) that must load with the same code as data/.
 * tests/data-driven.test.ts asks it a question end to end.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/article.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { LEVELS } from '../../src/corpus/types.js';

const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/occupation/', import.meta.url));
const PROFILE = 'fixture-onet-99-9999.99';
const FRAMEWORK = 'fixture-framework-99-9999.99';
const GUIDE = 'fixture-guide-seed-inspection';

const corpus = loadCorpus(FIXTURE_DIR);
const { passages } = corpus;
const key = (section: readonly string[]) => section.join(' / ');
const of = (sourceId: string, ...section: string[]) =>
  passages.filter((p) => p.sourceId === sourceId && key(p.section) === key(section));
const sectionsOf = (sourceId: string) => [
  ...new Set(passages.filter((p) => p.sourceId === sourceId).map((p) => key(p.section))),
];

describe('the fixture data dir', () => {
  it('is plainly a fixture in every file', () => {
    const files = ['manifest.json', ...readdirSync(join(FIXTURE_DIR, 'sources')).map((f) => join('sources', f))];
    expect(files).toHaveLength(4);
    for (const file of files) expect(readFileSync(join(FIXTURE_DIR, file), 'utf8'), file).toMatch(/FIXTURE/);
    for (const source of corpus.sources) {
      expect(source.title).toMatch(/FIXTURE-ONLY/);
      expect(source.occupation).toBe('99-9999.99');
      expect(source.attribution).toMatch(/fixture/i);
    }
  });

  it('loads every document of its manifest with no code change', () => {
    expect(corpus.dataDir).toBe(FIXTURE_DIR);
    expect(corpus.sources.map((s) => [s.id, s.kind])).toEqual([
      [PROFILE, 'onet-profile'],
      [FRAMEWORK, 'skills-framework'],
      [GUIDE, 'article'],
    ]);
    const counts = Object.fromEntries(
      corpus.sources.map((s) => [s.id, passages.filter((p) => p.sourceId === s.id).length]),
    );
    expect(counts).toEqual({ [PROFILE]: 16, [FRAMEWORK]: 10, [GUIDE]: 12 });
  });

  it('reads the fake occupation from its framework', () => {
    expect(corpus.occupations).toEqual([
      {
        soc: '99-9999.99',
        title: 'Test Fixture: Agricultural Inspection Technicians (FIXTURE-ONLY)',
        group: 'Test Fixtures',
        sector: '99',
        jobZone: 2,
      },
    ]);
  });

  it('gives unique ids that cannot collide with the real corpus', () => {
    const ids = passages.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const real = new Set(loadCorpus().passages.map((p) => p.id));
    expect(ids.filter((id) => real.has(id))).toEqual([]);
    expect(loadCorpus(FIXTURE_DIR).passages).toEqual(passages);
  });

  it('tags every passage with a topic from its own topics.json', () => {
    const known = new Set(corpus.topics.map((t) => t.id));
    expect(passages.filter((p) => p.topics.length === 0).map((p) => p.id)).toEqual([]);
    for (const p of passages) for (const t of p.topics) expect(known.has(t)).toBe(true);
  });
});

describe('the fixture profile', () => {
  it('puts each section under its O*NET group', () => {
    expect(sectionsOf(PROFILE)).toEqual([
      'Description',
      'Sample of reported job titles',
      'Occupation-Specific Information / Tasks',
      'Occupation-Specific Information / Technology Skills',
      'Occupational Requirements / Work Activities',
      'Occupational Requirements / Work Context',
      'Worker Requirements / Skills',
      'Worker Requirements / Education',
      'Worker Characteristics / Work Styles',
    ]);
    expect(of(PROFILE, 'Description')[0]!.text).toMatch(/^TEST FIXTURE, not a real occupation:/);
    expect(of(PROFILE, 'Occupation-Specific Information', 'Tasks')).toHaveLength(3);
  });

  it('splits "Name:Description" bullets and joins technology examples', () => {
    expect(of(PROFILE, 'Worker Requirements', 'Skills').map((p) => [p.label, p.text])).toEqual([
      [
        'Seed Sampling',
        'Seed Sampling: Drawing a fixed-weight sample from a fixture seed crate without spilling it (fixture skill).',
      ],
      [
        'Beetle Recognition',
        'Beetle Recognition: Telling a quarantine beetle from a harmless fixture beetle by its six green spots (fixture skill).',
      ],
    ]);
    expect(of(PROFILE, 'Occupation-Specific Information', 'Technology Skills')[0]!.text).toBe(
      'Data base user interface and query software: Fixtureville Crate Ledger FCL, Fictional Quarantine Beetle Registry',
    );
  });

  it('keeps Education and Work Context percentages as data', () => {
    expect(of(PROFILE, 'Worker Requirements', 'Education').map((p) => p.data)).toEqual([
      { kind: 'percent', percent: 55, category: 'High School Diploma - or the equivalent (fixture category)' },
      { kind: 'percent', percent: 30, category: "Associate's Degree (fixture category)" },
      { kind: 'percent', percent: 15, category: 'Fixtureville Seed Academy Certificate (fixture category)' },
    ]);
    expect(of(PROFILE, 'Occupational Requirements', 'Work Context').map((p) => p.data)).toEqual([
      { kind: 'percent', percent: 72, category: 'Outdoors, Exposed to Weather', response: 'Every day' },
      { kind: 'percent', percent: 64, category: 'Wear Green Quarantine Gloves', response: 'Most of the time' },
    ]);
  });

  it('drops the advertisement block after the last section', () => {
    for (const p of passages) expect(p.text).not.toMatch(/Salalem|Read more|Track1|Get yourself|\p{Script=Arabic}/u);
  });
});

describe('the fixture framework', () => {
  it('gives the scope, the occupation and two statements per level with stable ids', () => {
    const [scope, occupation, ...statements] = passages.filter((p) => p.sourceId === FRAMEWORK);
    expect(scope).toMatchObject({ id: `${FRAMEWORK}:scope:1`, section: ['Scope'], topics: ['levels'] });
    expect(occupation).toMatchObject({ id: `${FRAMEWORK}:scope:2`, section: ['Scope'], label: 'Classification' });
    expect(occupation!.text).toMatch(/^SOC code 99-9999\.99/);
    expect(statements.map((p) => p.id)).toEqual(LEVELS.flatMap((l) => [`${FRAMEWORK}:${l}:1`, `${FRAMEWORK}:${l}:2`]));
    expect(statements[1]!.data).toEqual({
      kind: 'level-statement',
      level: 'emerging',
      topic: 'Quarantine beetle spotting',
      expectation: 'recognise the six green spots of a quarantine beetle using the fixture reference card.',
      index: 2,
    });
    expect(statements.every((p) => p.topics.includes('levels'))).toBe(true);
  });
});

describe('the fixture article', () => {
  const raw = readFileSync(join(FIXTURE_DIR, 'sources', 'fixture-guide-seed-inspection.txt'), 'utf8');

  it('detects the title even though the intro has a colon in it', () => {
    expect(parseArticle(GUIDE, raw, []).title).toBe(
      'Fixture Guide: Working as an Agricultural Inspection Technician (FIXTURE-ONLY)',
    );
    expect(passages.some((p) => p.text.startsWith('Fixture Guide:'))).toBe(false);
    expect(of(GUIDE, 'Introduction').map((p) => p.label ?? null)).toEqual([null]);
  });

  it('takes sections from both heading styles, nesting where a heading follows a heading', () => {
    expect(sectionsOf(GUIDE)).toEqual([
      'Introduction',
      'Daily Duties',
      'Data and Trends',
      'Training and Certification / Fixtureville Seed Academy',
      'Training and Certification / Field Shadowing',
      'Conclusion',
    ]);
  });

  it('keeps numbered steps in order', () => {
    const steps = of(GUIDE, 'Daily Duties').filter((p) => p.data?.kind === 'step');
    expect(steps.map((p) => [p.data, p.label])).toEqual([
      [{ kind: 'step', step: 1 }, 'Open the Crate'],
      [{ kind: 'step', step: 2 }, 'Sample the Seeds'],
      [{ kind: 'step', step: 3 }, 'Log the Result'],
    ]);
    expect(
      steps.every((p) => p.lead === "A fixture technician's shift follows the same three steps for every seed crate:"),
    ).toBe(true);
    expect(steps.every((p) => p.topics.join() === 'duties')).toBe(true);
  });

  it('parses the flattened salary rows', () => {
    const rows = passages.filter((p) => p.sourceId === GUIDE && p.data?.kind === 'salary');
    expect(rows.map((p) => p.data)).toEqual([
      {
        kind: 'salary',
        position: 'Fixture Inspection Technician',
        salaryMin: 41000,
        salaryMax: 52000,
        growthPct: 2,
        keySkills: ['Seed Sampling', 'Beetle Recognition'],
      },
      {
        kind: 'salary',
        position: 'Senior Fixture Inspector',
        salaryMin: 53000,
        salaryMax: 64000,
        growthPct: 1.5,
        keySkills: ['Sampling Plans', 'Coaching'],
      },
    ]);
    expect(rows.every((p) => p.topics.join() === 'salary' && key(p.section) === 'Data and Trends')).toBe(true);
  });

  it('repairs artefacts and drops the comment widgets', () => {
    const academy = of(GUIDE, 'Training and Certification', 'Fixtureville Seed Academy')[0]!;
    expect(academy.text).toContain('a two-week bench course');
    expect(academy.text).toContain('stay up-to-date on fixture quarantine rules');
    expect(academy.topics).toEqual(['training']);
    expect(of(GUIDE, 'Training and Certification', 'Field Shadowing').map((p) => p.label)).toEqual([
      'Shadowing',
      'Sign-Off',
    ]);
    expect(passages.filter((p) => p.sourceId === GUIDE).at(-1)!.text).toBe(
      'This fixture article ends here; nothing in it describes a real job.',
    );
    expect(passages.some((p) => /Comments/.test(p.text) || p.section.some((s) => /Comments/.test(s)))).toBe(false);
  });
});
