import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge.js';
import { askQuestion } from '../../src/answers/answer.js';
import { analyzeQuery } from '../../src/search/analyze.js';
import { createConversationMemory } from '../../src/conversation/memory.js';
import { createRateLimiter } from '../../src/conversation/cooldown.js';
import { clarify, resolveFollowUp } from '../../src/conversation/followup.js';
import { intentOf, MAX_QUESTION, questionText, readQuestion } from '../../src/conversation/text.js';

const kb = loadKnowledgeBase();
const stateOf = (q: string) => {
  const a = analyzeQuery(kb.index, q);
  return { topic: a.topic, role: a.role?.name ?? null, level: a.level, lastQuery: q, at: Date.now() };
};

describe('follow-ups', () => {
  it('carries the role into "how much do they make?"', () => {
    const r = resolveFollowUp(kb, 'how much do they make?', stateOf('what do border patrol agents do'));
    expect(r.usedContext).toBe(true);
    expect(r.analysis.role?.name).toBe('Border Patrol Agent');
    const a = askQuestion(kb, r.query);
    expect(a.items[0]!.text).toMatch(/^Border Patrol Agent/);
  });
  it('carries the topic into "what about the advanced level?"', () => {
    const r = resolveFollowUp(kb, 'what about the advanced level?', stateOf("what's expected at the emerging level"));
    expect(r.analysis.level).toBe('advanced');
    const a = askQuestion(kb, r.query);
    expect(a.answered).toBe(true);
    expect(a.citations[0]!.section).toBe('Advanced');
  });
  it('answers "and what about training?" on the new topic', () => {
    const r = resolveFollowUp(kb, 'and what about training?', stateOf('how much does a border patrol agent make'));
    expect(r.analysis.topic).toBe('training');
    expect(askQuestion(kb, r.query).answered).toBe(true);
  });
  it('leaves a self-contained question alone', () => {
    const r = resolveFollowUp(
      kb,
      'what software and databases do customs officers use at work',
      stateOf('salary of a border patrol agent'),
    );
    expect(r.usedContext).toBe(false);
  });
});

describe('clarifying questions', () => {
  it('asks which role for a bare salary question', () => {
    const c = clarify(kb, analyzeQuery(kb.index, 'salary?'));
    expect(c?.choices.map((x) => x.label)).toContain('Border Patrol Agent');
    expect(c!.choices.length).toBeLessThanOrEqual(25);
    for (const ch of c!.choices) expect(askQuestion(kb, ch.query).answered).toBe(true);
  });
  it('asks which level for "what\'s expected of me?"', () => {
    const c = clarify(kb, analyzeQuery(kb.index, "what's expected of me?"));
    expect(c?.choices.map((x) => x.label)).toEqual(['Emerging', 'Developing', 'Proficient', 'Advanced']);
  });
  it('does not ask when the question is specific', () => {
    expect(clarify(kb, analyzeQuery(kb.index, 'how much does a border patrol agent make'))).toBeNull();
    expect(clarify(kb, analyzeQuery(kb.index, 'what is expected at the proficient level'))).toBeNull();
  });
});

describe('bounded state', () => {
  it('expires conversations after the TTL and caps their number', () => {
    const m = createConversationMemory({ ttlMs: 1000, max: 100 });
    m.set('a', { topic: null, role: null, level: null, lastQuery: 'x' }, 0);
    expect(m.get('a', 500)).toBeDefined();
    expect(m.get('a', 1501)).toBeUndefined();
    for (let i = 0; i < 10_000; i++) m.set(`k${i}`, { topic: null, role: null, level: null, lastQuery: 'x' }, i);
    expect(m.size()).toBe(100);
    m.alias('reply-1', 'k9999');
    expect(m.get('reply-1', 10_000)?.lastQuery).toBe('x');
  });
  it('rate-limits with a single notice per burst', () => {
    const rl = createRateLimiter({ limit: 5, windowMs: 30_000 });
    const d = Array.from({ length: 8 }, (_, i) => rl.check('u', i));
    expect(d.filter((x) => x.allowed)).toHaveLength(5);
    expect(d.filter((x) => !x.allowed && x.notify)).toHaveLength(1);
    expect(rl.check('u', 31_000).allowed).toBe(true);
  });
});

describe('reading a message', () => {
  const BOT = '111111111111111111';
  it('greetings and "help" ask for a hint, thanks for nothing, a greeting before a question asks the question', () => {
    for (const t of ['', 'hi', 'Hello there!', 'hey checkpoint', 'good morning', 'help', '?', 'what can you do?'])
      expect(intentOf(t), t).toEqual({ kind: 'hint' });
    for (const t of ['thanks!', 'thank you so much', 'ok', '👍', 'cheers mate'])
      expect(intentOf(t), t).toEqual({ kind: 'courtesy' });
    expect(intentOf('hi, how much do agents make?')).toEqual({
      kind: 'question',
      question: 'how much do agents make?',
    });
    expect(intentOf('hey what is FLETC?')).toEqual({ kind: 'question', question: 'what is FLETC?' });
    expect(intentOf('ok and what about training?')).toEqual({
      kind: 'question',
      question: 'ok and what about training?',
    });
    expect(intentOf('history of the border patrol')).toEqual({
      kind: 'question',
      question: 'history of the border patrol',
    });
  });
  it('strips markdown, invisible characters, timestamps and zalgo; keeps the words', () => {
    expect(questionText(`<@${BOT}> **salary** of a \`border patrol agent\``, BOT)).toBe(
      'salary of a border patrol agent',
    );
    expect(questionText('```js\nwhat training do officers get\n```', BOT)).toBe('what training do officers get');
    expect(questionText('s\u200ba\u200blary\u202e <t:1700000000:R>', BOT)).toBe('salary');
    expect(questionText('ｓａｌａｒｙ Z̴̡a̷l̸g̵o̶', BOT)).toBe('salary Zalgo');
    expect(questionText('[the guide](https://example.com/guide) says', BOT)).toBe('the guide says');
    expect(questionText('snake_case_word stays', BOT)).toBe('snake_case_word stays');
  });
  it('reads at most MAX_QUESTION characters, cut at a word, and says it was cut', () => {
    const r = readQuestion(`salary ${'word '.repeat(300)}`, BOT);
    expect(r.truncated).toBe(true);
    expect(r.question.length).toBeLessThanOrEqual(MAX_QUESTION);
    expect(r.question.endsWith('word')).toBe(true);
  });
});

describe('follow-ups lean on the context only when the question does', () => {
  const prev = stateOf('what do border patrol agents do');
  it.each([
    'how do i apply?',
    'what is FLETC?',
    'who publishes the skills framework?',
    'what are the benefits?',
    'whats the retirement age',
    'so how do i apply?',
    'is there a fitness test?',
  ])('leaves "%s" alone', (q) => expect(resolveFollowUp(kb, q, prev).usedContext).toBe(false));
  it.each([
    ['how much do they make?', 'Border Patrol Agent'],
    ['salary?', 'Border Patrol Agent'],
    ['and what about training?', 'Border Patrol Agent'],
  ])('reads "%s" for the role', (q, role) => {
    const r = resolveFollowUp(kb, q, prev);
    expect(r.usedContext).toBe(true);
    expect(r.analysis.role?.name).toBe(role);
  });
  it('a role alone keeps the topic; a level alone is the framework, not the role', () => {
    const r = resolveFollowUp(kb, 'cbp officer', stateOf('how much does a border patrol agent make'));
    expect(r.analysis.topic).toBe('salary');
    expect(r.analysis.role?.name).toBe('CBP Officer');
    expect(resolveFollowUp(kb, 'advanced', prev).usedContext).toBe(false);
    expect(
      resolveFollowUp(kb, 'what does a cbp officer do?', stateOf('how much does a border patrol agent make'))
        .usedContext,
    ).toBe(false);
  });
});

describe('memory of answered messages', () => {
  it('remembers which reply answered a message, for the TTL, within a cap', () => {
    const m = createConversationMemory({ ttlMs: 1000, max: 10 });
    m.answered('m1', { replyId: 'r1', channelId: 'c', key: 'msg:m1', prev: undefined, question: 'q' }, 0);
    expect(m.answerOf('m1', 900)?.replyId).toBe('r1');
    expect(m.answerOf('m1', 1001)).toBeUndefined();
    for (let i = 0; i < 1000; i++) {
      m.set(`k${i}`, { topic: null, role: null, level: null, lastQuery: 'x' }, i);
      m.alias(`a${i}`, `k${i}`);
      m.answered(`m${i}`, { replyId: `r${i}`, channelId: 'c', key: `k${i}`, prev: undefined, question: 'q' }, i);
    }
    expect(m.size()).toBe(10);
    expect(m.entries()).toBeLessThanOrEqual(10 + 40 + 20);
  });
});
