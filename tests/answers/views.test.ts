import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR } from '../../src/corpus/load.js';
import { LEVELS, sectionTitle } from '../../src/corpus/types.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../../src/knowledge.js';
import { MAX_SUGGESTIONS, type Reply } from '../../src/answers/reply.js';
import {
  askView,
  attributionFor,
  DECLINE_QUESTIONS,
  EMPTY_QUESTION,
  challengesView,
  dutiesView,
  educationView,
  findTrainingStep,
  levelView,
  matchRole,
  rewardsView,
  rolesView,
  salaryPositions,
  salaryView,
  skillsView,
  SKILL_KINDS,
  sourcesView,
  suggestedQuestions,
  trainingSteps,
  trainingView,
} from '../../src/answers/views.js';

const kb = loadKnowledgeBase();
const sourceOfKind = (kind: string) => kb.corpus.sources.find((s) => s.kind === kind)!;
const ONET = sourceOfKind('onet-profile');
const FRAMEWORK = sourceOfKind('skills-framework');

/**
 * Every cited item is quoted from the cited document section: each piece of its text between
 * ellipses occurs in a passage of that source and section. Citation numbers are 1..n, all used.
 */
const expectQuotedAndCited = (reply: Reply, k: KnowledgeBase = kb) => {
  const numbers = reply.citations.map((c) => c.n);
  expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  for (const item of reply.items) {
    expect(item.cite, `item without citation: ${item.text}`).toBeDefined();
    const c = reply.citations.find((x) => x.n === item.cite);
    expect(c, `citation [${item.cite}] missing`).toBeDefined();
    const passages = k.corpus.passages.filter(
      (p) => p.sourceId === c!.sourceId && sectionTitle(p.section) === c!.section,
    );
    expect(passages.length, `no passage in ${c!.sourceId} › ${c!.section}`).toBeGreaterThan(0);
    for (const piece of item.text
      .split('…')
      .map((s) => s.trim())
      .filter(Boolean)) {
      expect(
        passages.some((p) => p.text.includes(piece)),
        `not quoted from ${c!.sourceId} › ${c!.section}: ${piece}`,
      ).toBe(true);
    }
    for (const [a, b] of item.marks ?? []) expect(0 <= a && a < b && b <= item.text.length).toBe(true);
  }
  expect(new Set(reply.items.map((i) => i.cite))).toEqual(new Set(numbers));
};

describe('askView', () => {
  it('answers with cited, marked snippets', () => {
    const r = askView(kb, 'how much does a border patrol agent make');
    expect(r.outcome).toBe('answered');
    expect(r.items[0]!.text).toContain('Border Patrol Agent');
    expect(r.items[0]!.text).toMatch(/\$60,000/);
    expect(r.items[0]!.marks?.length).toBeGreaterThan(0);
    expect(r.answer?.answered).toBe(true);
    expectQuotedAndCited(r);
  });

  it('declines what the sources do not cover, with a plain intro and suggestions', () => {
    const r = askView(kb, 'what is the retirement age');
    expect(r.outcome).toBe('declined');
    expect(r.intro).toMatch(/don't cover/);
    expect(r.items).toEqual([]);
    expect(r.suggestions?.length).toBeGreaterThan(0);
  });

  it('offers a few suggested questions the documents answer as buttons under a decline', () => {
    const r = askView(kb, 'best pizza topping in naples');
    const buttons = r.buttons ?? [];
    expect(buttons.length).toBeGreaterThan(0);
    expect(buttons.length).toBeLessThanOrEqual(DECLINE_QUESTIONS);
    for (const b of buttons) {
      expect(b.kind).toBe('choice');
      if (b.kind !== 'choice') continue;
      expect(b.command).toBe('ask');
      expect(b.label).toBe(b.args.question);
      expect(askView(kb, b.args.question!).outcome).toBe('answered');
    }
  });

  it('asks for a question when given nothing', () => {
    for (const q of ['', '   ', '\u200b\u200f', '\n\t']) {
      const r = askView(kb, q);
      expect(r.outcome).toBe('declined');
      expect(r.intro).toMatch(/^Ask me a question/);
      expect(r.suggestions?.length).toBeGreaterThan(0);
    }
  });

  it('credits O*NET under its licence when an answer cites it, and not when it does not', () => {
    const cited = askView(kb, 'what tasks does a CBP officer do');
    expect(cited.outcome).toBe('answered');
    expect(cited.citations.some((c) => c.sourceId === ONET.id)).toBe(true);
    expect(cited.attribution).toContain(ONET.attribution);
    expect(cited.attribution).toContain('CC BY 4.0');

    const uncited = askView(kb, 'what skills does the job need');
    expect(uncited.outcome).toBe('answered');
    expect(uncited.citations.length).toBeGreaterThan(0);
    expect(uncited.citations.some((c) => c.sourceId === ONET.id)).toBe(false);
    expect(uncited.attribution ?? '').not.toContain('O*NET');
  });

  it('never throws on odd input and keeps the title short and clean', () => {
    const inputs = [
      'x'.repeat(10_000),
      'salary\u0000\u0007\u001b[31m red',
      '\u200b\u200c\u200d\u2066salary\u2069\u202e',
      '💰💰 how much 💵 do they make? 🛂',
      '**salary** _training_ `code` [link](http://x)',
      'the of and a to is',
      "'; DROP TABLE users; --",
      '<script>alert(1)</script> salary',
    ];
    for (const q of inputs) {
      const r = askView(kb, q);
      expect(['answered', 'declined']).toContain(r.outcome);
      expect(r.title.length).toBeLessThanOrEqual(80);
      expect(r.title).not.toMatch(/[\u0000-\u001f\u200b\u202e]/);
      if (r.outcome === 'answered') expectQuotedAndCited(r);
    }
  });
});

describe('salaryView', () => {
  it('shows the whole table: every row, one citation', () => {
    const r = salaryView(kb);
    const rows = kb.corpus.passages.filter((p) => p.data?.kind === 'salary');
    expect(rows.length).toBe(5);
    expect(r.items).toHaveLength(5);
    expect(r.items.map((i) => i.heading)).toEqual(salaryPositions(kb));
    for (const row of rows) expect(r.items.some((i) => i.text === row.text)).toBe(true);
    expect(r.citations).toHaveLength(1);
    expectQuotedAndCited(r);
  });

  it('shows one role, however it is typed', () => {
    for (const typed of ['Border Patrol Agent', 'border patrol agents', 'border patrol', 'BORDER PATROL AGENT']) {
      const r = salaryView(kb, typed);
      expect(r.outcome).toBe('answered');
      expect(r.items).toHaveLength(1);
      expect(r.items[0]!.text).toMatch(/^Border Patrol Agent — .*\$60,000 - \$80,000/);
      expectQuotedAndCited(r);
    }
    expect(salaryView(kb, 'CBP officers').items[0]!.text).toMatch(/^CBP Officer/);
  });

  it('says clearly when a role is unknown, listing the known ones', () => {
    const r = salaryView(kb, 'astronaut');
    expect(r.outcome).toBe('declined');
    expect(r.intro).toContain('astronaut');
    expect(r.suggestions).toEqual(salaryPositions(kb));
    expect(r.items).toEqual([]);
    expect(r.buttons?.map((b) => b.label)).toEqual(salaryPositions(kb).slice(0, 5));
  });

  it('asks which role when the name is ambiguous', () => {
    const r = salaryView(kb, 'officer');
    expect(r.outcome).toBe('declined');
    expect(r.intro).toMatch(/more than one role/);
    expect(r.suggestions).toEqual(expect.arrayContaining(['CBP Officer', 'Immigration Services Officer']));
  });
});

describe('educationView', () => {
  const r = educationView(kb);

  it('shows the O*NET percentages as rows and the articles’ claims, each with its own citation', () => {
    expectQuotedAndCited(r);
    const onetCites = new Set(r.citations.filter((c) => c.sourceId === ONET.id).map((c) => c.n));
    const percentRows = r.items.filter((i) => onetCites.has(i.cite!));
    expect(percentRows.map((i) => i.text)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^39%: High School Diploma/),
        expect.stringMatching(/^27%: Bachelor's Degree/),
      ]),
    );
    const articleClaims = r.items.filter((i) => !onetCites.has(i.cite!));
    expect(articleClaims.some((i) => /bachelor’s degree/i.test(i.text))).toBe(true);
    const articleSources = new Set(r.citations.filter((c) => !onetCites.has(c.n)).map((c) => c.sourceId));
    expect(articleSources.size).toBeGreaterThanOrEqual(2);
    expect([...articleSources].every((s) => s !== ONET.id)).toBe(true);
    expect(r.intro).toMatch(/differ/);
    expect(r.attribution).toContain('USDOL/ETA');
  });

  it('keeps ongoing training out of the education requirements', () => {
    expect(r.items.some((i) => /^(Ongoing|Continuous) Education/.test(i.text))).toBe(false);
  });
});

describe('dutiesView', () => {
  it('shows O*NET tasks and activities and the articles’ daily duties', () => {
    const r = dutiesView(kb);
    expectQuotedAndCited(r);
    const sources = new Set(r.citations.map((c) => c.sourceId));
    expect(sources.has(ONET.id)).toBe(true);
    expect(sources.size).toBeGreaterThanOrEqual(3);
    expect(r.citations.some((c) => /Tasks/.test(c.section))).toBe(true);
    expect(r.citations.some((c) => /Detailed Work Activities/.test(c.section))).toBe(true);
    expect(r.citations.some((c) => /Daily Responsibilities/.test(c.section))).toBe(true);
    expect(r.items.some((i) => i.text.startsWith('Examine immigration applications'))).toBe(true);
  });

  it('puts a role’s description first', () => {
    const r = dutiesView(kb, 'border patrol agent');
    expect(r.title).toContain('Border Patrol Agent');
    expect(r.items[0]!.heading).toBe('Border Patrol Agent');
    expect(r.items[0]!.text).toMatch(/^Border Patrol Agents: Assigned to protect the borders/);
    expect(r.items.length).toBeGreaterThan(5);
    expectQuotedAndCited(r);
  });

  it('handles an unknown role with a helpful message', () => {
    const r = dutiesView(kb, 'zookeeper');
    expect(r.outcome).toBe('declined');
    expect(r.intro).toMatch(/I don't know the role “zookeeper”/);
    expect(r.suggestions).toContain('CBP Officer');
    expect(r.buttons?.some((b) => b.kind === 'choice' && b.command === 'duties' && b.args.role === 'CBP Officer')).toBe(
      true,
    );
  });
});

describe('trainingView', () => {
  const steps = trainingSteps(kb);

  it('lists the steps in order, from pre-service training to continuing education', () => {
    const titles = steps.map((s) => s.title);
    const at = (re: RegExp) => titles.findIndex((t) => re.test(t));
    expect(at(/pre-service/i)).toBe(0);
    expect(at(/physical fitness/i)).toBeGreaterThan(at(/pre-service/i));
    expect(at(/security clearance/i)).toBeGreaterThan(at(/physical fitness/i));
    expect(at(/training and development/i)).toBeGreaterThan(at(/security clearance/i));
    expect(at(/continuing education/i)).toBeGreaterThan(at(/training and development/i));
    expect(steps[0]!.parts.map((p) => p.name)).toEqual([
      'Immigration Laws and Regulations',
      'Border Security and Enforcement',
      'Interviewing and Interrogation Techniques',
    ]);
    const basic = steps.find((s) => /training and development/i.test(s.title))!;
    expect(basic.parts.map((p) => p.name)).toEqual(['Basic Training', 'Specialized Training', 'Continuous Education']);
  });

  it('shows every step, cited, in that order', () => {
    const r = trainingView(kb);
    expectQuotedAndCited(r);
    const headings = r.items.map((i) => i.heading).filter((h) => h?.startsWith('Step '));
    expect(headings).toHaveLength(steps.length);
    expect(headings[0]).toMatch(/^Step 1\. Pre-Service Training/);
  });

  it('selects one step by number or by name, or a part of one', () => {
    expect(trainingView(kb, '2').title).toMatch(/Physical Fitness/);
    expect(trainingView(kb, 'step 3').title).toMatch(/Security Clearance/);
    expect(trainingView(kb, 'security clearance').title).toMatch(/Security Clearance/);
    const basic = trainingView(kb, 'basic training');
    expect(basic.title).toMatch(/Basic Training/);
    expect(basic.items.some((i) => i.text.startsWith('Basic Training:'))).toBe(true);
    expect(basic.items.some((i) => i.text.startsWith('Specialized Training:'))).toBe(false);
    expectQuotedAndCited(basic);
    expect(findTrainingStep(kb, 'continuing education')?.step.title).toMatch(/Continuing Education/);
  });

  it('explains an unknown step', () => {
    for (const s of ['99', 'underwater basket weaving']) {
      const r = trainingView(kb, s);
      expect(r.outcome).toBe('declined');
      expect(r.intro).toMatch(/can't find the step/);
      expect(r.suggestions?.[0]).toBe('1. Pre-Service Training');
    }
  });
});

describe('levelView', () => {
  it.each(LEVELS)('shows the 10 %s statements from the framework', (level) => {
    const r = levelView(kb, level);
    expect(r.items).toHaveLength(10);
    expect(r.citations).toHaveLength(1);
    expect(r.citations[0]!.sourceId).toBe(FRAMEWORK.id);
    expect(r.attribution).toMatch(/CC BY 4\.0/);
    expectQuotedAndCited(r);
  });

  it('filters by a topic word and marks it', () => {
    const r = levelView(kb, 'emerging', 'interviews');
    expect(r.items.length).toBeGreaterThan(0);
    expect(r.items.length).toBeLessThan(10);
    for (const i of r.items) expect(i.text.toLowerCase()).toContain('interview');
    expect(r.items[0]!.marks?.length).toBeGreaterThan(0);
  });

  it('shows all statements when the topic matches none, and rejects an unknown level', () => {
    const r = levelView(kb, 'advanced', 'zebra');
    expect(r.intro).toContain('zebra');
    expect(r.items).toHaveLength(10);
    const bad = levelView(kb, 'expert');
    expect(bad.outcome).toBe('declined');
    expect(bad.intro).toMatch(/emerging, developing, proficient, advanced/);
  });
});

describe('skillsView', () => {
  it.each(SKILL_KINDS)('shows the O*NET %s list', (kind) => {
    const r = skillsView(kb, kind);
    expect(r.outcome).toBe('answered');
    expect(r.items.length).toBeGreaterThanOrEqual(3);
    expect(r.citations.every((c) => c.sourceId === ONET.id)).toBe(true);
    expect(r.attribution).toContain('CC BY 4.0');
    expectQuotedAndCited(r);
  });

  it('keeps technology skills out of skills', () => {
    expect(skillsView(kb, 'skills').items.some((i) => /software/i.test(i.text))).toBe(false);
    expect(skillsView(kb, 'technology').items.every((i) => /software/i.test(i.text))).toBe(true);
    expect(skillsView(kb, 'Work-Styles').title).toBe('Work styles');
    expect(skillsView(kb, 'juggling').outcome).toBe('declined');
  });
});

describe('roles, challenges, rewards, sources', () => {
  it('describes each role', () => {
    const r = rolesView(kb);
    expect(r.items.map((i) => i.heading)).toEqual(expect.arrayContaining(['CBP Officer', 'Border Patrol Agent']));
    expectQuotedAndCited(r);
  });

  it('lists challenges and rewards separately', () => {
    const c = challengesView(kb);
    const w = rewardsView(kb);
    expectQuotedAndCited(c);
    expectQuotedAndCited(w);
    expect(c.items.some((i) => /^High Pressure/.test(i.text))).toBe(true);
    expect(c.items.some((i) => /^Impact:/.test(i.text))).toBe(false);
    expect(w.items.some((i) => /^Impact:/.test(i.text))).toBe(true);
  });

  it('lists every document with publisher, licence, URL and attribution', () => {
    const r = sourcesView(kb);
    expect(r.items).toHaveLength(kb.corpus.sources.length);
    for (const s of kb.corpus.sources) {
      const item = r.items.find((i) => i.heading === s.title)!;
      expect(item.text).toContain(s.publisher);
      expect(item.text).toContain(s.licence);
      if (s.url) expect(item.text).toContain(s.url);
    }
    expect(r.attribution).toContain('USDOL/ETA');
  });

  it('gives attribution only for licences that require it', () => {
    const onetCitation = { n: 1, sourceId: ONET.id, title: '', section: '', publisher: '', url: null, licence: '' };
    expect(attributionFor(kb, [onetCitation])).toBe(ONET.attribution);
    const article = kb.corpus.sources.find((s) => s.kind === 'article')!;
    expect(attributionFor(kb, [{ ...onetCitation, sourceId: article.id }])).toBeUndefined();
    expect(
      attributionFor(kb, [{ ...onetCitation, sourceId: 'faq', serverWritten: { author: 'x', updatedAt: '' } }]),
    ).toBeUndefined();
  });
});

describe('roles typed as free text', () => {
  it('matches names, variants and unique parts', () => {
    const name = (s: string) => {
      const m = matchRole(kb, s);
      return m.ok ? m.role.name : null;
    };
    expect(name('CBP Officer')).toBe('CBP Officer');
    expect(name('customs and border protection officers')).toBe('CBP Officer');
    expect(name('import specialist')).toBe('Customs Import Specialist');
    expect(name('IEA')).toBe('Immigration Enforcement Agent');
    expect(name('')).toBeNull();
    expect(name('officer')).toBeNull();
  });
});

describe('suggested questions', () => {
  it('are well-formed questions the answer layer answers', () => {
    const qs = suggestedQuestions(kb);
    expect(qs.length).toBeGreaterThan(10);
    expect(qs).toContain('How much does a Border Patrol Agent make?');
    expect(qs).toContain('What training do new officers get?');
    for (const q of qs) expect(q.length).toBeLessThanOrEqual(100);
  });
});

describe('data-driven: documents under other ids still work', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkpoint-views-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds every section by topics and data, not by document id', () => {
    cpSync(DEFAULT_DATA_DIR, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      documents: { id: string; shortTitle: string }[];
    };
    for (const d of manifest.documents) {
      d.id = `renamed-${d.id}`;
      d.shortTitle = `Renamed ${d.shortTitle}`;
    }
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const other = loadKnowledgeBase(dir);
    expect(salaryView(other).items).toHaveLength(5);
    expect(levelView(other, 'proficient').items).toHaveLength(10);
    expect(skillsView(other, 'knowledge').items.length).toBeGreaterThan(0);
    expect(trainingSteps(other).map((s) => s.title)).toEqual(trainingSteps(kb).map((s) => s.title));
    const edu = educationView(other);
    expect(edu.citations.every((c) => c.sourceId.startsWith('renamed-'))).toBe(true);
    expectQuotedAndCited(edu, other);
    expectQuotedAndCited(dutiesView(other, 'cbp officer'), other);
  });
});

describe('small talk in /ask and the console', () => {
  it('answers a greeting or "help" with a hint on what to ask, not "my sources don’t cover that"', () => {
    for (const q of ['hello', 'hi there!', 'help', '?']) {
      const r = askView(kb, q);
      expect(r.title, q).toBe('Hi! Ask me a question');
      expect(r.intro, q).toBe(EMPTY_QUESTION);
      expect(r.suggestions!.length, q).toBeGreaterThan(0);
      expect(r.suggestions!.length, q).toBeLessThanOrEqual(MAX_SUGGESTIONS);
    }
  });
  it('says "you’re welcome" to thanks', () => {
    expect(askView(kb, 'thanks!')).toMatchObject({ title: "You're welcome", outcome: 'info', items: [] });
  });
  it('answers the question after a greeting', () => {
    const r = askView(kb, 'hi, how much do border patrol agents make');
    expect(r.outcome).toBe('answered');
    expect(r.title).toBe('How much do border patrol agents make');
  });
});
