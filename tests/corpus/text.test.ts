import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import {
  collapseSpaces,
  isForeignScript,
  looksLikeHeading,
  repairColonSpacing,
  repairHyphens,
  slug,
  splitLabel,
  splitSentences,
} from '../../src/corpus/text.js';

describe('repairHyphens', () => {
  it.each([
    ['pre – service', 'pre-service'],
    ['Pre – Service Training', 'Pre-Service Training'],
    ['x – ray machines', 'x-ray machines'],
    ['do push – ups and sit – ups', 'do push-ups and sit-ups'],
    ['stay up – to – date', 'stay up-to-date'],
    ['day – to – day duties', 'day-to-day duties'],
    ['Decision – Making Skills', 'Decision-Making Skills'],
    ['High – Stress Environment', 'High-Stress Environment'],
    ['conflict – resolution skills', 'conflict-resolution skills'],
  ])('%j → %j', (input, expected) => {
    expect(repairHyphens(input)).toBe(expected);
  });

  it('leaves text without the artefact unchanged', () => {
    for (const s of [
      'already-hyphenated words',
      'an em dash—kept as is',
      'numbers 2010 – 2020 are not words',
      '$70,000 - $90,000',
      'ends with a dash – ',
      ' – starts with a dash',
      'two spaces  –  around it',
      '',
    ]) {
      expect(repairHyphens(s)).toBe(s);
    }
  });

  it('works on non-ASCII letters', () => {
    expect(repairHyphens('café – bar')).toBe('café-bar');
  });
});

describe('repairColonSpacing', () => {
  it('restores the space after a "Name:Description" label', () => {
    expect(repairColonSpacing('Active Listening:Giving full attention')).toBe(
      'Active Listening: Giving full attention',
    );
  });
  it('only touches the first colon and leaves spaced colons alone', () => {
    expect(repairColonSpacing('Support:Needs are Supervision: Human Relations')).toBe(
      'Support: Needs are Supervision: Human Relations',
    );
    expect(repairColonSpacing('Label: already spaced')).toBe('Label: already spaced');
    expect(repairColonSpacing('no colon here')).toBe('no colon here');
  });
});

describe('collapseSpaces', () => {
  it('collapses runs of spaces, tabs and no-break spaces and trims', () => {
    expect(collapseSpaces('  a \t b\u00a0\u00a0c  ')).toBe('a b c');
  });
});

describe('slug', () => {
  it('lower-cases, replaces non-alphanumerics and trims dashes', () => {
    expect(slug('Worker Requirements Skills')).toBe('worker-requirements-skills');
    expect(slug('How to Pursue a Career as a U.S. Immigration Officer')).toBe(
      'how-to-pursue-a-career-as-a-u-s-immigration-offi',
    );
    expect(slug('!!!')).toBe('section');
  });
  it('is at most 48 characters', () => {
    expect(slug('a'.repeat(100))).toHaveLength(48);
  });
});

describe('looksLikeHeading', () => {
  it.each([
    'Educational Requirements',
    'High School Diploma or Equivalent',
    'Understanding the Roles:',
    'Skills and Qualifications:',
    'Pre-Service Training',
    'Decision-Making Skills',
    'Attention to Detail',
    'Staying Updated on Immigration Laws',
    'How to Pursue a Career as a U.S. Immigration Officer',
    'Conclusion',
    'Conclusion:',
    'Challenges and Rewards',
  ])('%j is a heading', (line) => {
    expect(looksLikeHeading(line)).toBe(true);
  });

  it.each([
    '',
    ':',
    'This is a sentence.',
    'Is this a question?',
    'Stop!',
    'Hello, World',
    'the lower case line here',
    'Immigration officers also work at land border crossings.',
    'Document Verification: The first task is to verify the passengers’ travel documents.',
    'Label: Text',
    '• Bullet Item',
    '- Dash Item',
    '1. Numbered Item',
    '2) Numbered Item',
    '24/7',
    '0',
    'CBP Officer$70,000 - $90,0005%Inspection, Investigation, Communication',
    'A B C D E F G H I J K L M',
    `Very ${'Long '.repeat(20)}Heading`,
    'Working in US Customs and Immigration comes with its set of challenges, including:',
  ])('%j is not a heading', (line) => {
    expect(looksLikeHeading(line)).toBe(false);
  });

  it('tolerates a minority of lower-case significant words', () => {
    // 4 of 5 significant words capitalised (80% ≥ 75%).
    expect(looksLikeHeading('Career Path Growth Opportunities abroad')).toBe(true);
    // 2 of 4 (50%) is not enough.
    expect(looksLikeHeading('Career path growth Opportunities')).toBe(false);
  });
});

describe('splitLabel', () => {
  it('splits "Label: text" items', () => {
    expect(splitLabel('Document Verification: The first task is to verify the passengers’ travel documents.')).toEqual({
      label: 'Document Verification',
      rest: 'The first task is to verify the passengers’ travel documents.',
    });
    expect(
      splitLabel('Customs and Border Protection (CBP) Officers: These officers are the first line of defense.'),
    ).toEqual({
      label: 'Customs and Border Protection (CBP) Officers',
      rest: 'These officers are the first line of defense.',
    });
    expect(splitLabel('Entry-Level Position: Many officers start in entry-level positions.')?.label).toBe(
      'Entry-Level Position',
    );
    expect(splitLabel('High-Stress Environment: Immigration officers work in a high-stress environment.')?.label).toBe(
      'High-Stress Environment',
    );
  });

  it('splits at the first colon only', () => {
    expect(splitLabel('Support: Needs are Supervision: Human Relations')).toEqual({
      label: 'Support',
      rest: 'Needs are Supervision: Human Relations',
    });
  });

  it('accepts Title Case labels with minor words and bracketed abbreviations', () => {
    for (const label of [
      'Immigration Enforcement Agents (IEAs)',
      'Knowledge of Immigration Laws',
      'Dealing with Difficult Situations',
      'Long Hours and Irregular Schedules',
      'Senior-Level',
      'Open the Crate',
    ]) {
      expect(splitLabel(`${label}: Some text.`)?.label).toBe(label);
    }
  });

  it('accepts abbreviations with dots in the label', () => {
    expect(splitLabel('U.S. Customs: Officers inspect cargo.')).toEqual({
      label: 'U.S. Customs',
      rest: 'Officers inspect cargo.',
    });
  });

  it('trims whitespace around the parts', () => {
    expect(splitLabel('Interviews:   Officers ask questions.  ')).toEqual({
      label: 'Interviews',
      rest: 'Officers ask questions.',
    });
  });

  it.each([
    ['a lower-case start', 'lower case: text'],
    ['a sentence before the colon', 'This is a sentence. With colon: here'],
    ['more than nine words in the label', 'One Two Three Four Five Six Seven Eight Nine Ten: text'],
    ['nothing after the colon', 'Heading:'],
    ['no colon', 'Just a plain sentence.'],
    ['a question before the colon', 'Why? Because: reasons'],
    ['the opening clause of a sentence', 'This is a test fixture, not a real article: it describes an imaginary job.'],
    ['a lead-in sentence', 'The core responsibilities include: checking documents.'],
    ['a mostly lower-case phrase', 'Short answer: yes.'],
  ])('rejects %s', (_why, line) => {
    expect(splitLabel(line)).toBeNull();
  });
});

describe('splitSentences', () => {
  it('splits on ., ! and ? before a capital, digit or the end', () => {
    expect(splitSentences('One. Two! Three? Four')).toEqual(['One.', 'Two!', 'Three?', 'Four']);
    expect(splitSentences('The pay is $70,000. 5% growth is expected.')).toEqual([
      'The pay is $70,000.',
      '5% growth is expected.',
    ]);
  });

  it('does not break after "U.S."', () => {
    expect(splitSentences('Visit the U.S. Customs office. Then go home.')).toEqual([
      'Visit the U.S. Customs office.',
      'Then go home.',
    ]);
    expect(splitSentences('Officers work in the U.S. and abroad. They travel.')).toEqual([
      'Officers work in the U.S. and abroad.',
      'They travel.',
    ]);
  });

  it('does not break after "e.g." or "i.e."', () => {
    expect(splitSentences('Bring documents, e.g. A passport or a visa. Then wait.')).toEqual([
      'Bring documents, e.g. A passport or a visa.',
      'Then wait.',
    ]);
    expect(splitSentences('Bring documents (e.g. a passport) to the port. Then wait.')).toEqual([
      'Bring documents (e.g. a passport) to the port.',
      'Then wait.',
    ]);
    expect(splitSentences('Use the form, i.e. The I-94. Done.')).toEqual(['Use the form, i.e. The I-94.', 'Done.']);
  });

  it('does not break after titles or initials', () => {
    expect(splitSentences('Contact Dr. Smith today. Done.')).toEqual(['Contact Dr. Smith today.', 'Done.']);
    expect(splitSentences('Ask J. Smith at the port. Done.')).toEqual(['Ask J. Smith at the port.', 'Done.']);
  });

  it('never drops text, even when an abbreviation is ambiguous', () => {
    const cases = [
      'He lives in the U.S. He works hard.',
      'A sentence ending in U.S.',
      'Wait... what? Yes.',
      'He said "Stop." Then he left.',
      'Immigration officers play a crucial role. They are responsible for making important decisions about who can enter and stay in the country.',
      'Inspect cargo entering or leaving U.S. for compliance with revenue laws and U.S. customs regulations.',
      'No punctuation at all',
    ];
    for (const text of cases) {
      const sentences = splitSentences(text);
      expect(sentences.join(' ')).toBe(text);
    }
  });

  it('keeps closing quotes with their sentence', () => {
    expect(splitSentences('He said "Stop." Then he left.')).toEqual(['He said "Stop."', 'Then he left.']);
  });

  it('returns nothing for empty or blank text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences('   ')).toEqual([]);
  });

  it('never drops text of any real passage (snippets are built from these sentences)', () => {
    for (const p of loadCorpus().passages) expect(splitSentences(p.text).join(' '), p.id).toBe(p.text);
  });

  it('keeps "the U.S. Customs and Border Protection (CBP)" inside its sentence', () => {
    const text =
      'Once you meet the educational requirements, the next step is to undergo pre-service training. This training is usually provided by the government agency responsible for immigration, such as the U.S. Customs and Border Protection (CBP) or the Immigration and Customs Enforcement (ICE) in the United States. The pre-service training is intensive and covers a wide range of topics.';
    expect(splitSentences(text)).toEqual([
      'Once you meet the educational requirements, the next step is to undergo pre-service training.',
      'This training is usually provided by the government agency responsible for immigration, such as the U.S. Customs and Border Protection (CBP) or the Immigration and Customs Enforcement (ICE) in the United States.',
      'The pre-service training is intensive and covers a wide range of topics.',
    ]);
  });

  it('splits a real passage into its sentences', () => {
    const text =
      'Security clearance is a crucial part of becoming an immigration officer. Since immigration officers have access to sensitive information, they must undergo a thorough background check. This includes checking your criminal record, financial history, and employment history.';
    expect(splitSentences(text)).toEqual([
      'Security clearance is a crucial part of becoming an immigration officer.',
      'Since immigration officers have access to sensitive information, they must undergo a thorough background check.',
      'This includes checking your criminal record, financial history, and employment history.',
    ]);
  });
});

describe('isForeignScript', () => {
  it('flags lines mostly in a non-Latin script', () => {
    expect(isForeignScript('كلّ مشكلةٍ تشبهُ الباب')).toBe(true);
    expect(isForeignScript('Привет мир')).toBe(true);
    expect(isForeignScript('中文字')).toBe(true);
    expect(isForeignScript('ab مرحبا بالعالم')).toBe(true);
  });

  it('does not flag Latin text, including accented letters', () => {
    expect(isForeignScript('Read more')).toBe(false);
    expect(isForeignScript('Café résumé naïve')).toBe(false);
    expect(isForeignScript('Customs and Border Protection Officers (US CBPO)')).toBe(false);
    expect(isForeignScript('Mostly English text with one word مرحبا')).toBe(false);
  });

  it('does not flag lines without letters', () => {
    expect(isForeignScript('')).toBe(false);
    expect(isForeignScript('123 456')).toBe(false);
    expect(isForeignScript('—')).toBe(false);
  });
});
