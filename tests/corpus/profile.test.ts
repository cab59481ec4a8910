import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR } from '../../src/corpus/load.js';
import { parseProfile } from '../../src/corpus/profile.js';
import type { Passage } from '../../src/corpus/types.js';

const ID = 'onet-33-3051.04';
const FILE = join(DEFAULT_DATA_DIR, 'sources', 'cbp-officers-onet-profile.txt');
const raw = readFileSync(FILE, 'utf8');
const { endMarkers } = JSON.parse(readFileSync(join(DEFAULT_DATA_DIR, 'chrome.json'), 'utf8')) as {
  endMarkers: string[];
};
const { title, passages } = parseProfile(ID, raw, endMarkers);

const key = (section: readonly string[]) => section.join(' / ');
const inSection = (...section: string[]) => passages.filter((p) => key(p.section) === key(section));
const texts = (ps: Passage[]) => ps.map((p) => p.text);
const labels = (ps: Passage[]) => ps.map((p) => p.label);
/** The bullets exactly as they stand in the file: "  • Name:Description". */
const rawBullets = raw.split('\n').flatMap((l) => (/^\s*• /.test(l) ? [l.replace(/^\s*• /, '')] : []));

/** Every labelled section of the profile: its path and its bullets' names, in published order. */
const LABELLED: Array<[string[], string[]]> = [
  [
    ['Occupational Requirements', 'Work Activities'],
    [
      'Getting Information',
      'Working with Computers',
      'Identifying Objects, Actions, and Events',
      'Communicating with Supervisors, Peers, or Subordinates',
      'Evaluating Information to Determine Compliance with Standards',
    ],
  ],
  [
    ['Worker Requirements', 'Skills'],
    ['Active Listening', 'Critical Thinking', 'Speaking', 'Reading Comprehension', 'Social Perceptiveness'],
  ],
  [
    ['Worker Requirements', 'Knowledge'],
    [
      'Law and Government',
      'Public Safety and Security',
      'English Language',
      'Customer and Personal Service',
      'Psychology',
    ],
  ],
  [
    ['Worker Characteristics', 'Abilities'],
    ['Inductive Reasoning', 'Near Vision', 'Oral Comprehension', 'Oral Expression', 'Problem Sensitivity'],
  ],
  [
    ['Worker Characteristics', 'Interests'],
    ['Conventional', 'Enterprising', 'Realistic'],
  ],
  [
    ['Worker Characteristics', 'Work Values'],
    ['Support', 'Working Conditions', 'Independence'],
  ],
  [
    ['Worker Characteristics', 'Work Styles'],
    ['Integrity', 'Self-Control', 'Dependability', 'Stress Tolerance', 'Adaptability/Flexibility'],
  ],
];

describe('parseProfile on the O*NET profile', () => {
  it('takes the first line as the title', () => {
    expect(title).toBe('Customs and Border Protection Officers');
  });

  it('gives the sections in published order, each under its O*NET group', () => {
    const sections: string[] = [];
    for (const p of passages) if (sections.at(-1) !== key(p.section)) sections.push(key(p.section));
    expect(sections).toEqual([
      'Description',
      'Sample of reported job titles',
      'Occupation-Specific Information / Tasks',
      'Occupation-Specific Information / Technology Skills',
      'Occupational Requirements / Work Activities',
      'Occupational Requirements / Detailed Work Activities',
      'Occupational Requirements / Work Context',
      'Worker Requirements / Skills',
      'Worker Requirements / Knowledge',
      'Worker Requirements / Education',
      'Worker Characteristics / Abilities',
      'Worker Characteristics / Interests',
      'Worker Characteristics / Work Values',
      'Worker Characteristics / Work Styles',
    ]);
    expect(passages).toHaveLength(58);
  });

  it('keeps the description as one passage', () => {
    expect(texts(inSection('Description'))).toEqual([
      'Investigate and inspect persons, common carriers, goods, and merchandise, arriving in or departing from the United States or between states to detect violations of immigration and customs laws and regulations.',
    ]);
  });

  it('keeps the sample of reported job titles', () => {
    const [p, ...rest] = inSection('Sample of reported job titles');
    expect(rest).toEqual([]);
    expect(p!.text).toBe(
      'Canine Enforcement Officer (K-9 Enforcement Officer), Customs Inspector, Customs Officer, Import Specialist, Inspector, Special Agent, US Customs and Border Protection Officer (US CBPO)',
    );
    // The "Sample of reported job titles:" line itself is a heading, not a passage.
    expect(passages.some((q) => /Sample of reported job titles/.test(q.text))).toBe(false);
  });

  it('gives one passage per task, in order, with no label', () => {
    const tasks = inSection('Occupation-Specific Information', 'Tasks');
    expect(texts(tasks)).toEqual([
      'Examine immigration applications, visas, and passports and interview persons to determine eligibility for admission, residence, and travel in the U.S.',
      'Detain persons found to be in violation of customs or immigration laws and arrange for legal action, such as deportation.',
      'Locate and seize contraband, undeclared merchandise, and vehicles, aircraft, or boats that contain such merchandise.',
      'Interpret and explain laws and regulations to travelers, prospective immigrants, shippers, and manufacturers.',
      'Inspect cargo, baggage, and personal articles entering or leaving U.S. for compliance with revenue laws and U.S. customs regulations.',
    ]);
    expect(labels(tasks)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('joins each technology skill with its examples', () => {
    const tech = inSection('Occupation-Specific Information', 'Technology Skills');
    expect(tech.map((p) => [p.label, p.text])).toEqual([
      [
        'Data base user interface and query software',
        'Data base user interface and query software: Automated Manifest System AMS, Law enforcement information databases, National Crime Information Center (NCIC) database, Treasury Enforcement Communications System TECS',
      ],
      ['Electronic mail software', 'Electronic mail software: Microsoft Outlook'],
      [
        'Enterprise resource planning ERP software',
        'Enterprise resource planning ERP software: SAP business and customer relations management software',
      ],
      ['Office suite software', 'Office suite software: Corel WordPerfect Office Suite, Microsoft Office'],
      ['Spreadsheet software', 'Spreadsheet software: Microsoft Excel'],
    ]);
    // The lone commas between examples never become passages or double commas.
    expect(tech.some((p) => /,\s*,|^,|,$/.test(p.text))).toBe(false);
  });

  it('gives one passage per detailed work activity', () => {
    expect(texts(inSection('Occupational Requirements', 'Detailed Work Activities'))).toEqual([
      'Calculate tax information.',
      'Collaborate with law enforcement or security agencies to share information.',
      'Confiscate prohibited or dangerous items.',
      'Detain suspects or witnesses.',
      'Examine personal documentation to ensure that it is valid.',
    ]);
  });

  it.each(LABELLED)('splits the %j bullets into label + text', (section, expected) => {
    const ps = inSection(...section);
    expect(labels(ps)).toEqual(expected);
    for (const p of ps) {
      expect(p.text.startsWith(`${p.label}: `)).toBe(true);
      // The space after the colon is restored; the rest is the file's wording exactly.
      const rest = p.text.slice(p.label!.length + 2);
      expect(rest).not.toMatch(/^\s/);
      expect(rawBullets).toContain(`${p.label}:${rest}`);
      expect(p.data).toBeUndefined();
    }
  });

  it('splits a "Name:Description" bullet at the first colon only', () => {
    const support = inSection('Worker Characteristics', 'Work Values')[0]!;
    expect(support.label).toBe('Support');
    expect(support.text).toBe(
      'Support: Occupations that satisfy this work value offer supportive management that stands behind employees. Corresponding needs are Company Policies, Supervision: Human Relations and Supervision: Technical.',
    );
    expect(inSection('Worker Requirements', 'Skills')[0]!.text).toBe(
      'Active Listening: Giving full attention to what other people are saying, taking time to understand the points being made, asking questions as appropriate, and not interrupting at inappropriate times.',
    );
  });

  it('keeps Work Context percentages as structured data', () => {
    const ctx = inSection('Occupational Requirements', 'Work Context');
    expect(ctx.map((p) => p.data)).toEqual([
      { kind: 'percent', percent: 100, category: 'Electronic Mail', response: 'Every day' },
      { kind: 'percent', percent: 86, category: 'Contact With Others', response: 'Constant contact with others' },
      { kind: 'percent', percent: 84, category: 'Telephone', response: 'Every day' },
      { kind: 'percent', percent: 84, category: 'Frequency of Decision Making', response: 'Every day' },
      { kind: 'percent', percent: 83, category: 'Face-to-Face Discussions', response: 'Every day' },
    ]);
    expect(labels(ctx)).toEqual([
      'Electronic Mail',
      'Contact With Others',
      'Telephone',
      'Frequency of Decision Making',
      'Face-to-Face Discussions',
    ]);
    expect(ctx[0]!.text).toBe('Electronic Mail: 100% responded "Every day"');
    expect(ctx[1]!.text).toBe('Contact With Others: 86% responded "Constant contact with others"');
    // Each figure comes from its own line of the file.
    for (const p of ctx) {
      if (p.data?.kind !== 'percent') throw new Error('expected percent data');
      expect(rawBullets).toContain(`${p.data.category}:${p.data.percent}% responded"${p.data.response}"`);
    }
  });

  it('keeps all five Education rows as structured data with the question as their lead', () => {
    const edu = inSection('Worker Requirements', 'Education');
    expect(edu.map((p) => p.data)).toEqual([
      { kind: 'percent', percent: 39, category: 'High School Diploma - or the equivalent (for example, GED)' },
      { kind: 'percent', percent: 27, category: "Bachelor's Degree" },
      { kind: 'percent', percent: 14, category: 'Some College Courses' },
      {
        kind: 'percent',
        percent: 10,
        category:
          'Post-Secondary Certificate - awarded for training completed after high school (for example, in agriculture or natural resources, computer services, personal or culinary services, engineering technologies, healthcare, construction trades, mechanic and repair technologies, or precision production)',
      },
      { kind: 'percent', percent: 7, category: "Associate's Degree (or other 2-year degree)" },
    ]);
    expect(texts(edu).slice(0, 3)).toEqual([
      '39%: High School Diploma - or the equivalent (for example, GED)',
      "27%: Bachelor's Degree",
      '14%: Some College Courses',
    ]);
    for (const p of edu) {
      expect(p.lead).toBe(
        'How much education does a new hire need to perform a job in this occupation? Respondents said:',
      );
      if (p.data?.kind !== 'percent') throw new Error('expected percent data');
      expect(p.label).toBe(p.data.category);
      expect(raw).toContain(`• ${p.data.percent}%\n    ${p.data.category}\n`);
    }
    // The percentages account for every respondent.
    expect(edu.reduce((sum, p) => sum + (p.data?.kind === 'percent' ? p.data.percent : 0), 0)).toBe(97);
  });

  it('gives no lead to sections without an introducing question', () => {
    expect(
      passages.filter((p) => p.lead !== undefined).every((p) => key(p.section) === 'Worker Requirements / Education'),
    ).toBe(true);
  });

  it('drops the trailing advertisement block', () => {
    for (const p of passages) {
      for (const field of [p.text, p.label ?? '', p.lead ?? '', ...p.section]) {
        expect(field).not.toMatch(
          /Salalem|Read more|Track\d|Zero to Hero|Get yourself a new skill|In this Path|Intellezy|Filtered AI/,
        );
        expect(field).not.toMatch(/\p{Script=Arabic}/u);
      }
    }
    expect(passages.at(-1)!.text).toBe(
      'Adaptability/Flexibility: Job requires being open to change (positive or negative) and to considerable variety in the workplace.',
    );
  });

  it('drops the advertisement block even without the chrome end marker', () => {
    const bare = parseProfile(ID, raw, []);
    expect(bare).toEqual({ title, passages });
  });

  it('gives every passage a stable, unique id and its position', () => {
    expect(new Set(passages.map((p) => p.id)).size).toBe(passages.length);
    expect(passages.map((p) => p.order)).toEqual(passages.map((_, i) => i));
    expect(passages.every((p) => p.sourceId === ID && p.topics.length === 0)).toBe(true);
    expect(inSection('Worker Requirements', 'Skills').map((p) => p.id)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `${ID}:worker-requirements-skills:${n}`),
    );
    expect(passages[0]!.id).toBe(`${ID}:description:1`);
    expect(parseProfile(ID, raw, endMarkers)).toEqual({ title, passages });
  });

  it('parses Windows line endings the same way', () => {
    expect(parseProfile(ID, raw.replace(/\n/g, '\r\n'), endMarkers)).toEqual({ title, passages });
  });
});

describe('parseProfile on small inline profiles', () => {
  const profile = [
    'Test Occupation',
    '',
    'A one-line description.',
    '',
    'Sample of reported job titles:',
    'Tester, Fixture Checker',
    '',
    'Occupation-Specific Information',
    '',
    'Tasks',
    '',
    '  • Check things.',
    '  • Check more things.',
    'Technology Skills',
    '  • Spreadsheet software:Microsoft Excel',
    '    ,',
    '    LibreOffice Calc',
    '',
    'Worker Requirements',
    '',
    'Skills',
    '  • Active Listening:Giving full attention.',
    'Some page chrome that is not a bullet',
    '  • Speaking:Talking to others.',
    'Education',
    'How much education? Respondents said:',
    '  • 60%',
    "    Bachelor's",
    '    Degree',
    '  • 40%',
    '    High School Diploma',
    'مرحبا بالعالم',
    'End Of Content',
    '  • Ad bullet:Never shown.',
  ].join('\n');
  const parsed = parseProfile('t', profile, ['end of content']);

  it('parses title, description, job titles, sections and bullets', () => {
    expect(parsed.title).toBe('Test Occupation');
    expect(parsed.passages.map((p) => [p.section.join(' / '), p.label ?? null, p.text])).toEqual([
      ['Description', null, 'A one-line description.'],
      ['Sample of reported job titles', null, 'Tester, Fixture Checker'],
      ['Occupation-Specific Information / Tasks', null, 'Check things.'],
      ['Occupation-Specific Information / Tasks', null, 'Check more things.'],
      // "Technology Skills" comes straight after a bullet and still starts a new section.
      [
        'Occupation-Specific Information / Technology Skills',
        'Spreadsheet software',
        'Spreadsheet software: Microsoft Excel, LibreOffice Calc',
      ],
      ['Worker Requirements / Skills', 'Active Listening', 'Active Listening: Giving full attention.'],
      ['Worker Requirements / Skills', 'Speaking', 'Speaking: Talking to others.'],
      ['Worker Requirements / Education', "Bachelor's Degree", "60%: Bachelor's Degree"],
      ['Worker Requirements / Education', 'High School Diploma', '40%: High School Diploma'],
    ]);
  });

  it('joins a category over several lines and keeps the lead', () => {
    const edu = parsed.passages.filter((p) => p.data?.kind === 'percent');
    expect(edu.map((p) => p.data)).toEqual([
      { kind: 'percent', percent: 60, category: "Bachelor's Degree" },
      { kind: 'percent', percent: 40, category: 'High School Diploma' },
    ]);
    expect(edu.every((p) => p.lead === 'How much education? Respondents said:')).toBe(true);
  });

  it('stops at an end marker (case-insensitive) and skips foreign-script lines', () => {
    expect(parsed.passages.some((p) => /Ad bullet|Never shown|مرحبا/.test(p.text))).toBe(false);
  });

  it('puts sections outside any group at the top level', () => {
    const { passages: ps } = parseProfile('t', 'Title\nTasks\n  • Do it.\n', []);
    expect(ps.map((p) => [p.section, p.text])).toEqual([[['Tasks'], 'Do it.']]);
  });

  it('returns no passages for an empty file', () => {
    expect(parseProfile('t', '', [])).toEqual({ title: '', passages: [] });
  });
});
