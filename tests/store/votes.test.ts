import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { createAnswerLogRepo } from '../../src/store/votes.js';
import {
  gapKey,
  normalizeQuery,
  StoreConflictError,
  StoreNotFoundError,
  type AnswerLogInput,
  type Store,
} from '../../src/store/index.js';
import { useStores } from './fixtures/tmp.js';

const { open, clock, tempDir } = useStores();
const DAY = 86_400_000;
let seq = 0;

function ask(
  store: Store,
  guildId: string,
  query: string,
  answered: boolean,
  extra: Partial<AnswerLogInput> = {},
): string {
  const id = `a${++seq}`;
  store.answers.log({
    id,
    guildId,
    userId: 'asker',
    channelId: 'c1',
    query,
    answered,
    topic: answered ? 'pay' : null,
    ...extra,
  });
  clock.now += 1000;
  return id;
}

describe('answer log', () => {
  it('logs answers with a normalized query and refuses a reused id', () => {
    const store = open();
    const logged = store.answers.log({
      id: 'x1',
      guildId: 'g1',
      userId: 'u1',
      channelId: 'c1',
      query: 'How much do CBP officers earn?!',
      answered: true,
      topic: 'pay',
    });
    expect(logged).toEqual({
      id: 'x1',
      guildId: 'g1',
      userId: 'u1',
      channelId: 'c1',
      query: 'How much do CBP officers earn?!',
      normalizedQuery: 'how much do cbp officers earn',
      answered: true,
      topic: 'pay',
      createdAt: clock.now,
    });
    expect(store.answers.get('x1')).toEqual(logged);
    expect(() =>
      store.answers.log({ id: 'x1', guildId: 'g1', userId: 'u1', channelId: 'c1', query: 'again', answered: false }),
    ).toThrow(StoreConflictError);
    expect(
      store.answers.log({
        id: 'x2',
        guildId: 'g1',
        userId: 'u1',
        channelId: 'c1',
        query: 'Q',
        normalizedQuery: 'custom form',
        answered: false,
      }).normalizedQuery,
    ).toBe('custom form');
    // Over-long text is clipped, never refused: logging must not break an answer.
    expect(
      store.answers.log({
        id: 'x3',
        guildId: 'g1',
        userId: 'u1',
        channelId: 'c1',
        query: 'q'.repeat(5000),
        answered: false,
      }).query,
    ).toHaveLength(1000);
    expect(normalizeQuery('  Wie   VIEL?  ')).toBe('wie viel');
  });

  it('only the log commits without an fsync: the connection is back to synchronous = FULL after it, even after a failure', () => {
    const db = openDatabase({ path: path.join(tempDir(), 'sync.db') });
    try {
      const log = createAnswerLogRepo(db, () => clock.now);
      const FULL = 2;
      expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
      log.log({ id: 's1', guildId: 'g1', userId: 'u1', channelId: 'c1', query: 'q', answered: true });
      expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
      expect(() =>
        log.log({ id: 's1', guildId: 'g1', userId: 'u1', channelId: 'c1', query: 'q', answered: true }),
      ).toThrow(StoreConflictError);
      expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
      expect(log.get('s1')?.query).toBe('q');
    } finally {
      db.close();
    }
  });

  it('one vote per member per answer; a second vote replaces the first', () => {
    const store = open();
    const id = ask(store, 'g1', 'Academy length?', true);
    expect(store.answers.vote(id, 'u1', 'helpful')).toEqual({ helpful: 1, notHelpful: 0 });
    expect(store.answers.vote(id, 'u1', 'helpful')).toEqual({ helpful: 1, notHelpful: 0 });
    expect(store.answers.vote(id, 'u2', 'not-helpful')).toEqual({ helpful: 1, notHelpful: 1 });
    expect(store.answers.vote(id, 'u1', 'not-helpful')).toEqual({ helpful: 0, notHelpful: 2 });
    expect(store.answers.tally(id)).toEqual({ helpful: 0, notHelpful: 2 });
    expect(store.answers.tally('unknown')).toEqual({ helpful: 0, notHelpful: 0 });
    expect(() => store.answers.vote('unknown', 'u1', 'helpful')).toThrow(StoreNotFoundError);
    expect(() => store.answers.vote(id, 'u1', 'meh' as never)).toThrow(/helpful or not-helpful/);
  });

  it('gaps: declined plus voted-not-helpful, grouped, most frequent first, then most recent', () => {
    const store = open();
    // "overtime" declined 3 times.
    ask(store, 'g1', 'Overtime?', false);
    ask(store, 'g1', 'overtime', false);
    // "polygraph": declined once, and answered once but voted not helpful → 2.
    ask(store, 'g1', 'Polygraph?', false);
    const poly = ask(store, 'g1', 'POLYGRAPH', true);
    store.answers.vote(poly, 'u1', 'not-helpful');
    const lastOvertime = clock.now;
    ask(store, 'g1', 'Overtime!!', false);
    // "academy": answered and rated helpful by the majority → not a gap.
    const academy = ask(store, 'g1', 'Academy?', true);
    store.answers.vote(academy, 'u1', 'helpful');
    store.answers.vote(academy, 'u2', 'helpful');
    store.answers.vote(academy, 'u3', 'not-helpful');
    // "relocation": answered without votes → not a gap.
    ask(store, 'g1', 'Relocation?', true);
    // "hiring freeze": declined once, but more recently than polygraph's 2 → ranks after it anyway.
    const lastFreeze = clock.now;
    ask(store, 'g1', 'Hiring freeze?', false);
    // Another guild's gaps stay there.
    ask(store, 'g2', 'Overtime?', false);
    ask(store, 'g2', 'Overtime?', false);
    ask(store, 'g2', 'Overtime?', false);
    ask(store, 'g2', 'Overtime?', false);

    const gaps = store.answers.gaps('g1');
    expect(gaps).toEqual([
      {
        normalizedQuery: 'overtime',
        example: 'Overtime!!',
        count: 3,
        declined: 3,
        notHelpful: 0,
        lastAskedAt: lastOvertime,
      },
      {
        normalizedQuery: 'polygraph',
        example: 'POLYGRAPH',
        count: 2,
        declined: 1,
        notHelpful: 1,
        lastAskedAt: expect.any(Number),
      },
      {
        normalizedQuery: 'freeze hiring',
        example: 'Hiring freeze?',
        count: 1,
        declined: 1,
        notHelpful: 0,
        lastAskedAt: lastFreeze,
      },
    ]);
    expect(store.answers.gaps('g1', { limit: 1 }).map((g) => g.normalizedQuery)).toEqual(['overtime']);
    expect(store.answers.gaps('g1', { since: lastFreeze }).map((g) => g.normalizedQuery)).toEqual(['freeze hiring']);
    expect(store.answers.gaps('g2')).toEqual([expect.objectContaining({ normalizedQuery: 'overtime', count: 4 })]);
    expect(store.answers.gaps('g3')).toEqual([]);
  });

  it('gaps group near-identical wordings (case, accents, apostrophes, filler words, plurals, order) but not different questions', () => {
    const store = open();
    for (const q of [
      "What's the salary for CBP officers?",
      'whats the salary of a cbp officer',
      'CBP officer salary',
      'cbp  officers salary please',
    ])
      ask(store, 'g1', q, false);
    ask(store, 'g1', 'When is the fitness test?', false);
    ask(store, 'g1', 'Where is the fitness test?', false);
    ask(store, 'g1', 'Où est le café ?', false);
    ask(store, 'g1', 'ou est le cafe', false);
    const gaps = store.answers.gaps('g1');
    expect(gaps.map((g) => [g.count, g.example])).toEqual([
      [4, 'cbp  officers salary please'],
      [2, 'ou est le cafe'],
      [1, 'Where is the fitness test?'],
      [1, 'When is the fitness test?'],
    ]);
    expect(gapKey('Do I need a degree?')).toBe(gapKey('need degree'));
    expect(gapKey('what is it')).toBe('what is it'); // nothing but filler: the plain form, not ''
    // Vowel signs are part of words in many scripts: not split off.
    expect(normalizeQuery('नौकरी कैसे मिले')).toBe('नौकरी कैसे मिले');
  });

  it('prunes rows older than the retention age on insert, votes included', () => {
    const store = open();
    const old = ask(store, 'g1', 'Old question?', false);
    store.answers.vote(old, 'u1', 'helpful');
    const otherGuild = ask(store, 'g2', 'Old elsewhere?', false);
    clock.now += 91 * DAY;
    ask(store, 'g1', 'New question?', false);
    expect(store.answers.get(old)).toBeNull();
    expect(store.answers.tally(old)).toEqual({ helpful: 0, notHelpful: 0 });
    // Pruning on insert touches only the inserting guild; prune() sweeps them all.
    expect(store.answers.get(otherGuild)).not.toBeNull();
    expect(store.answers.prune()).toBe(1);
    expect(store.answers.get(otherGuild)).toBeNull();
  });

  it('keeps at most maxPerGuild rows, checked every capCheckEvery inserts', () => {
    const store = open({ answerLog: { maxPerGuild: 10, capCheckEvery: 5 } });
    const ids = Array.from({ length: 25 }, (_, i) => ask(store, 'g1', `q${i}`, false));
    const kept = ids.filter((id) => store.answers.get(id) !== null);
    expect(kept).toEqual(ids.slice(-10));
  });
});
