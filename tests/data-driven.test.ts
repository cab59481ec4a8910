/**
 * Adding an occupation is data only: the fixture data dir (tests/fixtures/occupation/, a clearly
 * fake occupation) loads into a knowledge base with the same code as data/, and answers a
 * question that only it can answer, citing its own document and section.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { askJson } from '../src/answers/json.js';
import { sectionTitle } from '../src/corpus/types.js';
import { loadKnowledgeBase } from '../src/knowledge.js';

const FIXTURE_DIR = fileURLToPath(new URL('./fixtures/occupation/', import.meta.url));
const fixture = loadKnowledgeBase(FIXTURE_DIR);
const real = loadKnowledgeBase();

describe('a knowledge base built from the fixture data dir', () => {
  it('holds only the fixture documents and occupation', () => {
    expect(fixture.corpus.sources.map((s) => s.id)).toEqual([
      'fixture-onet-99-9999.99',
      'fixture-framework-99-9999.99',
      'fixture-guide-seed-inspection',
    ]);
    expect(fixture.corpus.occupations.map((o) => o.soc)).toEqual(['99-9999.99']);
  });

  it('answers a question only the fixture covers, citing the fixture article section', () => {
    const q = 'How long is the bench course at the Fixtureville Seed Academy?';
    const answer = askJson(fixture, q);
    expect(answer.answered).toBe(true);
    const [top] = answer.results;
    expect(top!.citation.source).toBe('fixture-guide-seed-inspection');
    expect(top!.citation.section).toBe(sectionTitle(['Training and Certification', 'Fixtureville Seed Academy']));
    expect(top!.citation.title).toMatch(/FIXTURE-ONLY/);
    expect(top!.text).toContain('two-week bench course');
    // The shipped documents know nothing about it.
    expect(askJson(real, q).answered).toBe(false);
  });

  it('answers a pay question from the fixture salary table', () => {
    const answer = askJson(fixture, 'How much does a fixture inspection technician earn?');
    expect(answer.answered).toBe(true);
    expect(answer.topic).toBe('salary');
    expect(answer.results[0]!.citation).toMatchObject({
      source: 'fixture-guide-seed-inspection',
      section: 'Data and Trends',
    });
    expect(answer.results[0]!.text).toContain('$41,000 - $52,000');
  });
});
