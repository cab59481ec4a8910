import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge.js';
import { askQuestion } from '../../src/answers/answer.js';
import { analyzeQuery } from '../../src/search/analyze.js';
import { createConversationMemory } from '../../src/conversation/memory.js';
import { createRateLimiter } from '../../src/conversation/cooldown.js';
import { clarify, resolveFollowUp } from '../../src/conversation/followup.js';

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
    const r = resolveFollowUp(kb, 'what software and databases do customs officers use at work', stateOf('salary of a border patrol agent'));
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
