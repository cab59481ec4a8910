import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorpusError, parseFramework } from '../../src/corpus/framework.js';
import { DEFAULT_DATA_DIR } from '../../src/corpus/load.js';
import { LEVELS, type Level } from '../../src/corpus/types.js';

const ID = 'framework-33-3051.04';
const FILE = 'sources/cbp-officers-skills-framework.json';
const raw = readFileSync(join(DEFAULT_DATA_DIR, FILE), 'utf8');

type FrameworkJson = {
  schemaVersion: unknown;
  occupation: Record<string, unknown>;
  framework: { contextCovered?: string; levels: Record<string, { label: string; statements: unknown }> };
  [k: string]: unknown;
};
const json = JSON.parse(raw) as FrameworkJson;
const statementsOf = (level: Level) => json.framework.levels[level]!.statements as string[];
const variant = (change: (f: FrameworkJson) => void): string => {
  const copy = structuredClone(json);
  change(copy);
  return JSON.stringify(copy);
};

const { occupation, passages } = parseFramework(ID, raw, FILE);
const statements = passages.filter((p) => p.data?.kind === 'level-statement');

describe('parseFramework on the CBP officers skills framework', () => {
  it('reads the occupation metadata', () => {
    expect(occupation).toEqual({
      soc: '33-3051.04',
      title: 'Customs and Border Protection Officers',
      group: 'Protective Service',
      sector: '92',
      jobZone: 3,
    });
  });

  it('gives the scope first, then the occupation record, then 40 level statements', () => {
    expect(passages).toHaveLength(42);
    expect(statements).toHaveLength(40);
    const [scope] = passages;
    expect(scope).toMatchObject({ id: `${ID}:scope:1`, section: ['Scope'], order: 0, sourceId: ID });
    expect(scope!.text).toBe(
      'This framework covers U.S. Customs and Border Protection Officers performing traveler and cargo inspection, immigration admissibility determinations, contraband seizure, legal documentation, interagency enforcement cooperation, and workforce leadership at land, air, and sea ports of entry.',
    );
    expect(scope!.level).toBeUndefined();
    expect(scope!.data).toBeUndefined();
    expect(passages[1]).toMatchObject({ id: `${ID}:scope:2`, section: ['Scope'], label: 'Classification' });
    expect(passages[1]!.text).toBe(
      'SOC code 33-3051.04; occupation group: Protective Service; sector: 92; job zone: 3',
    );
  });

  it.each(LEVELS)('gives 10 %s statements in published order', (level) => {
    const mine = statements.filter((p) => p.level === level);
    expect(mine.map((p) => p.text)).toEqual(statementsOf(level));
    expect(mine).toHaveLength(10);
    mine.forEach((p, i) => {
      expect(p.id).toBe(`${ID}:${level}:${i + 1}`);
      expect(p.section).toEqual([json.framework.levels[level]!.label]);
      if (p.data?.kind !== 'level-statement') throw new Error('expected level-statement data');
      expect(p.data.level).toBe(level);
      expect(p.data.index).toBe(i + 1);
    });
  });

  it('keeps the levels in order: emerging, developing, proficient, advanced', () => {
    expect(statements.map((p) => p.level)).toEqual(LEVELS.flatMap((l) => Array<Level>(10).fill(l)));
    expect(passages.map((p) => p.order)).toEqual(passages.map((_, i) => i));
    expect(statements.map((p) => p.section[0])).toEqual(
      ['Emerging', 'Developing', 'Proficient', 'Advanced'].flatMap((l) => Array<string>(10).fill(l)),
    );
  });

  it('splits every statement into topic and expectation on " — "', () => {
    for (const p of statements) {
      const parts = p.text.split(' — ');
      expect(parts).toHaveLength(2);
      if (p.data?.kind !== 'level-statement') throw new Error('expected level-statement data');
      expect(p.data.topic).toBe(parts[0]);
      expect(p.data.expectation).toBe(parts[1]);
      expect(p.label).toBe(p.data.topic);
    }
  });

  it('does not split on hyphens inside a topic', () => {
    const first = statements.find((p) => p.id === `${ID}:advanced:1`)!;
    expect(first.data).toEqual({
      kind: 'level-statement',
      level: 'advanced',
      topic: 'Port-of-entry inspection strategy',
      expectation:
        'design and implement risk-based inspection frameworks that set enforcement priorities across all traveler and cargo streams for an assigned facility.',
      index: 1,
    });
    expect(statements.find((p) => p.id === `${ID}:proficient:10`)!.label).toBe('Mentorship of entry-level officers');
    expect(statements.find((p) => p.id === `${ID}:emerging:1`)!.label).toBe(
      'Immigration applications and travel documents',
    );
  });

  it('gives ids that depend only on the level and position', () => {
    expect(new Set(passages.map((p) => p.id)).size).toBe(passages.length);
    expect(parseFramework(ID, raw, FILE)).toEqual({ occupation, passages });
    const reworded = parseFramework(
      ID,
      variant((f) => {
        f.framework.levels.developing!.statements = statementsOf('developing').map((s) => `${s} (reworded)`);
        f.framework.levels.developing!.label = 'Developing (renamed)';
      }),
      FILE,
    );
    expect(reworded.passages.map((p) => p.id)).toEqual(passages.map((p) => p.id));
  });
});

describe('parseFramework on variants', () => {
  it('takes a statement without a separator as both topic and expectation', () => {
    const { passages: ps } = parseFramework(
      'fw',
      variant((f) => (f.framework.levels.emerging!.statements = ['Just follow the rules.'])),
      'x.json',
    );
    expect(ps.find((p) => p.level === 'emerging')!.data).toEqual({
      kind: 'level-statement',
      level: 'emerging',
      topic: 'Just follow the rules.',
      expectation: 'Just follow the rules.',
      index: 1,
    });
  });

  it('accepts an en dash as the separator', () => {
    const { passages: ps } = parseFramework(
      'fw',
      variant((f) => (f.framework.levels.emerging!.statements = ['Cargo – inspect it.'])),
      'x.json',
    );
    expect(ps.find((p) => p.level === 'emerging')!.data).toMatchObject({ topic: 'Cargo', expectation: 'inspect it.' });
  });

  it('has no scope text without contextCovered, and the occupation record names only the fields present', () => {
    const { occupation: occ, passages: ps } = parseFramework(
      'fw',
      variant((f) => {
        delete f.framework.contextCovered;
        f.occupation = { soc: '11-1111.00', title: 'Someone' };
      }),
      'x.json',
    );
    expect(ps.filter((p) => p.section[0] === 'Scope').map((p) => p.text)).toEqual(['SOC code 11-1111.00']);
    expect(ps).toHaveLength(41);
    expect(occ).toEqual({ soc: '11-1111.00', title: 'Someone' });
  });

  it('accepts any 1.x schema version', () => {
    expect(() =>
      parseFramework(
        'fw',
        variant((f) => (f.schemaVersion = '1.7')),
        'x.json',
      ),
    ).not.toThrow();
  });
});

describe('parseFramework rejects malformed frameworks naming the file and the field', () => {
  const FILE_RE = 'sources/bad-framework\\.json';
  const rejects = (text: string, message: RegExp) => {
    let error: unknown;
    try {
      parseFramework('fw', text, 'sources/bad-framework.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as Error).message).toMatch(message);
  };

  it('a missing level', () => {
    rejects(
      variant((f) => delete f.framework.levels.advanced),
      new RegExp(`^${FILE_RE}: field "framework\\.levels\\.advanced" .*expected object, received undefined`),
    );
  });

  it('statements that are not an array', () => {
    rejects(
      variant((f) => (f.framework.levels.emerging!.statements = 'review documents')),
      new RegExp(`^${FILE_RE}: field "framework\\.levels\\.emerging\\.statements" .*expected array, received string`),
    );
  });

  it('an empty statements array', () => {
    rejects(
      variant((f) => (f.framework.levels.proficient!.statements = [])),
      new RegExp(`^${FILE_RE}: field "framework\\.levels\\.proficient\\.statements" `),
    );
  });

  it('an empty statement', () => {
    rejects(
      variant((f) => (f.framework.levels.developing!.statements = ['fine — ok', ''])),
      new RegExp(`^${FILE_RE}: field "framework\\.levels\\.developing\\.statements\\.1" `),
    );
  });

  it('a bad schemaVersion', () => {
    rejects(
      variant((f) => (f.schemaVersion = '2.0')),
      new RegExp(`^${FILE_RE}: field "schemaVersion" expected a 1\\.x schema version$`),
    );
    rejects(
      variant((f) => (f.schemaVersion = 1)),
      new RegExp(`^${FILE_RE}: field "schemaVersion" .*expected string, received number`),
    );
    rejects(
      variant((f) => delete f.schemaVersion),
      new RegExp(`^${FILE_RE}: field "schemaVersion" `),
    );
  });

  it('a missing occupation SOC code', () => {
    rejects(
      variant((f) => delete f.occupation.soc),
      new RegExp(`^${FILE_RE}: field "occupation\\.soc" `),
    );
  });

  it('invalid JSON', () => {
    rejects('{"schemaVersion": "1.0",', new RegExp(`^${FILE_RE}: not valid JSON \\(.+\\)$`));
    rejects('', new RegExp(`^${FILE_RE}: not valid JSON`));
  });

  it('a document that is not an object', () => {
    rejects('null', new RegExp(`^${FILE_RE}: field "\\(root\\)" `));
    rejects('[]', new RegExp(`^${FILE_RE}: field "\\(root\\)" `));
  });
});
