import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge.js';
import { askQuestion } from '../../src/answers/answer.js';
import { askJson } from '../../src/answers/json.js';
import { analyzeQuery } from '../../src/search/analyze.js';
import { words, stem } from '../../src/text/tokenize.js';
import { editDistance } from '../../src/search/spelling.js';
import { isEnglishWord } from '../../src/search/english.js';

const kb = loadKnowledgeBase();

describe('tokenizer', () => {
  it('splits letters from money and percentages glued by the salary table', () => {
    expect(words('CBP Officer$70,000 - $90,0005%Inspection')).toEqual([
      'cbp',
      'officer',
      '70000',
      '90000',
      '5',
      'inspection',
    ]);
  });
  it('keeps customs apart from customer when stemming', () => {
    expect(stem('customs')).not.toBe(stem('customer'));
  });
  it('drops zero-width and bidi marks', () => {
    expect(words('sal\u200Bary \u202Epay')).toEqual(['sal', 'ary', 'pay']);
  });
});

describe('query analysis', () => {
  it('corrects typos against the corpus but never real English words', () => {
    const q = analyzeQuery(kb.index, 'salery requirments');
    expect(q.groups.map((g) => g.word)).toEqual(['salary', 'requirements']);
    expect(analyzeQuery(kb.index, 'passing score').groups.map((g) => g.word)).toContain('score');
    expect(isEnglishWord('score')).toBe(true);
    expect(isEnglishWord('salery')).toBe(false);
  });
  it('expands acronyms and slang', () => {
    const q = analyzeQuery(kb.index, 'whats a bpa make');
    expect(q.role?.name).toBe('Border Patrol Agent');
    expect(q.topic).toBe('salary');
  });
  it('detects topic and level', () => {
    expect(analyzeQuery(kb.index, "what's expected at the proficient level").level).toBe('proficient');
    expect(analyzeQuery(kb.index, 'do i need a college degree').topic).toBe('education');
  });
  it('measures edit distance with transpositions', () => {
    expect(editDistance('recieve', 'receive', 2)).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });
});

describe('answers', () => {
  it('answers a salary question from the parsed table with a citation', () => {
    const a = askQuestion(kb, 'how much does a border patrol agent make');
    expect(a.answered).toBe(true);
    expect(a.items[0]!.text).toContain('$60,000 - $80,000');
    const c = a.citations.find((x) => x.n === a.items[0]!.cite)!;
    expect(c.sourceId).toBe('guide-customs-immigration-careers');
    expect(c.section).toBe('Data and Trends');
  });
  it('ranks the whole table for comparisons', () => {
    const a = askQuestion(kb, 'which role pays the most');
    expect(a.items).toHaveLength(5);
    expect(a.items[0]!.text).toMatch(/^CBP Officer/);
    const growth = askQuestion(kb, 'fastest growing job');
    expect(growth.items[0]!.text).toMatch(/^Border Patrol Agent/);
  });
  it('shows each source where they disagree on education', () => {
    const a = askQuestion(kb, 'do i need a degree');
    const sources = new Set(a.citations.map((c) => c.sourceId));
    expect(sources.has('onet-33-3051.04')).toBe(true);
    expect(sources.size).toBeGreaterThanOrEqual(2);
  });
  it('declines what the documents do not cover, with suggestions', () => {
    for (const q of [
      'whats the mandatory retirement age for cbp officers',
      'give me a recipe for lasagna',
      'can i have visible tattoos',
    ]) {
      const a = askQuestion(kb, q);
      expect(a.answered, q).toBe(false);
      expect(a.items).toEqual([]);
      expect(a.suggestions.length).toBeGreaterThan(3);
    }
  });
  it('quotes only document text: every snippet sentence occurs in a passage', () => {
    const a = askQuestion(kb, 'how long does the security clearance take');
    expect(a.answered).toBe(true);
    for (const item of a.items) {
      const passage = kb.corpus.passages.find((p) => p.id === item.passageId)!;
      for (const part of item.text
        .split('…')
        .map((s) => s.trim())
        .filter(Boolean))
        expect(passage.text).toContain(part);
    }
  });
  it('never cuts a snippet mid-word', () => {
    const a = askQuestion(kb, 'college degree criminal justice');
    for (const item of a.items) expect(item.text).toMatch(/[.!?…:"%)\w]$/);
  });
});

describe('bad input', () => {
  const cases: [string, string][] = [
    ['empty', ''],
    ['whitespace', '   \t  '],
    ['10,000 characters', 'salary '.repeat(1430)],
    ['control characters', 'sal\u0000ary\u0007 of \u001b[31mcbp'],
    ['zero-width and RTL marks', '\u200B\u200F\u202Esalary\u200D'],
    ['emoji', '💰💰 how much 🤑 do they make'],
    ['markdown', '**bold** _it_ `code` > quote [link](http://x) ||spoiler||'],
    ['only stop words', 'what is the of and to'],
    ['SQL', "'; DROP TABLE faq; --"],
    ['HTML', '<script>alert(1)</script><b>pay</b>'],
  ];
  it.each(cases)('%s: a JSON answer, never an exception', (_name, input) => {
    const a = askJson(kb, input);
    expect(typeof a.answered).toBe('boolean');
    expect(a.query).toBe(input);
  });
  it('declines empty and stop-word-only questions', () => {
    expect(askJson(kb, '').answered).toBe(false);
    expect(askJson(kb, 'what is the of and to').answered).toBe(false);
  });
});
