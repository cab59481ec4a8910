import { describe, expect, it } from 'vitest';
import { normalizeQuery, StoreConflictError, StoreNotFoundError, type AnswerLogInput, type Store } from '../../src/store/index.js';
import { useStores } from './fixtures/tmp.js';

const { open, clock } = useStores();
const DAY = 86_400_000;
let seq = 0;

function ask(store: Store, guildId: string, query: string, answered: boolean, extra: Partial<AnswerLogInput> = {}): string {
  const id = `a${++seq}`;
  store.answers.log({ id, guildId, userId: 'asker', channelId: 'c1', query, answered, topic: answered ? 'pay' : null, ...extra });
  clock.now += 1000;
  return id;
}

describe('answer log', () => {
  it('logs answers with a normalized query and refuses a reused id', () => {
    const store = open();
    const logged = store.answers.log({ id: 'x1', guildId: 'g1', userId: 'u1', channelId: 'c1', query: 'How much do CBP officers earn?!', answered: true, topic: 'pay' });
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
    expect(() => store.answers.log({ id: 'x1', guildId: 'g1', userId: 'u1', channelId: 'c1', query: 'again', answered: false })).toThrow(StoreConflictError);
    expect(store.answers.log({ id: 'x2', guildId: 'g1', userId: 'u1', channelId: 'c1', query: 'Q', normalizedQuery: 'custom form', answered: false }).normalizedQuery).toBe('custom form');
    // Over-long text is clipped, never refused: logging must not break an answer.
    expect(store.answers.log({ id: 'x3', guildId: 'g1', userId: 'u1', channelId: 'c1', query: 'q'.repeat(5000), answered: false }).query).toHaveLength(1000);
    expect(normalizeQuery('  Wie   VIEL?  ')).toBe('wie viel');
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
      { normalizedQuery: 'overtime', example: 'Overtime!!', count: 3, declined: 3, notHelpful: 0, lastAskedAt: lastOvertime },
      { normalizedQuery: 'polygraph', example: 'POLYGRAPH', count: 2, declined: 1, notHelpful: 1, lastAskedAt: expect.any(Number) },
      { normalizedQuery: 'hiring freeze', example: 'Hiring freeze?', count: 1, declined: 1, notHelpful: 0, lastAskedAt: lastFreeze },
    ]);
    expect(store.answers.gaps('g1', { limit: 1 }).map((g) => g.normalizedQuery)).toEqual(['overtime']);
    expect(store.answers.gaps('g1', { since: lastFreeze }).map((g) => g.normalizedQuery)).toEqual(['hiring freeze']);
    expect(store.answers.gaps('g2')).toEqual([expect.objectContaining({ normalizedQuery: 'overtime', count: 4 })]);
    expect(store.answers.gaps('g3')).toEqual([]);
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
