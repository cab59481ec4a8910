/**
 * Reading what is asked (issue 10): the focus decides, not the words around it; broad
 * questions get an overview from data/topics.json; lists come whole; a role the documents do
 * not single out is context. Real knowledge base, real answers.
 */
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge.js';
import { askQuestion, type Answer } from '../../src/answers/answer.js';
import { analyzeQuery } from '../../src/search/analyze.js';
import { makeSnippet } from '../../src/answers/snippet.js';
import { stem } from '../../src/text/tokenize.js';

const kb = loadKnowledgeBase();
const sections = (a: Answer) => a.items.map((it) => a.citations.find((c) => c.n === it.cite)!.section);
const topicsOf = (a: Answer) => a.items.map((it) => kb.corpus.passages.find((p) => p.id === it.passageId)!.topics);

describe('overviews for broad questions', () => {
  it('"how do I become a CBP officer" takes one passage from each part of getting hired, in order, and points to the commands', () => {
    const a = askQuestion(kb, 'How do I become a CBP officer?');
    expect(a.answered).toBe(true);
    const parts = topicsOf(a);
    expect(parts[0]).toContain('education');
    expect(parts.some((t) => t.includes('security-clearance'))).toBe(true);
    expect(parts.some((t) => t.includes('fitness'))).toBe(true);
    expect(new Set(sections(a)).size).toBe(a.items.length);
    expect(a.see).toEqual(expect.arrayContaining(['/education', '/training']));
    // Each part is headed by its topic, in the overview's order.
    expect(a.items.map((it) => it.heading)[0]).toBe('Education');
    expect(a.items.every((it) => it.heading)).toBe(true);
  });

  it('a list without a lead-in is introduced by its own heading, never by a bare bullet', () => {
    const a = askQuestion(kb, 'what is it like to work at cbp');
    for (const it of a.items) expect(it.text.startsWith('•'), it.text).toBe(false);
  });

  it('"pros and cons" shows the rewards and the challenges, each as its whole list, never a bare lead-in', () => {
    const a = askQuestion(kb, 'pros and cons of the job?');
    const parts = topicsOf(a).flat();
    expect(parts).toContain('rewards');
    expect(parts).toContain('challenges');
    for (const it of a.items) expect(it.text.split('\n').length).toBeGreaterThan(1);
  });

  it("a specific question that shares an example's words is searched as it stands", () => {
    expect(analyzeQuery(kb.index, 'how do I become a CBP officer').overview?.id).toBe('getting-hired');
    expect(analyzeQuery(kb.index, 'how do i become a k9 officer').overview).toBeNull();
    expect(analyzeQuery(kb.index, 'what is the physical fitness test like').overview).toBeNull();
    expect(analyzeQuery(kb.index, 'how do I apply?').overview).toBeNull();
    expect(analyzeQuery(kb.index, 'what makes a good officer').overview).toBeNull();
  });
});

describe('focus and context', () => {
  it('the attribute asked decides the section; a role the documents do not single out is context, said in one line', () => {
    const a = askQuestion(kb, 'Do I need a degree to be a Border Patrol agent?');
    expect(a.answered).toBe(true);
    for (const t of topicsOf(a).slice(0, 3)) expect(t).toContain('education');
    expect(a.notes.join(' ')).toMatch(/in general.*Border Patrol Agent/);
  });

  it('a role the documents do distinguish still narrows the answer (pay)', () => {
    const a = askQuestion(kb, 'how much does a border patrol agent make');
    expect(a.items[0]!.text).toMatch(/^Border Patrol Agent/);
    expect(a.notes).toEqual([]);
  });

  it('declines when the focus is not covered, however well the context matches', () => {
    for (const q of [
      'Do Border Patrol agents have to take a polygraph?',
      'Can officers carry a gun off duty?',
      'Best gaming laptop under $1000?',
    ]) {
      expect(askQuestion(kb, q).answered, q).toBe(false);
    }
  });

  it('a comparison naming what the documents lack is declined; one they can make shows the table', () => {
    expect(askQuestion(kb, 'FBI agent or border patrol, which pays more').answered).toBe(false);
    const a = askQuestion(kb, 'which role pays the most');
    expect(a.answered).toBe(true);
    expect(a.items.length).toBe(kb.salaryRows.length);
  });

  it("a member's own immigration case is no career question: declined, saying why", () => {
    for (const q of [
      'How do I renew my passport?',
      'how do I apply for a green card through my wife',
      'my asylum case got denied, can i appeal it',
    ]) {
      const a = askQuestion(kb, q);
      expect(a.answered, q).toBe(false);
      expect(a.declineReason, q).toBe('out-of-scope');
    }
    expect(askQuestion(kb, 'do officers check passports').answered).toBe(true);
  });

  it('"how many" needs a quantity said of what is asked; "how long" a duration', () => {
    expect(askQuestion(kb, 'How many hours a week do CBPOs work?').answered).toBe(false);
    expect(askQuestion(kb, 'how many pushups do u need for the PFT').answered).toBe(false);
    expect(askQuestion(kb, 'bg check how long').answered).toBe(true);
    expect(askQuestion(kb, 'how long is the training').answered).toBe(false);
    expect(askQuestion(kb, 'what percent of officers have a bachelors degree').answered).toBe(true);
  });

  it('a currency amount alone makes no salary question', () => {
    const q = analyzeQuery(kb.index, 'best gaming laptop under $1000');
    expect(q.topic).not.toBe('salary');
    expect(q.comparison).toBeNull();
  });

  it('an aside carries the question when what is asked names nothing but the job', () => {
    const a = askQuestion(kb, 'I got a DUI 6 years ago. Can I still be a CBP officer?');
    expect(a.answered).toBe(true);
    expect(sections(a)[0]).toMatch(/Security Clearance/);
  });

  it('a role name the documents lack covers nothing, though each word appears apart', () => {
    const q = analyzeQuery(kb.index, 'what are the physical requirements for an agriculture specialist');
    expect(q.groups.filter((g) => g.unknownRole).map((g) => g.word)).toEqual(['agriculture', 'specialist']);
    expect(askQuestion(kb, 'agriculture specialist career advancement?').answered).toBe(false);
    expect(analyzeQuery(kb.index, 'how much do ICE agents make').groups.some((g) => g.unknownRole)).toBe(false);
  });

  it('acronyms typed in capitals are not spell-corrected; a bare number is a detail, a dollar amount is asked', () => {
    expect(analyzeQuery(kb.index, 'is USPS hiring?').groups.map((g) => g.word)).toContain('usps');
    const weights = new Map(
      analyzeQuery(kb.index, 'is $60,000 realistic after 6 years').groups.map((g) => [g.word, g.weight]),
    );
    expect(weights.get('60000')).toBeGreaterThan(1);
    expect(weights.get('6')).toBeLessThan(1);
  });

  it('asides about the asker do not change the decision', () => {
    const pairs = [
      [
        'how long does the background check take for cbp?',
        "how long does the background check take for cbp? mine's been 5 months",
      ],
      ['does bad credit disqualify you?', 'does bad credit disqualify you? i have some collections'],
      [
        'what training do border patrol agents get?',
        'what training do border patrol agents get? (asking for my cousin)',
      ],
    ] as const;
    for (const [short, long] of pairs) {
      const a = askQuestion(kb, short);
      const b = askQuestion(kb, long);
      expect(b.answered, long).toBe(a.answered);
      expect(b.items[0]?.passageId, long).toBe(a.items[0]?.passageId);
    }
  });
});

describe('lists and shortening', () => {
  it('a question asking for a list gets the list, lead-in and items as one cited item', () => {
    const a = askQuestion(kb, 'What skills does a customs officer need?');
    const list = a.items.find((it) => it.text.includes('\n• '));
    expect(list).toBeDefined();
    expect(list!.text.split('\n• ').length).toBeGreaterThan(3);
  });

  it('a lead-in never stands alone', () => {
    const leads = new Set(kb.corpus.passages.flatMap((p) => (p.lead ? [p.lead] : [])));
    for (const q of [
      'what are the rewards of the job',
      'what are the core responsibilities',
      'challenges of working in customs',
    ]) {
      for (const it of askQuestion(kb, q).items) expect(leads.has(it.text), `${q}: ${it.text}`).toBe(false);
    }
  });

  it('shortening keeps the sentence that holds the focus', () => {
    const p = kb.corpus.passages.find((x) => x.section.at(-1) === 'Security Clearance')!;
    const matched = new Set(['secur', 'clearanc', 'disqualifi', 'crimin'].map(stem));
    const focus = new Set([stem('disqualify')]);
    expect(makeSnippet(p.text, matched, undefined, focus).text).toMatch(/can disqualify you/);
  });
});
