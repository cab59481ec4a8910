import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle, parseSalaryRow } from '../../src/corpus/article.js';
import { DEFAULT_DATA_DIR } from '../../src/corpus/load.js';
import type { Passage } from '../../src/corpus/types.js';

const { endMarkers } = JSON.parse(readFileSync(join(DEFAULT_DATA_DIR, 'chrome.json'), 'utf8')) as {
  endMarkers: string[];
};
const read = (id: string) => readFileSync(join(DEFAULT_DATA_DIR, 'sources', `${id}.txt`), 'utf8');

const CAREERS = 'guide-customs-immigration-careers';
const BECOMING = 'guide-becoming-immigration-officer';
const LIFE = 'guide-life-of-immigration-officer';
const ARTICLES = [CAREERS, BECOMING, LIFE] as const;
const raws = Object.fromEntries(ARTICLES.map((id) => [id, read(id)])) as Record<(typeof ARTICLES)[number], string>;
const parsed = Object.fromEntries(ARTICLES.map((id) => [id, parseArticle(id, raws[id], endMarkers)])) as Record<
  (typeof ARTICLES)[number],
  ReturnType<typeof parseArticle>
>;

const key = (section: readonly string[]) => section.join(' / ');
const inSection = (ps: Passage[], ...section: string[]) => ps.filter((p) => key(p.section) === key(section));
/** Section paths in the order they first appear. */
const sectionsOf = (ps: Passage[]) => [...new Set(ps.map((p) => key(p.section)))];
const find = (ps: Passage[], text: string) => {
  const p = ps.find((q) => q.text.includes(text));
  if (!p) throw new Error(`no passage contains ${JSON.stringify(text)}`);
  return p;
};
/** Matches `text` in the source, allowing each repaired hyphen to stand as the extractor's " – ". */
const verbatim = (text: string) =>
  new RegExp(text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/(?<=\p{L})-(?=\p{L})/gu, '(?:-| – )'), 'u');
const money = (n: number) => `$${n.toLocaleString('en-US')}`;

const CHROME = ['Popular Comments', 'No Comments Yet', 'Comments', '0'];
const SALARY_ROWS = [
  {
    position: 'CBP Officer',
    salaryMin: 70000,
    salaryMax: 90000,
    growthPct: 5,
    keySkills: ['Inspection', 'Investigation', 'Communication'],
  },
  {
    position: 'Immigration Enforcement Agent',
    salaryMin: 65000,
    salaryMax: 85000,
    growthPct: 4,
    keySkills: ['Law Enforcement', 'Investigation'],
  },
  {
    position: 'Customs Import Specialist',
    salaryMin: 60000,
    salaryMax: 80000,
    growthPct: 3,
    keySkills: ['Classification', 'Tariff Assessment'],
  },
  {
    position: 'Immigration Services Officer',
    salaryMin: 55000,
    salaryMax: 75000,
    growthPct: 4,
    keySkills: ['Application Processing', 'Interviews'],
  },
  {
    position: 'Border Patrol Agent',
    salaryMin: 60000,
    salaryMax: 80000,
    growthPct: 6,
    keySkills: ['Surveillance', 'Apprehension', 'Coordination'],
  },
];

describe('all three articles', () => {
  it.each(ARTICLES)('%s: every passage keeps the published wording', (id) => {
    const raw = raws[id];
    for (const p of parsed[id].passages) {
      if (p.data?.kind === 'salary') continue; // checked cell by cell below
      expect(raw, p.id).toMatch(verbatim(p.text));
      if (p.label) expect(raw, p.id).toMatch(verbatim(p.label));
      if (p.lead) expect(raw, p.id).toMatch(verbatim(p.lead));
      for (const heading of p.section) if (heading !== 'Introduction') expect(raw, p.id).toMatch(verbatim(heading));
    }
  });

  it.each(ARTICLES)('%s: no extraction artefact " – " survives', (id) => {
    for (const p of parsed[id].passages) {
      for (const field of [p.text, p.label ?? '', p.lead ?? '', ...p.section]) expect(field).not.toContain(' – ');
    }
  });

  it.each(ARTICLES)('%s: drops the comment widgets and page chrome', (id) => {
    const { passages } = parsed[id];
    for (const p of passages) {
      expect(CHROME).not.toContain(p.text);
      for (const heading of p.section) expect(CHROME).not.toContain(heading);
      expect(p.text).not.toMatch(/Popular Comments|No Comments Yet/);
    }
    expect(passages.at(-1)!.section).toEqual(['Conclusion']);
  });

  it.each(ARTICLES)('%s: list markers are stripped from items', (id) => {
    for (const p of parsed[id].passages) expect(p.text).not.toMatch(/^([•·*-]|\d{1,2}[.)])\s/);
  });

  it.each(ARTICLES)('%s: a heading is never a passage of its own', (id) => {
    const headings = new Set(parsed[id].passages.flatMap((p) => p.section));
    for (const p of parsed[id].passages) expect(headings.has(p.text)).toBe(false);
  });

  it.each(ARTICLES)('%s: ids are unique and stable, order follows the document', (id) => {
    const { passages } = parsed[id];
    expect(new Set(passages.map((p) => p.id)).size).toBe(passages.length);
    expect(passages.map((p) => p.order)).toEqual(passages.map((_, i) => i));
    expect(passages.every((p) => p.sourceId === id && p.id.startsWith(`${id}:`))).toBe(true);
    expect(parseArticle(id, raws[id], endMarkers)).toEqual(parsed[id]);
  });

  it.each(ARTICLES)('%s: Windows line endings parse the same way', (id) => {
    expect(parseArticle(id, raws[id].replace(/\n/g, '\r\n'), endMarkers)).toEqual(parsed[id]);
  });

  it.each(ARTICLES)('%s: a label is the text before the first colon of its item', (id) => {
    for (const p of parsed[id].passages) {
      if (p.label && p.data?.kind !== 'salary') expect(p.text.startsWith(`${p.label}: `)).toBe(true);
    }
  });
});

describe(`${CAREERS} ("Heading:" style)`, () => {
  const { title, passages } = parsed[CAREERS];

  it('detects the title', () => {
    expect(title).toBe(
      'US Customs and Immigration Jobs: A Comprehensive Guide to Careers in Border Security and Immigration Services',
    );
    expect(passages.some((p) => p.text === title)).toBe(false);
  });

  it('takes sections from "Heading:" lines, colon removed', () => {
    expect(sectionsOf(passages)).toEqual([
      'Introduction',
      'Understanding the Roles',
      'Skills and Qualifications',
      'Career Path and Advancement',
      'Training and Development',
      'Challenges and Rewards',
      'Data and Trends',
      'Conclusion',
    ]);
    expect(passages).toHaveLength(35);
  });

  it('keeps numbered roles in order with their step and label', () => {
    const roles = inSection(passages, 'Understanding the Roles').filter((p) => p.data?.kind === 'step');
    expect(roles.map((p) => p.data)).toEqual([1, 2, 3, 4, 5].map((step) => ({ kind: 'step', step })));
    expect(roles.map((p) => p.label)).toEqual([
      'Customs and Border Protection (CBP) Officers',
      'Immigration Enforcement Agents (IEAs)',
      'Customs Import Specialists',
      'Immigration Services Officers',
      'Border Patrol Agents',
    ]);
    expect(roles[0]!.text).toBe(
      'Customs and Border Protection (CBP) Officers: These officers are the first line of defense at US borders, tasked with ensuring that individuals and goods entering the country comply with US laws and regulations. They perform inspections, conduct investigations, and maintain a strong security presence at ports of entry.',
    );
    expect(
      roles.every(
        (p) =>
          p.lead ===
          'US Customs and Immigration jobs span a wide array of positions, each with distinct responsibilities. Here’s a closer look at some key roles:',
      ),
    ).toBe(true);
  });

  it('keeps bullet items with their label and lead', () => {
    const items = inSection(passages, 'Skills and Qualifications').filter((p) => p.label);
    expect(items.map((p) => p.label)).toEqual(['Education', 'Experience', 'Skills', 'Personal Attributes']);
    expect(
      items.every(
        (p) =>
          p.lead ===
          'To excel in these roles, candidates typically need a mix of education, experience, and personal attributes:',
      ),
    ).toBe(true);
  });

  it('gives challenges and rewards their own leads within the shared section', () => {
    const section = inSection(passages, 'Challenges and Rewards');
    expect(
      section
        .filter((p) => p.lead === 'Working in US Customs and Immigration comes with its set of challenges, including:')
        .map((p) => p.label),
    ).toEqual(['High Pressure', 'Complex Cases', 'Irregular Hours']);
    expect(section.filter((p) => p.lead === 'However, the rewards are substantial:').map((p) => p.label)).toEqual([
      'Impact',
      'Career Satisfaction',
      'Growth Opportunities',
    ]);
  });

  it('parses the salary table into exactly five rows', () => {
    const rows = passages.filter((p) => p.data?.kind === 'salary');
    expect(rows.map((p) => p.data)).toEqual(SALARY_ROWS.map((r) => ({ kind: 'salary', ...r })));
    for (const p of rows) {
      expect(p.section).toEqual(['Data and Trends']);
      expect(p.label).toBe(p.role);
      expect(p.lead).toBe('Here are some key statistics and trends related to US Customs and Immigration jobs:');
    }
    expect(rows[0]!.text).toBe(
      'CBP Officer — Average Salary: $70,000 - $90,000; Growth Rate: 5%; Key Skills: Inspection, Investigation, Communication',
    );
    expect(rows[4]!.text).toBe(
      'Border Patrol Agent — Average Salary: $60,000 - $80,000; Growth Rate: 6%; Key Skills: Surveillance, Apprehension, Coordination',
    );
  });

  it('takes every salary cell from its own row of the file', () => {
    const lines = raws[CAREERS].split('\n');
    for (const p of passages) {
      if (p.data?.kind !== 'salary') continue;
      const { position, salaryMin, salaryMax, growthPct, keySkills } = p.data;
      const row = lines.filter((l) => l.startsWith(`${position}$`));
      expect(row).toHaveLength(1);
      expect(row[0]).toBe(`${position}${money(salaryMin)} - ${money(salaryMax)}${growthPct}%${keySkills.join(', ')}`);
      for (const cell of [position, money(salaryMin), money(salaryMax), `${growthPct}%`, ...keySkills])
        expect(row[0]).toContain(cell);
    }
  });

  it('drops the glued table header', () => {
    expect(passages.some((p) => /PositionAverage|SalaryGrowth|RateKey/.test(p.text))).toBe(false);
  });
});

describe(`${BECOMING} (bare-line headings, nested sections, artefacts)`, () => {
  const { title, passages } = parsed[BECOMING];

  it('has no title: its first line is a sentence', () => {
    expect(title).toBeNull();
    expect(passages[0]!.section).toEqual(['Introduction']);
    expect(
      passages[0]!.text.startsWith('Becoming an immigration officer is a challenging and rewarding career choice.'),
    ).toBe(true);
  });

  it('takes sections from bare Title Case lines, in order', () => {
    expect(passages.map((p) => p.section.at(-1)).filter((s, i, all) => s !== all[i - 1])).toEqual([
      'Introduction',
      'High School Diploma or Equivalent',
      'College Degree',
      'Pre-Service Training',
      'Physical Fitness Requirements',
      'Security Clearance',
      'Airport and Port Duties',
      'Land Border Duties',
      'Interior Enforcement',
      'Communication Skills',
      'Attention to Detail',
      'Decision-Making Skills',
      'Staying Updated on Immigration Laws',
      'Advanced Training and Specializations',
      'Challenges',
      'Rewards',
      'Conclusion',
    ]);
    expect(passages).toHaveLength(31);
  });

  it('nests a heading directly followed by another heading as a parent', () => {
    const sections = sectionsOf(passages);
    for (const path of [
      ['Educational Requirements', 'High School Diploma or Equivalent'],
      ['Educational Requirements', 'College Degree'],
      ['Training and Qualifications', 'Pre-Service Training'],
      ['Skills Needed to Succeed', 'Communication Skills'],
      ['Skills Needed to Succeed', 'Attention to Detail'],
      ['Skills Needed to Succeed', 'Decision-Making Skills'],
      ['Continuing Education and Professional Development', 'Staying Updated on Immigration Laws'],
      ['Continuing Education and Professional Development', 'Advanced Training and Specializations'],
      ['Challenges and Rewards', 'Challenges'],
      ['Challenges and Rewards', 'Rewards'],
    ]) {
      expect(sections).toContain(key(path));
    }
    // A parent heading carries no text of its own.
    for (const parent of [
      'Educational Requirements',
      'Training and Qualifications',
      'Skills Needed to Succeed',
      'Challenges and Rewards',
    ]) {
      expect(sections).not.toContain(parent);
    }
  });

  it('puts Introduction and Conclusion at the top level', () => {
    expect(inSection(passages, 'Introduction')).toHaveLength(1);
    expect(inSection(passages, 'Conclusion')).toHaveLength(1);
    expect(passages.filter((p) => p.section.length === 1).map((p) => p.section[0])).toEqual([
      'Introduction',
      'Conclusion',
    ]);
  });

  it('splits challenges and rewards into their own sub-sections', () => {
    expect(inSection(passages, 'Challenges and Rewards', 'Challenges').map((p) => p.label)).toEqual([
      'High-Stress Environment',
      'Dealing with Difficult Situations',
      'Long Hours and Irregular Schedules',
    ]);
    expect(inSection(passages, 'Challenges and Rewards', 'Rewards').map((p) => p.label)).toEqual([
      'Contributing to National Security',
      'Helping People',
      'Career Growth Opportunities',
    ]);
  });

  it('keeps "Label: text" paragraphs as labelled items', () => {
    expect(
      inSection(passages, 'Training and Qualifications', 'Pre-Service Training').map((p) => p.label ?? null),
    ).toEqual([
      null,
      'Immigration Laws and Regulations',
      'Border Security and Enforcement',
      'Interviewing and Interrogation Techniques',
    ]);
    expect(passages.filter((p) => p.section.at(-1) === 'Airport and Port Duties').map((p) => p.label ?? null)).toEqual([
      null,
      'Document Verification',
      'Interviews',
      'Secondary Inspections',
    ]);
  });

  it('repairs the spaced en dashes the extractor left', () => {
    const preService = inSection(passages, 'Training and Qualifications', 'Pre-Service Training')[0]!;
    expect(preService.text).toBe(
      'Once you meet the educational requirements, the next step is to undergo pre-service training. This training is usually provided by the government agency responsible for immigration, such as the U.S. Customs and Border Protection (CBP) or the Immigration and Customs Enforcement (ICE) in the United States. The pre-service training is intensive and covers a wide range of topics.',
    );
    expect(find(passages, 'like x-ray machines to scan luggage for contraband.').label).toBe(
      'Border Security and Enforcement',
    );
    expect(
      find(passages, 'do a certain number of push-ups and sit-ups, and complete an obstacle course.').section.at(-1),
    ).toBe('Physical Fitness Requirements');
    expect(find(passages, 'participate in online forums to stay up-to-date.').section.at(-1)).toBe(
      'Staying Updated on Immigration Laws',
    );
    find(passages, 'the basic educational foundation for most entry-level jobs');
    find(passages, 'working on high-profile cases');
    find(passages, 'good conflict-resolution skills');
    find(passages, 'from performing day-to-day duties');
    expect(find(passages, 'Immigration officers work in a high-stress environment.').label).toBe(
      'High-Stress Environment',
    );
  });

  it('repairs artefacts in headings', () => {
    const headings = new Set(passages.flatMap((p) => p.section));
    expect(headings).toContain('Decision-Making Skills');
    expect(headings).toContain('Pre-Service Training');
    expect([...headings].some((h) => h.includes('–'))).toBe(false);
  });
});

describe(`${LIFE} (title, bare headings, dash bullets, leads)`, () => {
  const { title, passages } = parsed[LIFE];

  it('detects the title', () => {
    expect(title).toBe('The Life and Career of a U.S. Immigration Officer');
  });

  it('takes sections from bare lines, all at the top level', () => {
    expect(sectionsOf(passages)).toEqual([
      'Introduction',
      'Daily Responsibilities and Duties',
      'Skills and Qualifications',
      'Career Path and Opportunities',
      'Challenges and Rewards',
      'How to Pursue a Career as a U.S. Immigration Officer',
      'Conclusion',
    ]);
    expect(passages).toHaveLength(34);
  });

  it('keeps "- " bullets with the lead that introduces them', () => {
    const section = inSection(passages, 'Challenges and Rewards');
    expect(section.map((p) => [p.label ?? null, p.lead ?? null])).toEqual([
      [null, null],
      ['High-Stress Environment', 'The role of an immigration officer comes with its share of challenges:'],
      ['Dealing with Difficult Situations', 'The role of an immigration officer comes with its share of challenges:'],
      [
        'Balancing Security and Customer Service',
        'The role of an immigration officer comes with its share of challenges:',
      ],
      [null, null],
      ['Impactful Work', 'Despite these challenges, the rewards are significant:'],
      ['Job Stability', 'Despite these challenges, the rewards are significant:'],
      ['Personal Fulfillment', 'Despite these challenges, the rewards are significant:'],
    ]);
    expect(section[5]!.text).toBe(
      'Impactful Work: Officers play a key role in shaping immigration policies and ensuring the security of the nation.',
    );
  });

  it('keeps both closing paragraphs in the Conclusion', () => {
    expect(inSection(passages, 'Conclusion')).toHaveLength(2);
    expect(passages.at(-1)!.text).toBe(
      'In this dynamic and ever-evolving field, the role of a U.S. Immigration Officer remains crucial in maintaining the integrity of the immigration system and ensuring that the U.S. remains a safe and welcoming place for all.',
    );
  });

  it('keeps real hyphens and em dashes as published', () => {
    find(passages, 'might seem straightforward—checking documents');
    find(passages, 'more than just a job—it’s a pivotal role');
    expect(inSection(passages, 'Career Path and Opportunities').map((p) => p.label ?? null)).toEqual([
      null,
      'Entry-Level Position',
      'Specialization',
      'Promotion and Advancement',
      'Training and Development',
    ]);
  });
});

describe('parseArticle on small inline articles', () => {
  const parse = (lines: string[], markers: string[] = endMarkers) => parseArticle('t', lines.join('\n'), markers);
  const rows = (ps: Passage[]) => ps.map((p) => [key(p.section), p.text]);

  it('repairs artefacts in text and headings', () => {
    const { passages } = parse([
      'Intro paragraph that is a sentence.',
      'Pre – Service Training',
      'Do push – ups, use x – ray machines and stay up – to – date.',
      'Decision – Making Skills',
      'Decide quickly.',
    ]);
    expect(rows(passages)).toEqual([
      ['Introduction', 'Intro paragraph that is a sentence.'],
      ['Pre-Service Training', 'Do push-ups, use x-ray machines and stay up-to-date.'],
      ['Decision-Making Skills', 'Decide quickly.'],
    ]);
  });

  it('detects a title only when the first line is not a sentence and text follows', () => {
    expect(parse(['My Guide', 'Some text here.']).title).toBe('My Guide');
    expect(parse(['My Guide:', 'Some text here.']).title).toBe('My Guide');
    expect(parse(['This is a sentence.', 'More text here.']).title).toBeNull();
    expect(parse(['My Guide', 'First Heading', 'Text.']).title).toBeNull();
    expect(parse([`${'Long title '.repeat(20)}end`, 'Text.']).title).toBeNull();
    expect(parse([]).title).toBeNull();
  });

  it('detects the title when the first paragraph has a colon in it', () => {
    const { title, passages } = parse([
      'My Guide: A Subtitle',
      'Short answer: it is a sentence, not a label.',
      'Next Heading',
      'Text.',
    ]);
    expect(title).toBe('My Guide: A Subtitle');
    expect(passages.map((p) => [key(p.section), p.label ?? null, p.text])).toEqual([
      ['Introduction', null, 'Short answer: it is a sentence, not a label.'],
      ['Next Heading', null, 'Text.'],
    ]);
  });

  it('accepts "Heading:" and bare headings, and nests a heading followed by a heading', () => {
    const { passages } = parse([
      'Intro text.',
      'First Heading:',
      'Under the first.',
      'Parent Heading',
      'Child One',
      'Under child one.',
      'Child Two',
      'Under child two.',
      'Other Parent',
      'Other Child',
      'Under the other child.',
      'Conclusion',
      'The end.',
    ]);
    expect(rows(passages)).toEqual([
      ['Introduction', 'Intro text.'],
      ['First Heading', 'Under the first.'],
      ['Parent Heading / Child One', 'Under child one.'],
      ['Parent Heading / Child Two', 'Under child two.'],
      ['Other Parent / Other Child', 'Under the other child.'],
      ['Conclusion', 'The end.'],
    ]);
  });

  it('numbers items, labels them and keeps the lead until the next paragraph or heading', () => {
    const { passages } = parse([
      'An intro sentence.',
      'Steps to Apply',
      'Follow these steps:',
      '1. Create an account on the portal.',
      '2. Exam: Sit the written exam.',
      '3) Interview with a panel.',
      'A closing paragraph.',
      '• Loose item.',
      'Next Heading',
      '- Another item.',
      '* Starred item.',
    ]);
    expect(passages.map((p) => [p.text, p.label ?? null, p.lead ?? null, p.data ?? null])).toEqual([
      ['An intro sentence.', null, null, null],
      ['Follow these steps:', null, null, null],
      ['Create an account on the portal.', null, 'Follow these steps:', { kind: 'step', step: 1 }],
      ['Exam: Sit the written exam.', 'Exam', 'Follow these steps:', { kind: 'step', step: 2 }],
      ['Interview with a panel.', null, 'Follow these steps:', { kind: 'step', step: 3 }],
      ['A closing paragraph.', null, null, null],
      ['Loose item.', null, null, null],
      ['Another item.', null, null, null],
      ['Starred item.', null, null, null],
    ]);
    expect(passages.map((p) => p.section.join(' / '))).toEqual([
      'Introduction',
      'Steps to Apply',
      'Steps to Apply',
      'Steps to Apply',
      'Steps to Apply',
      'Steps to Apply',
      'Steps to Apply',
      'Next Heading',
      'Next Heading',
    ]);
  });

  it('parses a flattened salary table using its own column names', () => {
    const { passages } = parse([
      'Pay Data:',
      'The figures:',
      'RoleMean PayOutlookCore Skills',
      'Test Officer$41,000 - $52,0002.5%Sampling, Logging',
      'Chief Tester $1,000,000 – $2,000,000 10% Leadership',
      'Plain Role$10,000 - $20,0001%',
    ]);
    expect(passages.map((p) => [p.text, p.data ?? null])).toEqual([
      ['The figures:', null],
      [
        'Test Officer — Mean Pay: $41,000 - $52,000; Outlook: 2.5%; Core Skills: Sampling, Logging',
        {
          kind: 'salary',
          position: 'Test Officer',
          salaryMin: 41000,
          salaryMax: 52000,
          growthPct: 2.5,
          keySkills: ['Sampling', 'Logging'],
        },
      ],
      [
        'Chief Tester — Mean Pay: $1,000,000 - $2,000,000; Outlook: 10%; Core Skills: Leadership',
        {
          kind: 'salary',
          position: 'Chief Tester',
          salaryMin: 1000000,
          salaryMax: 2000000,
          growthPct: 10,
          keySkills: ['Leadership'],
        },
      ],
      [
        'Plain Role — Mean Pay: $10,000 - $20,000; Outlook: 1%; Core Skills: ',
        { kind: 'salary', position: 'Plain Role', salaryMin: 10000, salaryMax: 20000, growthPct: 1, keySkills: [] },
      ],
    ]);
    expect(passages.slice(1).every((p) => p.lead === 'The figures:' && p.role === p.label)).toBe(true);
  });

  it('stops at an end marker, case-insensitively and after trimming', () => {
    const { passages } = parse(
      ['Intro.', 'Heading', 'Kept text.', '   popular comments  ', 'Dropped text.'],
      ['Popular Comments'],
    );
    expect(rows(passages)).toEqual([
      ['Introduction', 'Intro.'],
      ['Heading', 'Kept text.'],
    ]);
  });

  it('takes a first line followed by text as the title, so that text is the Introduction', () => {
    const { title, passages } = parse(['Some Heading', 'Kept text.']);
    expect(title).toBe('Some Heading');
    expect(rows(passages)).toEqual([['Introduction', 'Kept text.']]);
  });

  it('relies on chrome.json end markers to drop the comment widgets', () => {
    const lines = [
      'Intro.',
      'Conclusion',
      'Kept text.',
      'Popular Comments',
      '    No Comments Yet',
      'Comments',
      '',
      '0',
    ];
    expect(parse(lines).passages.map((p) => p.text)).toEqual(['Intro.', 'Kept text.']);
    // Without the markers the widgets would read as headings and a paragraph.
    expect(parse(lines, []).passages.map((p) => p.text)).toEqual(['Intro.', 'Kept text.', '0']);
  });
});

describe('parseSalaryRow', () => {
  it('reads a row whose column separators were lost', () => {
    expect(parseSalaryRow('CBP Officer$70,000 - $90,0005%Inspection, Investigation, Communication')).toEqual({
      position: 'CBP Officer',
      salaryMin: 70000,
      salaryMax: 90000,
      growthPct: 5,
      keySkills: ['Inspection', 'Investigation', 'Communication'],
      salaryText: '$70,000 - $90,000',
    });
  });

  it('reads every row of the real table', () => {
    const lines = raws[CAREERS].split('\n').filter((l) => parseSalaryRow(l));
    expect(lines.map((l) => parseSalaryRow(l))).toEqual(
      SALARY_ROWS.map((r) => ({ ...r, salaryText: `${money(r.salaryMin)} - ${money(r.salaryMax)}` })),
    );
  });

  it('accepts spaces, en and em dashes between the cells', () => {
    expect(parseSalaryRow('Border Patrol Agent $60,000 – $80,000 6% Surveillance')).toMatchObject({
      position: 'Border Patrol Agent',
      salaryMin: 60000,
      salaryMax: 80000,
      growthPct: 6,
      keySkills: ['Surveillance'],
    });
    expect(parseSalaryRow('Agent$60,000—$80,0006%')).toMatchObject({
      salaryMin: 60000,
      salaryMax: 80000,
      growthPct: 6,
      keySkills: [],
    });
  });

  it.each([
    'CBP Officer',
    'PositionAverage SalaryGrowth RateKey Skills',
    'Officers earn $70,000 a year.',
    'Officers earn between $70,000 and $90,000, growing 5% a year.',
    '$70,000 - $90,000',
  ])('rejects %j', (line) => {
    expect(parseSalaryRow(line)).toBeNull();
  });
});
