import { describe, expect, it } from 'vitest';
import {
  FAQ_LIMITS,
  faqExportSchema,
  StoreConflictError,
  StoreLimitError,
  StoreNotFoundError,
  StoreValidationError,
  type FaqExport,
  type Store,
} from '../../src/store/index.js';
import { useStores } from './fixtures/tmp.js';

const { open, clock } = useStores();
const ann = { id: 'u-ann', name: 'Ann' };
const bob = { id: 'u-bob', name: 'Bob' };

/** n entries in one transaction (an import), so the 500-entry tests stay fast. */
function fill(store: Store, guildId: string, n: number): void {
  const entries = Array.from({ length: n }, (_, i) => ({
    question: `Question ${i}`,
    answer: `Answer ${i}`,
    link: null,
    author: 'Ann',
    updatedAt: '2025-01-01T00:00:00.000Z',
  }));
  store.faq.importEntries(guildId, { version: 1, guildId, exportedAt: '2025-01-01T00:00:00.000Z', entries }, ann);
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('nothing was thrown');
}

describe('FAQ entries', () => {
  it('add, get, edit, remove', () => {
    const store = open();
    const added = store.faq.add(
      'g1',
      {
        question: '  How long is   the academy? ',
        answer: 'About 19 weeks.\n\nSee the link.',
        link: 'https://www.cbp.gov/careers',
      },
      ann,
    );
    expect(added).toMatchObject({
      guildId: 'g1',
      question: 'How long is the academy?',
      answer: 'About 19 weeks.\n\nSee the link.',
      link: 'https://www.cbp.gov/careers',
      authorId: 'u-ann',
      authorName: 'Ann',
      createdAt: clock.now,
      updatedAt: clock.now,
      updatedBy: 'u-ann',
    });
    expect(store.faq.get('g1', added.id)).toEqual(added);
    expect(store.faq.get('g1', Number('not-a-number'))).toBeNull();
    expect(store.faq.get('g1', 1.5)).toBeNull();

    clock.now += 1000;
    const edited = store.faq.edit('g1', added.id, { answer: 'About 20 weeks.', link: null }, bob.id);
    expect(edited).toMatchObject({
      question: added.question,
      answer: 'About 20 weeks.',
      link: null,
      updatedBy: 'u-bob',
      authorId: 'u-ann',
    });
    expect(edited.updatedAt).toBe(added.updatedAt + 1000);
    expect(edited.createdAt).toBe(added.createdAt);

    expect(store.faq.remove('g1', added.id)).toEqual(edited);
    expect(store.faq.remove('g1', added.id)).toBeNull();
    expect(store.faq.get('g1', added.id)).toBeNull();
    expect(thrown(() => store.faq.edit('g1', added.id, { answer: 'x' }, bob.id))).toBeInstanceOf(StoreNotFoundError);
  });

  it('enforces field limits with user-facing messages and the field name', () => {
    const store = open();
    const cases: [Parameters<Store['faq']['add']>[1], string, RegExp][] = [
      [{ question: 'q'.repeat(FAQ_LIMITS.question + 1), answer: 'a' }, 'question', /at most 200 characters/],
      [{ question: 'q', answer: 'a'.repeat(FAQ_LIMITS.answer + 1) }, 'answer', /at most 1500 characters/],
      [{ question: '   ', answer: 'a' }, 'question', /cannot be empty/],
      [{ question: 'q', answer: 'a', link: 'ftp://example.com/x' }, 'link', /http:\/\/ or https:\/\//],
      [{ question: 'q', answer: 'a', link: 'javascript:alert(1)' }, 'link', /http:\/\/ or https:\/\//],
      [{ question: 'q', answer: 'a', link: 'not a url' }, 'link', /http:\/\/ or https:\/\//],
    ];
    for (const [input, field, message] of cases) {
      const err = thrown(() => store.faq.add('g1', input, ann));
      expect(err).toBeInstanceOf(StoreValidationError);
      expect((err as StoreValidationError).field).toBe(field);
      expect((err as StoreValidationError).userMessage).toMatch(message);
    }
    // Control characters (NUL, escape, bell) are dropped; line breaks and tabs in answers stay.
    const cleaned = store.faq.add(
      'g1',
      { question: 'Ctrl\u0000 \u001b[31mchars\u0007?', answer: 'Line\u0000 one\r\n\tLine two\u0008' },
      ann,
    );
    expect(cleaned.question).toBe('Ctrl [31mchars?');
    expect(cleaned.answer).toBe('Line one\n\tLine two');
    store.faq.remove('g1', cleaned.id);
    // Exactly at the limits is fine; a blank link means none.
    const ok = store.faq.add('g1', { question: 'q'.repeat(200), answer: 'a'.repeat(1500), link: ' ' }, ann);
    expect(ok.link).toBeNull();
    expect(store.faq.count('g1')).toBe(1);
  });

  it('refuses a second entry with the same question, ignoring case and spacing', () => {
    const store = open();
    const first = store.faq.add('g1', { question: 'What is the salary?', answer: 'a' }, ann);
    const err = thrown(() => store.faq.add('g1', { question: 'what is  the SALARY?', answer: 'b' }, bob));
    expect(err).toBeInstanceOf(StoreConflictError);
    expect((err as StoreConflictError).userMessage).toContain(`#${first.id}`);
    const other = store.faq.add('g1', { question: 'Other?', answer: 'c' }, ann);
    expect(thrown(() => store.faq.edit('g1', other.id, { question: 'WHAT IS THE SALARY?' }, bob.id))).toBeInstanceOf(
      StoreConflictError,
    );
    // Re-casing your own question is not a conflict.
    expect(store.faq.edit('g1', first.id, { question: 'What is the Salary?' }, bob.id).question).toBe(
      'What is the Salary?',
    );
  });

  it('the same question with other punctuation is the same question (add, edit, import); different words are not', () => {
    const store = open();
    const park = store.faq.add('g1', { question: 'Where do I park?', answer: 'Lot C.' }, ann);
    expect(thrown(() => store.faq.add('g1', { question: 'where do i park', answer: 'b' }, bob))).toBeInstanceOf(
      StoreConflictError,
    );
    expect(thrown(() => store.faq.add('g1', { question: '¿Where — do I park?!', answer: 'b' }, bob))).toBeInstanceOf(
      StoreConflictError,
    );
    const other = store.faq.add('g1', { question: 'Where do I parkour?', answer: 'Nowhere.' }, ann);
    expect(thrown(() => store.faq.edit('g1', other.id, { question: 'Where do I park!' }, bob.id))).toBeInstanceOf(
      StoreConflictError,
    );
    // Vowel signs make different words: these two Hindi questions are not the same.
    store.faq.add('g1', { question: 'पार्किंग कहाँ है?', answer: 'a' }, ann);
    expect(store.faq.add('g1', { question: 'पार्किंग कहीं है?', answer: 'b' }, ann).id).toBeGreaterThan(0);
    // An import matching by words updates the entry instead of adding a second one.
    const file = {
      version: 1,
      guildId: 'x',
      exportedAt: '2025-01-01T00:00:00.000Z',
      entries: [
        {
          question: 'Where do I park',
          answer: 'Lot D now.',
          link: null,
          author: 'Ann',
          updatedAt: '2025-01-01T00:00:00.000Z',
        },
      ],
    };
    expect(store.faq.importEntries('g1', file, ann)).toEqual({ added: 0, updated: 1, unchanged: 0 });
    expect(store.faq.get('g1', park.id)?.answer).toBe('Lot D now.');
    const dupes = { ...file, entries: [file.entries[0]!, { ...file.entries[0]!, question: 'Where do I park?!' }] };
    expect((thrown(() => store.faq.importEntries('g1', dupes, ann)) as StoreValidationError).userMessage).toMatch(
      /Entries 1 and 2 have the same question/,
    );
  });

  it(`allows at most ${FAQ_LIMITS.entriesPerGuild} entries per guild`, () => {
    const store = open();
    fill(store, 'g1', FAQ_LIMITS.entriesPerGuild);
    const err = thrown(() => store.faq.add('g1', { question: 'One too many', answer: 'a' }, ann));
    expect(err).toBeInstanceOf(StoreLimitError);
    expect((err as StoreLimitError).limit).toBe(500);
    expect((err as StoreLimitError).userMessage).toMatch(/500 FAQ entries/);
    expect(store.faq.count('g1')).toBe(500);
    // Another guild has its own allowance.
    expect(store.faq.add('g2', { question: 'One too many', answer: 'a' }, ann).guildId).toBe('g2');
  });

  it('keeps guilds apart', () => {
    const store = open();
    const mine = store.faq.add('g1', { question: 'Shared question?', answer: 'g1 answer' }, ann);
    store.faq.add('g2', { question: 'Shared question?', answer: 'g2 answer' }, bob);
    expect(store.faq.get('g2', mine.id)).toBeNull();
    expect(store.faq.remove('g2', mine.id)).toBeNull();
    expect(thrown(() => store.faq.edit('g2', mine.id, { answer: 'hijack' }, bob.id))).toBeInstanceOf(
      StoreNotFoundError,
    );
    expect(store.faq.list('g1').map((e) => e.answer)).toEqual(['g1 answer']);
    expect(store.faq.list('g2').map((e) => e.answer)).toEqual(['g2 answer']);
  });

  it('lists alphabetically and finds by prefix first, then by words', () => {
    const store = open();
    for (const q of [
      'Salary for officers?',
      'What salary do agents earn?',
      'Is there a salary cap?',
      'Academy length?',
      'Overtime pay rules',
    ]) {
      store.faq.add('g1', { question: q, answer: 'a' }, ann);
    }
    expect(store.faq.list('g1').map((e) => e.question)).toEqual([
      'Academy length?',
      'Is there a salary cap?',
      'Overtime pay rules',
      'Salary for officers?',
      'What salary do agents earn?',
    ]);
    expect(store.faq.find('g1', 'sal').map((e) => e.question)).toEqual([
      'Salary for officers?',
      'Is there a salary cap?',
      'What salary do agents earn?',
    ]);
    expect(store.faq.find('g1', 'agents SAL').map((e) => e.question)).toEqual(['What salary do agents earn?']);
    expect(store.faq.find('g1', 'pay over').map((e) => e.question)).toEqual(['Overtime pay rules']);
    expect(store.faq.find('g1', 'nothing like it')).toEqual([]);
    expect(store.faq.find('g1', '', 2)).toHaveLength(2);
    expect(store.faq.find('g2', 'sal')).toEqual([]);
  });

  it('version changes on every change, not on reads, and never repeats after a purge', () => {
    const store = open();
    expect(store.faq.version('g1')).toBe(0);
    const seen = new Set<number>([0]);
    const step = (fn: () => unknown): void => {
      fn();
      const v = store.faq.version('g1');
      expect(seen.has(v)).toBe(false);
      seen.add(v);
    };
    let id = 0;
    step(() => (id = store.faq.add('g1', { question: 'A?', answer: 'a' }, ann).id));
    const before = store.faq.version('g1');
    store.faq.list('g1');
    store.faq.find('g1', 'a');
    store.faq.add('g2', { question: 'Elsewhere?', answer: 'a' }, ann);
    expect(store.faq.version('g1')).toBe(before);
    step(() => store.faq.edit('g1', id, { answer: 'b' }, bob.id));
    step(() => store.faq.remove('g1', id));
    step(() => store.faq.add('g1', { question: 'B?', answer: 'b' }, ann));
    store.purgeGuild('g1');
    expect(store.faq.version('g1')).toBe(0);
    step(() => store.faq.add('g1', { question: 'C?', answer: 'c' }, ann));
    step(() => store.faq.add('g1', { question: 'D?', answer: 'd' }, ann));
  });
});

describe('FAQ export and import', () => {
  it('round-trips into another guild, then updates by identical question', () => {
    const store = open();
    store.faq.add('g1', { question: 'Academy length?', answer: '19 weeks', link: 'https://example.com/academy' }, ann);
    store.faq.add('g1', { question: 'Do I need a degree?', answer: 'Not always.' }, bob);
    const exported = store.faq.exportEntries('g1');
    const json = JSON.parse(JSON.stringify(exported)) as unknown;
    expect(faqExportSchema.safeParse(json).success).toBe(true);
    expect(exported).toMatchObject({ version: 1, guildId: 'g1', exportedAt: new Date(clock.now).toISOString() });

    expect(store.faq.importEntries('g2', json, { id: 'u-cara', name: 'Cara' })).toEqual({
      added: 2,
      updated: 0,
      unchanged: 0,
    });
    const strip = (s: Store, g: string) =>
      s.faq.list(g).map(({ question, answer, link, authorName }) => ({ question, answer, link, authorName }));
    expect(strip(store, 'g2')).toEqual(strip(store, 'g1'));
    expect(store.faq.list('g2').every((e) => e.updatedBy === 'u-cara')).toBe(true);

    // Same file again: nothing to do. Then one changed answer, matched case-insensitively.
    expect(store.faq.importEntries('g2', json, ann)).toEqual({ added: 0, updated: 0, unchanged: 2 });
    const changed: FaqExport = {
      ...exported,
      entries: [
        { ...exported.entries[0]!, question: 'ACADEMY LENGTH?', answer: '20 weeks' },
        { question: 'New one?', answer: 'Yes', link: null, author: 'Dee', updatedAt: exported.exportedAt },
      ],
    };
    const v = store.faq.version('g2');
    expect(store.faq.importEntries('g2', changed, ann)).toEqual({ added: 1, updated: 1, unchanged: 0 });
    expect(store.faq.version('g2')).not.toBe(v);
    expect(store.faq.find('g2', 'academy')[0]).toMatchObject({
      question: 'ACADEMY LENGTH?',
      answer: '20 weeks',
      authorName: 'Ann',
    });
    expect(store.faq.count('g2')).toBe(3);
  });

  it('an invalid file changes nothing and says which entry is wrong', () => {
    const store = open();
    store.faq.add('g1', { question: 'Existing?', answer: 'old' }, ann);
    const version = store.faq.version('g1');
    const good = (q: string) => ({
      question: q,
      answer: 'a',
      link: null,
      author: 'X',
      updatedAt: '2025-01-01T00:00:00.000Z',
    });
    const file = {
      version: 1,
      guildId: 'elsewhere',
      exportedAt: '2025-01-01T00:00:00.000Z',
      entries: [{ ...good('Existing?'), answer: 'new' }, good('Fresh?'), { ...good('Bad link?'), link: 'ftp://nope' }],
    };
    const err = thrown(() => store.faq.importEntries('g1', file, ann));
    expect(err).toBeInstanceOf(StoreValidationError);
    expect((err as StoreValidationError).userMessage).toMatch(/^Entry 3: The link must/);
    expect((err as StoreValidationError).field).toBe('entries.2.link');

    const invalid: unknown[] = [
      null,
      'text',
      { ...file, version: 2 },
      { ...file, entries: [good('Same?'), good('SAME?')] },
      { ...file, entries: [{ ...good('Long?'), answer: 'a'.repeat(1501) }] },
      { ...file, entries: 'nope' },
    ];
    for (const data of invalid)
      expect(thrown(() => store.faq.importEntries('g1', data, ann))).toBeInstanceOf(StoreValidationError);
    // Messages a recruiter can act on, never zod's "Invalid input: expected …".
    const messages: [unknown, RegExp][] = [
      [[good('An array?')], /^The file is not a Checkpoint FAQ export\. Make one with \/faq export\.$/],
      [{ ...file, entries: undefined }, /not a Checkpoint FAQ export: entries is missing or of the wrong kind/],
      [
        { ...file, entries: [good('Fine?'), { ...good('No author?'), author: undefined }] },
        /^Entry 2: the author field is missing or not text\.$/,
      ],
      [{ ...file, entries: [good('Fine?'), 42] }, /^Entry 2: it is not an entry/],
    ];
    for (const [data, message] of messages) {
      const e = thrown(() => store.faq.importEntries('g1', data, ann)) as StoreValidationError;
      expect(e).toBeInstanceOf(StoreValidationError);
      expect(e.userMessage).toMatch(message);
      expect(e.userMessage).not.toMatch(/Invalid input/);
    }
    expect(store.faq.list('g1').map((e) => [e.question, e.answer])).toEqual([['Existing?', 'old']]);
    expect(store.faq.version('g1')).toBe(version);
  });

  it('an import that would pass 500 entries writes nothing', () => {
    const store = open();
    fill(store, 'g1', 499);
    const file: FaqExport = {
      version: 1,
      guildId: 'x',
      exportedAt: '2025-01-01T00:00:00.000Z',
      entries: [
        { question: 'Question 0', answer: 'updated', link: null, author: 'X', updatedAt: '2025-01-01T00:00:00.000Z' },
        { question: 'Brand new 1', answer: 'a', link: null, author: 'X', updatedAt: '2025-01-01T00:00:00.000Z' },
        { question: 'Brand new 2', answer: 'a', link: null, author: 'X', updatedAt: '2025-01-01T00:00:00.000Z' },
      ],
    };
    expect(thrown(() => store.faq.importEntries('g1', file, ann))).toBeInstanceOf(StoreLimitError);
    expect(store.faq.count('g1')).toBe(499);
    expect(store.faq.find('g1', 'Question 0 ')[0]?.answer).toBe('Answer 0');
    // One new entry still fits.
    expect(store.faq.importEntries('g1', { ...file, entries: file.entries.slice(0, 2) }, ann)).toEqual({
      added: 1,
      updated: 1,
      unchanged: 0,
    });
  });
});
