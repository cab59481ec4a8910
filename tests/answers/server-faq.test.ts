import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge.js';
import { askQuestion } from '../../src/answers/answer.js';
import { createFaqSearch, FAQ_SOURCE_ID, type FaqLike } from '../../src/answers/server-faq.js';

const kb = loadKnowledgeBase();
const entry = (id: number, question: string, answer: string): FaqLike => ({
  id,
  question,
  answer,
  link: null,
  authorName: 'Recruiter Riley',
  updatedAt: Date.UTC(2026, 10, 1),
});

describe('server FAQ beside the documents', () => {
  it('answers from the server FAQ, cited as server-written, only in that server', () => {
    const faq = createFaqSearch(kb);
    const entries = [
      entry(1, 'When is the recruiting meetup?', 'Our recruiting meetup is every Thursday at 7pm in the lobby.'),
    ];
    const extra = faq.forGuild('111', 1, () => entries);
    const a = askQuestion(kb, 'when is the recruiting meetup', { extra });
    expect(a.answered).toBe(true);
    const c = a.citations.find((x) => x.n === a.items[0]!.cite)!;
    expect(c.sourceId).toBe(FAQ_SOURCE_ID);
    expect(c.serverWritten?.author).toBe('Recruiter Riley');
    const other = askQuestion(kb, 'when is the recruiting meetup', { extra: faq.forGuild('222', 0, () => []) });
    expect(other.answered).toBe(false);
  });
  it("a recruiter's own answer to a broad question leads; without it the question gets the overview", () => {
    const faq = createFaqSearch(kb);
    const entries = [
      entry(
        1,
        'How do I become a CBP officer?',
        'Start with our monthly info session, then apply on USAJOBS; we help with the paperwork.',
      ),
    ];
    const a = askQuestion(kb, 'How do I become a CBP officer?', { extra: faq.forGuild('111', 1, () => entries) });
    expect(a.citations.find((x) => x.n === a.items[0]!.cite)!.sourceId).toBe(FAQ_SOURCE_ID);
    expect(askQuestion(kb, 'How do I become a CBP officer?').see.length).toBeGreaterThan(0);
  });
  it('rebuilds when the version changes, so an edit shows in the next answer', () => {
    const faq = createFaqSearch(kb);
    let entries = [entry(1, 'Where do we meet?', 'We meet in the cafeteria.')];
    const first = askQuestion(kb, 'where do we meet', { extra: faq.forGuild('111', 1, () => entries) });
    expect(first.items[0]!.text).toContain('cafeteria');
    entries = [entry(1, 'Where do we meet?', 'We now meet in the library.')];
    const second = askQuestion(kb, 'where do we meet', { extra: faq.forGuild('111', 2, () => entries) });
    expect(second.items[0]!.text).toContain('library');
  });
  it('a rebuild after one edit still finds the untouched entries, the edited text and not the removed one', () => {
    const faq = createFaqSearch(kb);
    const many = Array.from({ length: 50 }, (_, i) =>
      entry(i + 1, `Where is locker ${i}?`, `Locker ${i} is in hall ${i % 5}.`),
    );
    const ask = (v: number, list: FaqLike[], q: string) =>
      askQuestion(kb, q, { extra: faq.forGuild('111', v, () => list) }).items[0]?.text ?? '';
    expect(ask(1, many, 'where is locker 7')).toContain('hall 2');
    const edited = many
      .map((e) => (e.id === 8 ? { ...e, answer: 'Locker 7 moved to the annex.', updatedAt: e.updatedAt + 1 } : e))
      .filter((e) => e.id !== 10);
    expect(ask(2, edited, 'where is locker 7')).toContain('annex');
    expect(ask(2, edited, 'where is locker 12')).toContain('hall 2');
    expect(ask(2, edited, 'where is locker 9')).not.toContain('Locker 9');
  });

  it('a question only the FAQ answers shows the FAQ alone, not document passages that share a word', () => {
    const faq = createFaqSearch(kb);
    // Salary rows and role names match strongly here, but the documents do not answer it.
    const extra = faq.forGuild('111', 1, () => [
      entry(1, 'How much does the border patrol agent tutoring club charge?', 'Nothing: it is run by volunteers.'),
    ]);
    const q = 'how much does the border patrol agent tutoring club charge';
    // Without the FAQ the documents decline it…
    expect(askQuestion(kb, q).answered).toBe(false);
    // …so with it, the FAQ entry is the whole answer.
    const a = askQuestion(kb, q, { extra });
    expect(a.answered).toBe(true);
    expect(a.citations.map((c) => c.sourceId)).toEqual([FAQ_SOURCE_ID]);
  });

  it('still prefers the documents for document questions', () => {
    const faq = createFaqSearch(kb);
    const extra = faq.forGuild('111', 1, () => [entry(1, 'Where do we meet?', 'We meet in the cafeteria.')]);
    const a = askQuestion(kb, 'how much does a border patrol agent make', { extra });
    expect(a.citations[0]!.sourceId).toBe('guide-customs-immigration-careers');
  });
});
