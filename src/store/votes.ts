/**
 * The answer log and members' votes on answers. Together they feed `gaps`: what members ask
 * that the documents don't answer well, so recruiters know which FAQ entries to write.
 */
import { z } from 'zod';
import type { Clock, Db } from './db.js';
import { StoreConflictError, StoreNotFoundError } from './errors.js';
import { idSchema, parseInput } from './validation.js';
import { sliceUnits } from '../text/cut.js';

export const VERDICTS = ['helpful', 'not-helpful'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const ANSWER_LOG_LIMITS = { answerId: 64, query: 1000, topic: 100 } as const;

/** The log is for spotting recent gaps, not an archive; keeping it bounded keeps gaps() and backups cheap. */
export type AnswerLogRetention = {
  maxAgeDays: number;
  maxPerGuild: number;
  /** The per-guild cap is enforced every this many inserts into that guild (counted per process) rather than on each one. */
  capCheckEvery: number;
};
export const DEFAULT_RETENTION: Readonly<AnswerLogRetention> = Object.freeze({
  maxAgeDays: 90,
  maxPerGuild: 5000,
  capCheckEvery: 50,
});

/** Fallback when the caller has no normalizer: case, accents' composition, punctuation and spacing ignored. */
export const normalizeQuery = (query: string): string =>
  query
    .normalize('NFKC')
    .toLowerCase()
    // "what's" and "whats" are one word, not "what s".
    .replace(/(?<=[\p{L}\p{N}])['’‘`](?=[\p{L}])/gu, '')
    // Marks stay: in many scripts (Devanagari, Thai) vowel signs are part of the word.
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();

/**
 * Words that change nothing about what was asked ("what is THE salary", "how much do I get PLEASE").
 * "what", "which" and "how" are as generic; when/where/who/why stay: "when is the test" and
 * "where is the test" are different gaps.
 */
const FILLER = new Set(
  // The last few are what is left of "what's", "don't", "I'll" once an apostrophe became a space.
  (
    's t d ll re ve m a an the is are am was were be been being do does did doing i im me my mine we our us you your u ur ' +
    'it its this that these those there to of for in on at by with about from as and or so just really ' +
    'please pls plz thanks thank hi hello hey can could would should will shall may might must get got ' +
    'any some tell know wondering want wanna need like what which how'
  ).split(' '),
);
const CONTRACTED = new Map([
  ['wheres', 'where'],
  ['whos', 'who'],
  ['whens', 'when'],
  ['whys', 'why'],
  ['dont', 'not'],
  ['doesnt', 'not'],
  ['cant', 'not'],
  ['isnt', 'not'],
  ['arent', 'not'],
  ['wont', 'not'],
]);
/** "officers" and "officer" ask the same; "process", "status", "analysis" keep their s. */
const singular = (w: string): string =>
  w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w) ? w.slice(0, -1) : w;

/**
 * The key /faq gaps groups by: accents, case, punctuation, apostrophes, filler words, plurals
 * and word order ignored, so "What's the salary for CBP officers?" and "cbp officer salary"
 * are one question. Falls back to the plain normal form when only filler is left.
 */
export const gapKey = (query: string): string => {
  const normal = normalizeQuery(query.normalize('NFKD').replace(/[\u0300-\u036f]+/g, ''));
  const kept = new Set<string>();
  for (const w of normal.split(' ')) {
    const word = CONTRACTED.get(w) ?? singular(w);
    if (word && !FILLER.has(w) && !FILLER.has(word)) kept.add(word);
  }
  return kept.size > 0 ? [...kept].sort().join(' ') : normal;
};

type GapRow = { query: string; normalized_query: string; answered: number; created_at: number };

/** Rows oldest first → gaps most frequent first, ties most recent first; the example is the latest wording. */
const groupGaps = (rows: readonly GapRow[]): Gap[] => {
  const byKey = new Map<string, Gap>();
  for (const r of rows) {
    const key = gapKey(r.normalized_query);
    const gap = byKey.get(key) ?? {
      normalizedQuery: key,
      example: r.query,
      count: 0,
      declined: 0,
      notHelpful: 0,
      lastAskedAt: r.created_at,
    };
    gap.count++;
    if (r.answered === 0) gap.declined++;
    else gap.notHelpful++;
    if (r.created_at >= gap.lastAskedAt) {
      gap.lastAskedAt = r.created_at;
      gap.example = r.query;
    }
    byKey.set(key, gap);
  }
  return [...byKey.values()].sort(
    (a, b) => b.count - a.count || b.lastAskedAt - a.lastAskedAt || a.normalizedQuery.localeCompare(b.normalizedQuery),
  );
};

// Logging must never be what breaks an answer, so over-long text is cut rather than refused.
const clipped = (max: number) => z.string().transform((s) => sliceUnits(s, max));

export const answerLogInputSchema = z.object({
  /** Caller-made and globally unique (it travels in button custom ids). */
  id: z.string().min(1).max(ANSWER_LOG_LIMITS.answerId),
  guildId: idSchema,
  userId: idSchema,
  channelId: idSchema,
  query: clipped(ANSWER_LOG_LIMITS.query),
  /** Defaults to normalizeQuery(query); pass the search layer's own form to group gaps the same way it matches. */
  normalizedQuery: clipped(ANSWER_LOG_LIMITS.query).optional(),
  answered: z.boolean(),
  topic: clipped(ANSWER_LOG_LIMITS.topic).nullable().optional(),
});
export type AnswerLogInput = z.input<typeof answerLogInputSchema>;

export type LoggedAnswer = {
  id: string;
  guildId: string;
  userId: string;
  channelId: string;
  query: string;
  normalizedQuery: string;
  answered: boolean;
  topic: string | null;
  createdAt: number;
};

export type Tally = { helpful: number; notHelpful: number };

export type Gap = {
  /** The grouping key (gapKey): near-identical wordings share it. */
  normalizedQuery: string;
  /** The most recent wording members used. */
  example: string;
  /** Asks that were declined or voted not helpful. */
  count: number;
  declined: number;
  notHelpful: number;
  lastAskedAt: number;
};

export type GapOptions = { limit?: number; since?: number };

export type AnswerLogRepo = {
  /** Also prunes this guild's old rows. @throws StoreConflictError when the id was used before */
  log(input: AnswerLogInput): LoggedAnswer;
  get(answerId: string): LoggedAnswer | null;
  /**
   * One vote per member per answer; voting again replaces the earlier vote. Returns the tally.
   * @throws StoreNotFoundError when the answer is unknown or was pruned
   */
  vote(answerId: string, userId: string, verdict: Verdict): Tally;
  tally(answerId: string): Tally;
  /**
   * Questions that went badly in this guild, grouped by gapKey (near-identical wordings together), most frequent first
   * (ties: most recent first). An asked question counts when it was declined, or when it was
   * answered and at least as many members voted "not helpful" as "helpful" (and at least one did).
   */
  gaps(guildId: string, options?: GapOptions): Gap[];
  /** Applies retention to every guild; returns the rows removed. Normally not needed (log() prunes). */
  prune(): number;
};

export const ANSWER_LOG_METHODS = {
  log: true,
  get: true,
  vote: true,
  tally: true,
  gaps: true,
  prune: true,
} as const satisfies Record<keyof AnswerLogRepo, true>;

type AnswerRow = {
  id: string;
  guild_id: string;
  user_id: string;
  channel_id: string;
  query: string;
  normalized_query: string;
  answered: number;
  topic: string | null;
  created_at: number;
};

const toAnswer = (r: AnswerRow): LoggedAnswer => ({
  id: r.id,
  guildId: r.guild_id,
  userId: r.user_id,
  channelId: r.channel_id,
  query: r.query,
  normalizedQuery: r.normalized_query,
  answered: r.answered === 1,
  topic: r.topic,
  createdAt: r.created_at,
});

const DAY_MS = 86_400_000;
const COLUMNS = 'id, guild_id, user_id, channel_id, query, normalized_query, answered, topic, created_at';
const verdictSchema = z.enum(VERDICTS, { error: 'A vote is either helpful or not-helpful.' });
const answerIdSchema = z.string().min(1).max(ANSWER_LOG_LIMITS.answerId);
const gapOptionsSchema = z.object({
  limit: z.number().int().min(1).max(100).default(10),
  since: z.number().nonnegative().default(0),
});

export function createAnswerLogRepo(
  db: Db,
  now: Clock,
  retention: AnswerLogRetention = DEFAULT_RETENTION,
): AnswerLogRepo {
  const s = {
    get: db.prepare<[string], AnswerRow>(`SELECT ${COLUMNS} FROM answers WHERE id = ?`),
    exists: db.prepare<[string], number>('SELECT 1 FROM answers WHERE id = ?').pluck(),
    insert: db.prepare<[AnswerRow], AnswerRow>(`
      INSERT INTO answers (${COLUMNS})
      VALUES (@id, @guild_id, @user_id, @channel_id, @query, @normalized_query, @answered, @topic, @created_at)
      RETURNING ${COLUMNS}`),
    pruneAge: db.prepare<[string, number]>('DELETE FROM answers WHERE guild_id = ? AND created_at < ?'),
    pruneAgeAll: db.prepare<[number]>('DELETE FROM answers WHERE created_at < ?'),
    pruneCap: db.prepare<[string, string, number]>(`
      DELETE FROM answers WHERE guild_id = ? AND created_at < (
        SELECT created_at FROM answers WHERE guild_id = ? ORDER BY created_at DESC LIMIT 1 OFFSET ?)`),
    guilds: db.prepare<[], string>('SELECT DISTINCT guild_id FROM answers').pluck(),
    vote: db.prepare<[{ answer_id: string; user_id: string; guild_id: string; helpful: number; voted_at: number }]>(`
      INSERT INTO votes (answer_id, user_id, guild_id, helpful, voted_at)
      VALUES (@answer_id, @user_id, @guild_id, @helpful, @voted_at)
      ON CONFLICT (answer_id, user_id) DO UPDATE SET helpful = excluded.helpful, voted_at = excluded.voted_at`),
    tally: db.prepare<[string], { helpful: number | null; notHelpful: number | null }>(
      'SELECT sum(helpful = 1) AS helpful, sum(helpful = 0) AS notHelpful FROM votes WHERE answer_id = ?',
    ),
    // Grouped in JS (gapKey), so near-identical wordings count as one question.
    gapRows: db.prepare<
      [string, string, number],
      { query: string; normalized_query: string; answered: number; created_at: number }
    >(`
      WITH v AS (
        SELECT answer_id, sum(helpful = 1) AS h, sum(helpful = 0) AS nh FROM votes WHERE guild_id = ? GROUP BY answer_id
      )
      SELECT a.query, a.normalized_query, a.answered, a.created_at
      FROM answers a LEFT JOIN v ON v.answer_id = a.id
      WHERE a.guild_id = ? AND a.created_at >= ?
        AND (a.answered = 0 OR (v.nh >= 1 AND v.nh >= v.h))
      ORDER BY a.created_at, a.id`),
  };

  // Per guild, so a busy guild cannot starve a quiet one of its checks.
  const insertsSinceCapCheck = new Map<string, number>();
  const answerId = (id: string): string => parseInput(answerIdSchema, id, 'answerId');
  const tally = (id: string): Tally => {
    const row = s.tally.get(id)!;
    return { helpful: row.helpful ?? 0, notHelpful: row.notHelpful ?? 0 };
  };

  const log = db.transaction((input: AnswerLogInput): LoggedAnswer => {
    const v = parseInput(answerLogInputSchema, input);
    if (s.exists.get(v.id)) throw new StoreConflictError(`Answer id ${v.id} was already logged.`);
    const t = now();
    // Cheap: one indexed range that is almost always empty. Votes go with their answers (ON DELETE CASCADE).
    s.pruneAge.run(v.guildId, t - retention.maxAgeDays * DAY_MS);
    const row = s.insert.get({
      id: v.id,
      guild_id: v.guildId,
      user_id: v.userId,
      channel_id: v.channelId,
      query: v.query,
      normalized_query: v.normalizedQuery ?? normalizeQuery(v.query),
      answered: v.answered ? 1 : 0,
      topic: v.topic ?? null,
      created_at: t,
    })!;
    // After the insert, so the guild ends at exactly maxPerGuild rows when the check runs.
    const since = (insertsSinceCapCheck.get(v.guildId) ?? 0) + 1;
    if (since >= retention.capCheckEvery) {
      insertsSinceCapCheck.delete(v.guildId);
      s.pruneCap.run(v.guildId, v.guildId, retention.maxPerGuild - 1);
    } else {
      insertsSinceCapCheck.set(v.guildId, since);
    }
    return toAnswer(row);
  });

  const vote = db.transaction((id: string, userId: string, verdict: Verdict): Tally => {
    const answer = s.get.get(answerId(id));
    if (!answer) throw new StoreNotFoundError('This answer is too old to rate.');
    s.vote.run({
      answer_id: answer.id,
      user_id: parseInput(idSchema, userId, 'userId'),
      guild_id: answer.guild_id,
      helpful: parseInput(verdictSchema, verdict, 'verdict') === 'helpful' ? 1 : 0,
      voted_at: now(),
    });
    return tally(answer.id);
  });

  const prune = db.transaction((): number => {
    let removed = s.pruneAgeAll.run(now() - retention.maxAgeDays * DAY_MS).changes;
    for (const guildId of s.guilds.all())
      removed += s.pruneCap.run(guildId, guildId, retention.maxPerGuild - 1).changes;
    return removed;
  });

  // The log is telemetry, written on every answer: its commits skip the fsync (synchronous =
  // NORMAL, WAL). They still survive a killed process, since the commit is in the WAL; only a
  // power loss or OS crash before the next fsync'd commit or checkpoint could drop the latest
  // few. That keeps a disk flush (milliseconds on a busy host) out of every answer's latency.
  // Votes and everything else a member is told was saved keep synchronous = FULL, and their
  // fsync also covers the log rows written before them (the WAL is one sequential file).
  const relaxed = db.prepare('PRAGMA synchronous = NORMAL');
  const strict = db.prepare('PRAGMA synchronous = FULL');
  const withoutFsync = <T>(fn: () => T): T => {
    relaxed.run();
    try {
      return fn();
    } finally {
      strict.run();
    }
  };

  return {
    log: (input) => withoutFsync(() => log.immediate(input)),
    get: (id) => {
      const row = s.get.get(answerId(id));
      return row ? toAnswer(row) : null;
    },
    vote: (id, userId, verdict) => vote.immediate(id, userId, verdict),
    tally: (id) => tally(answerId(id)),
    gaps: (guildId, options = {}) => {
      const g = parseInput(idSchema, guildId, 'guildId');
      const o = parseInput(gapOptionsSchema, options);
      return groupGaps(s.gapRows.all(g, g, o.since)).slice(0, o.limit);
    },
    prune: () => prune.immediate(),
  };
}
