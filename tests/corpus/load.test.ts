import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CorpusError } from '../../src/corpus/framework.js';
import { DEFAULT_DATA_DIR, loadCorpus } from '../../src/corpus/load.js';
import type { Passage } from '../../src/corpus/types.js';

type Manifest = { documents: Array<Record<string, unknown>> };
const realManifest = JSON.parse(readFileSync(join(DEFAULT_DATA_DIR, 'manifest.json'), 'utf8')) as Manifest;
const realTopics = JSON.parse(readFileSync(join(DEFAULT_DATA_DIR, 'topics.json'), 'utf8')) as {
  topics: Array<{ id: string }>;
};
const DOC_IDS = realManifest.documents.map((d) => d.id as string);

const corpus = loadCorpus();
const { passages } = corpus;
const key = (section: readonly string[]) => section.join(' / ');
const of = (sourceId: string, ...section: string[]) =>
  passages.filter((p) => p.sourceId === sourceId && key(p.section) === key(section));
const byText = (text: string) => {
  const found = passages.filter((p) => p.text.includes(text));
  expect(found, text).toHaveLength(1);
  return found[0]!;
};

/** A scratch copy of data/ whose manifest (or files) a test may break. */
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});
const brokenCopy = (change: (manifest: Manifest, dir: string) => void): string => {
  const dir = mkdtempSync(join(tmpdir(), 'checkpoint-corpus-'));
  scratch.push(dir);
  cpSync(DEFAULT_DATA_DIR, dir, { recursive: true });
  const manifest = structuredClone(realManifest);
  change(manifest, dir);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
};
const loadError = (dir: string): Error => {
  try {
    loadCorpus(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(CorpusError);
    return e as Error;
  }
  throw new Error('expected loadCorpus to throw');
};

describe('loadCorpus(data/)', () => {
  it('reads data/ by default', () => {
    expect(corpus.dataDir).toBe(DEFAULT_DATA_DIR);
    expect(readFileSync(join(corpus.dataDir, 'manifest.json'), 'utf8')).toContain('"documents"');
  });

  it('lists the five documents of the manifest, in order', () => {
    expect(corpus.sources.map((s) => s.id)).toEqual([
      'onet-33-3051.04',
      'framework-33-3051.04',
      'guide-customs-immigration-careers',
      'guide-becoming-immigration-officer',
      'guide-life-of-immigration-officer',
    ]);
    expect(corpus.sources.map((s) => s.id)).toEqual(DOC_IDS);
    expect(corpus.sources.every((s) => s.occupation === '33-3051.04')).toBe(true);
  });

  it('gives passages from all five documents', () => {
    const counts = Object.fromEntries(DOC_IDS.map((id) => [id, passages.filter((p) => p.sourceId === id).length]));
    expect(counts).toEqual({
      'onet-33-3051.04': 58,
      'framework-33-3051.04': 42,
      'guide-customs-immigration-careers': 35,
      'guide-becoming-immigration-officer': 31,
      'guide-life-of-immigration-officer': 34,
    });
    // Documents stay in manifest order.
    expect([...new Set(passages.map((p) => p.sourceId))]).toEqual(DOC_IDS);
  });

  it('gives every passage a unique id', () => {
    const ids = passages.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of passages) expect(p.id.startsWith(`${p.sourceId}:`)).toBe(true);
  });

  it('gives the same ids (and passages) on every load', () => {
    const again = loadCorpus();
    expect(again.passages.map((p) => p.id)).toEqual(passages.map((p) => p.id));
    expect(again.passages).toEqual(passages);
  });

  it('gives the same ids when loaded from another directory', () => {
    const copy = brokenCopy(() => {});
    expect(loadCorpus(copy).passages.map((p) => p.id)).toEqual(passages.map((p) => p.id));
  });

  it('reads the occupation from the skills framework', () => {
    expect(corpus.occupations).toEqual([
      {
        soc: '33-3051.04',
        title: 'Customs and Border Protection Officers',
        group: 'Protective Service',
        sector: '92',
        jobZone: 3,
      },
    ]);
  });

  it('returns the topics of data/topics.json', () => {
    expect(corpus.topics.map((t) => t.id)).toEqual(realTopics.topics.map((t) => t.id));
  });
});

describe('topics', () => {
  const topicIds = new Set(realTopics.topics.map((t) => t.id));

  it('tags every passage with at least one known topic', () => {
    const untagged = passages.filter((p) => p.topics.length === 0).map((p) => p.id);
    // No exceptions are needed today; list any new one here with the reason it has no topic.
    expect(untagged).toEqual([]);
    for (const p of passages) {
      for (const t of p.topics) expect(topicIds.has(t), `${p.id}: ${t}`).toBe(true);
      expect(new Set(p.topics).size).toBe(p.topics.length);
    }
  });

  it('uses every topic for at least one passage', () => {
    const used = new Set(passages.flatMap((p) => p.topics));
    expect([...topicIds].filter((t) => !used.has(t))).toEqual([]);
  });

  it('narrows items by their lead within "Challenges and Rewards"', () => {
    const life = of('guide-life-of-immigration-officer', 'Challenges and Rewards').filter((p) => p.lead);
    expect(life.map((p) => [p.label, p.topics])).toEqual([
      ['High-Stress Environment', ['challenges']],
      ['Dealing with Difficult Situations', ['challenges']],
      ['Balancing Security and Customer Service', ['challenges']],
      ['Impactful Work', ['rewards']],
      ['Job Stability', ['rewards']],
      ['Personal Fulfillment', ['rewards']],
    ]);
    expect(life[3]!.lead).toBe('Despite these challenges, the rewards are significant:');

    const careers = of('guide-customs-immigration-careers', 'Challenges and Rewards').filter(
      (p) => p.lead === 'However, the rewards are substantial:',
    );
    expect(careers.map((p) => p.label)).toEqual(['Impact', 'Career Satisfaction', 'Growth Opportunities']);
    for (const p of careers) {
      expect(p.topics).toContain('rewards');
      expect(p.topics).not.toContain('challenges');
    }
    // "Growth Opportunities" is also about career growth, from its label.
    expect(careers[2]!.topics).toEqual(['rewards', 'career-path']);
  });

  it('keeps both topics for the lead-in sentences of a shared section', () => {
    expect(byText('Despite these challenges, the rewards are significant:').topics).toEqual(['challenges', 'rewards']);
  });

  it('tags nested sections by their most specific heading', () => {
    expect(
      of('guide-becoming-immigration-officer', 'Challenges and Rewards', 'Rewards').every(
        (p) => p.topics[0] === 'rewards',
      ),
    ).toBe(true);
    expect(
      of('guide-becoming-immigration-officer', 'Challenges and Rewards', 'Challenges').every(
        (p) => p.topics.join() === 'challenges',
      ),
    ).toBe(true);
    expect(
      of('guide-becoming-immigration-officer', 'Training and Qualifications', 'Pre-Service Training').every(
        (p) => p.topics.join() === 'training',
      ),
    ).toBe(true);
    expect(byText('Security clearance is a crucial part of becoming an immigration officer.').topics).toEqual([
      'security-clearance',
    ]);
    expect(byText('push-ups and sit-ups').topics).toEqual(['fitness']);
    expect(byText('Immigration officers often have to make quick decisions.').topics).toEqual(['skills']);
  });

  it('tags known passages of each document', () => {
    const salary = passages.filter((p) => p.data?.kind === 'salary');
    expect(salary).toHaveLength(5);
    expect(salary.every((p) => p.topics.join() === 'salary')).toBe(true);

    const education = of('onet-33-3051.04', 'Worker Requirements', 'Education');
    expect(education.every((p) => p.topics[0] === 'education')).toBe(true);

    const statements = passages.filter((p) => p.data?.kind === 'level-statement');
    expect(statements).toHaveLength(40);
    expect(statements.every((p) => p.topics.includes('levels'))).toBe(true);
    expect(of('framework-33-3051.04', 'Scope')[0]!.topics).toEqual(['levels']);

    expect(of('onet-33-3051.04', 'Sample of reported job titles')[0]!.topics).toEqual(['job-titles']);
    expect(
      of('onet-33-3051.04', 'Occupational Requirements', 'Work Context').every(
        (p) => p.topics.join() === 'work-context',
      ),
    ).toBe(true);
    expect(
      of('onet-33-3051.04', 'Occupation-Specific Information', 'Tasks').every((p) => p.topics.join() === 'duties'),
    ).toBe(true);
    expect(
      of('guide-customs-immigration-careers', 'Understanding the Roles').every((p) => p.topics.join() === 'roles'),
    ).toBe(true);
    expect(
      of('guide-life-of-immigration-officer', 'How to Pursue a Career as a U.S. Immigration Officer').every(
        (p) => p.topics[0] === 'application',
      ),
    ).toBe(true);
    for (const id of DOC_IDS.filter((d) => d.startsWith('guide-'))) {
      expect(of(id, 'Conclusion').every((p) => p.topics.join() === 'description')).toBe(true);
    }
  });
});

describe('a broken manifest is rejected naming the manifest and the document', () => {
  it('a duplicate document id', () => {
    const dir = brokenCopy((m) =>
      m.documents.push({ ...m.documents[2]!, file: 'sources/guide-life-of-immigration-officer.txt' }),
    );
    expect(loadError(dir).message).toMatch(
      /manifest\.json: document id "guide-customs-immigration-careers" is listed twice/,
    );
  });

  it('a missing file', () => {
    const dir = brokenCopy((m) => (m.documents[3]!.file = 'sources/no-such-guide.txt'));
    const { message } = loadError(dir);
    expect(message).toMatch(/manifest\.json/);
    expect(message).toContain('"guide-becoming-immigration-officer"');
    expect(message).toContain('sources/no-such-guide.txt');
  });

  it('a file deleted after it was listed', () => {
    const dir = brokenCopy((_m, d) => rmSync(join(d, 'sources', 'guide-life-of-immigration-officer.txt')));
    expect(loadError(dir).message).toMatch(
      /manifest\.json: document "guide-life-of-immigration-officer" names sources\/guide-life-of-immigration-officer\.txt, which cannot be read/,
    );
  });

  it('a bad kind', () => {
    const dir = brokenCopy((m) => (m.documents[4]!.kind = 'blog-post'));
    const { message } = loadError(dir);
    expect(message.startsWith(join(dir, 'manifest.json'))).toBe(true);
    expect(message).toContain('document "guide-life-of-immigration-officer"');
    expect(message).toContain('field "documents.4.kind"');
    expect(message).toMatch(/onet-profile.*skills-framework.*article/);
  });

  it('a bad document id', () => {
    const dir = brokenCopy((m) => (m.documents[0]!.id = 'Not An Id'));
    const { message } = loadError(dir);
    expect(message).toContain('manifest.json');
    expect(message).toContain('document "Not An Id"');
    expect(message).toContain('field "documents.0.id"');
  });

  it('an entry with no id', () => {
    const dir = brokenCopy((m) => delete m.documents[1]!.id);
    const { message } = loadError(dir);
    expect(message).toContain('manifest.json');
    expect(message).toContain('document #2');
    expect(message).toContain('field "documents.1.id"');
  });

  it('a missing required field', () => {
    const dir = brokenCopy((m) => delete m.documents[2]!.title);
    const { message } = loadError(dir);
    expect(message).toContain('document "guide-customs-immigration-careers"');
    expect(message).toContain('field "documents.2.title"');
  });

  it('no documents at all', () => {
    const dir = brokenCopy((m) => (m.documents = []));
    expect(loadError(dir).message).toMatch(/manifest\.json: field "documents" /);
  });

  it('a manifest that is not JSON', () => {
    const dir = brokenCopy(() => {});
    writeFileSync(join(dir, 'manifest.json'), '{ "documents": [');
    expect(loadError(dir).message.startsWith(`${join(dir, 'manifest.json')}: `)).toBe(true);
  });

  it('a missing manifest', () => {
    const dir = brokenCopy(() => {});
    rmSync(join(dir, 'manifest.json'));
    expect(loadError(dir).message).toContain(join(dir, 'manifest.json'));
  });

  it('a malformed framework named by its file and field', () => {
    const dir = brokenCopy((_m, d) => {
      const file = join(d, 'sources', 'cbp-officers-skills-framework.json');
      const fw = JSON.parse(readFileSync(file, 'utf8')) as { framework: { levels: Record<string, unknown> } };
      delete fw.framework.levels.proficient;
      writeFileSync(file, JSON.stringify(fw));
    });
    expect(loadError(dir).message).toMatch(
      /^sources\/cbp-officers-skills-framework\.json: field "framework\.levels\.proficient" /,
    );
  });

  it('loads again once the manifest is fixed', () => {
    const dir = brokenCopy(() => {});
    const passagesOf = (ps: Passage[]) => ps.map((p) => p.id);
    expect(passagesOf(loadCorpus(dir).passages)).toEqual(passagesOf(passages));
  });
});
