/**
 * The persistence layer: one SQLite file (WAL) holding everything that must survive restarts.
 *
 * Guild scoping: every record belongs to a Discord server id. Direct messages are stored under
 * DM_GUILD_ID ('@dm'): a member's checklist progress and answer log from DMs live there, apart
 * from any server. Settings and FAQ entries are per server and mean nothing in DMs; the store
 * does not stop a caller from writing them under '@dm', but the bot has no reason to.
 *
 * Errors: methods throw StoreError subclasses whose `userMessage` can be shown as-is.
 * Environment failures (read-only, disk full, locked, corrupt, too-new schema) become
 * StoreUnavailableError; `openStoreSafely` turns a failed open into a store whose every method
 * throws it, so the bot keeps answering from the documents.
 */
import nodePath from 'node:path';
import type { Logger } from 'pino';
import { createChecklistRepo, CHECKLIST_METHODS, type ChecklistRepo } from './checklists.js';
import {
  backupDatabase,
  checkpoint,
  DEFAULT_CHECKPOINT_EVERY_MS,
  guardMethods,
  isMemoryPath,
  openDatabase,
  probeWritable,
  startCheckpoints,
  throwingMethods,
  type CheckpointResult,
  type Clock,
  type Db,
  type UnavailableListener,
} from './db.js';
import { StoreUnavailableError, toStoreError } from './errors.js';
import { createFaqRepo, FAQ_METHODS, type FaqRepo } from './faq.js';
import { SCHEMA_VERSION } from './migrations.js';
import { createSettingsRepo, SETTINGS_METHODS, type SettingsRepo } from './settings.js';
import { idSchema, parseInput } from './validation.js';
import {
  ANSWER_LOG_METHODS,
  createAnswerLogRepo,
  DEFAULT_RETENTION,
  type AnswerLogRepo,
  type AnswerLogRetention,
} from './votes.js';

export * from './errors.js';
export { textKey, type Author } from './validation.js';
export {
  DEFAULT_SETTINGS,
  guildSettingsSchema,
  settingsPatchSchema,
  type GuildSettings,
  type SettingsPatch,
  type SettingsRepo,
} from './settings.js';
export {
  FAQ_EXPORT_VERSION,
  FAQ_LIMITS,
  faqExportSchema,
  faqInputSchema,
  faqPatchSchema,
  type FaqEntry,
  type FaqExport,
  type FaqImportResult,
  type FaqInput,
  type FaqPatch,
  type FaqRepo,
} from './faq.js';
export {
  CHECKLIST_LIMITS,
  CUSTOM_ITEM_PREFIX,
  customItemInputSchema,
  type ChecklistRepo,
  type CustomItem,
  type CustomItemInput,
  type TickResult,
} from './checklists.js';
export {
  ANSWER_LOG_LIMITS,
  answerLogInputSchema,
  DEFAULT_RETENTION,
  gapKey,
  normalizeQuery,
  VERDICTS,
  type AnswerLogInput,
  type AnswerLogRepo,
  type AnswerLogRetention,
  type Gap,
  type GapOptions,
  type LoggedAnswer,
  type Tally,
  type Verdict,
} from './votes.js';
export { SCHEMA_VERSION } from './migrations.js';

/** The guild id under which direct-message activity is stored. */
export const DM_GUILD_ID = '@dm';

export type ForgetCounts = { ticks: number; votes: number; questions: number };
export type PurgeCounts = {
  settings: number;
  faqEntries: number;
  customItems: number;
  ticks: number;
  answers: number;
  votes: number;
};
export type BackupResult = { file: string; totalPages: number };
export type { CheckpointResult } from './db.js';

export type Store = {
  /** true for a working store, false for the stand-in returned by openStoreSafely. */
  readonly available: boolean;
  /**
   * Why the store is unavailable (its `message` names the file and the cause, e.g. a newer
   * schema): null for a working store. For start-up messages; members see only `userMessage`.
   */
  readonly error: StoreUnavailableError | null;
  /**
   * false when writes will fail (file or directory read-only, or opened with readonly: true);
   * reads still work. Checked once at open: a UI can hide "save" actions up front.
   */
  readonly writable: boolean;
  /** Absolute path of the database file (':memory:' for an in-memory store). */
  readonly path: string;
  readonly settings: SettingsRepo;
  readonly faq: FaqRepo;
  readonly checklists: ChecklistRepo;
  readonly answers: AnswerLogRepo;
  /**
   * Deletes a member's personal data in one guild: ticks, their votes, and the questions they
   * asked (with the votes others cast on those answers). FAQ entries and custom items they
   * authored are server content and stay.
   */
  forgetMember(guildId: string, userId: string): ForgetCounts;
  /** Deletes everything stored for the guild, in one transaction. */
  purgeGuild(guildId: string): PurgeCounts;
  /** Online, consistent copy through SQLite's backup API; safe while the bot is writing. */
  backup(file: string): Promise<BackupResult>;
  /** Copies the WAL into the database file now (the store also does so every second on its own). */
  checkpoint(): CheckpointResult;
  /** Idempotent. Methods called afterwards throw StoreUnavailableError. */
  close(): void;
};

export type OpenStoreOptions = {
  path: string;
  logger?: Logger;
  /** Opens without write access (tools, and tests running as root where chmod does not bind). */
  readonly?: boolean;
  busyTimeoutMs?: number;
  /** How often the WAL is checkpointed in the background (default 1000 ms; 0: only SQLite's safety net). */
  checkpointEveryMs?: number;
  /** Injectable for tests; epoch milliseconds. */
  now?: Clock;
  answerLog?: Partial<AnswerLogRetention>;
};

/** Opens (creating and migrating as needed) or throws StoreUnavailableError / StoreVersionError. */
export function openStore(options: OpenStoreOptions): Store {
  const db = openDatabase({
    path: options.path,
    readonly: options.readonly ?? false,
    ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
  });
  const path = isMemoryPath(options.path) ? ':memory:' : nodePath.resolve(options.path);
  let writable: boolean;
  try {
    writable = probeWritable(db);
  } catch (err) {
    db.close();
    throw toStoreError(err, path);
  }
  const now = options.now ?? Date.now;
  const logger = options.logger;
  // The member is told "saving is unavailable"; the log gets the cause, once per failed call.
  const onUnavailable: UnavailableListener = (err, method) =>
    logger?.error(
      { err, reason: err.reason, path, method },
      `store ${err.reason}: ${method} failed; saving is unavailable, answers still work`,
    );
  const store = assemble(db, path, writable, now, { ...DEFAULT_RETENTION, ...options.answerLog }, onUnavailable);
  const every = options.checkpointEveryMs ?? DEFAULT_CHECKPOINT_EVERY_MS;
  if (writable && path !== ':memory:' && every > 0) {
    const stop = startCheckpoints(db, every, (err) => {
      const e = toStoreError(err, path);
      if (e instanceof StoreUnavailableError) onUnavailable(e, 'checkpoint');
      else logger?.error({ err, path }, 'store checkpoint failed');
    });
    const close = store.close;
    return {
      ...store,
      close: () => {
        stop();
        close();
      },
    };
  }
  if (writable) options.logger?.info({ path, schemaVersion: SCHEMA_VERSION }, 'store opened');
  else
    options.logger?.warn(
      { path, schemaVersion: SCHEMA_VERSION },
      'store opened read-only: saving will fail with StoreUnavailableError',
    );
  return store;
}

/**
 * Like openStore, but a failure to open yields a stand-in whose methods all throw the
 * StoreUnavailableError (logged once here with its cause), so start-up never fails on storage.
 * Programming errors (anything that is not a StoreUnavailableError) still throw.
 */
export function openStoreSafely(options: OpenStoreOptions): Store {
  try {
    return openStore(options);
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
    options.logger?.error(
      { err, reason: err.reason },
      `store unavailable: ${err.message}; saving features are off, answers still work`,
    );
    return unavailableStore(err, isMemoryPath(options.path) ? ':memory:' : nodePath.resolve(options.path));
  }
}

export function unavailableStore(error: StoreUnavailableError, path = ''): Store {
  const fail = (): never => {
    throw error;
  };
  return {
    available: false,
    error,
    writable: false,
    path,
    settings: throwingMethods<SettingsRepo>(SETTINGS_METHODS, error),
    faq: throwingMethods<FaqRepo>(FAQ_METHODS, error),
    checklists: throwingMethods<ChecklistRepo>(CHECKLIST_METHODS, error),
    answers: throwingMethods<AnswerLogRepo>(ANSWER_LOG_METHODS, error),
    forgetMember: fail,
    purgeGuild: fail,
    backup: () => Promise.reject(error),
    checkpoint: fail,
    close: () => {},
  };
}

function assemble(
  db: Db,
  path: string,
  writable: boolean,
  now: Clock,
  retention: AnswerLogRetention,
  onUnavailable: UnavailableListener,
): Store {
  const guard = <T extends object>(area: string, repo: T): T =>
    guardMethods(repo, path, (e, m) => onUnavailable(e, area ? `${area}.${m}` : m));
  const s = {
    forgetTicks: db.prepare<[string, string]>('DELETE FROM ticks WHERE guild_id = ? AND user_id = ?'),
    forgetVotes: db.prepare<[string, string]>('DELETE FROM votes WHERE guild_id = ? AND user_id = ?'),
    // Votes by others on these answers go too, through ON DELETE CASCADE.
    forgetQuestions: db.prepare<[string, string]>('DELETE FROM answers WHERE guild_id = ? AND user_id = ?'),
    purgeSettings: db.prepare<[string]>('DELETE FROM guild_settings WHERE guild_id = ?'),
    purgeFaq: db.prepare<[string]>('DELETE FROM faq_entries WHERE guild_id = ?'),
    purgeFaqVersion: db.prepare<[string]>('DELETE FROM faq_versions WHERE guild_id = ?'),
    purgeCustomItems: db.prepare<[string]>('DELETE FROM custom_items WHERE guild_id = ?'),
    purgeTicks: db.prepare<[string]>('DELETE FROM ticks WHERE guild_id = ?'),
    purgeVotes: db.prepare<[string]>('DELETE FROM votes WHERE guild_id = ?'),
    purgeAnswers: db.prepare<[string]>('DELETE FROM answers WHERE guild_id = ?'),
  };
  const id = (value: string, field: string): string => parseInput(idSchema, value, field);

  const forgetMember = db.transaction((guildId: string, userId: string): ForgetCounts => {
    const g = id(guildId, 'guildId');
    const u = id(userId, 'userId');
    // Own votes first, so the count is theirs and not the cascade's.
    const votes = s.forgetVotes.run(g, u).changes;
    const ticks = s.forgetTicks.run(g, u).changes;
    const questions = s.forgetQuestions.run(g, u).changes;
    return { ticks, votes, questions };
  });

  const purgeGuild = db.transaction((guildId: string): PurgeCounts => {
    const g = id(guildId, 'guildId');
    // Votes before answers so their count is reported rather than silently cascaded.
    const votes = s.purgeVotes.run(g).changes;
    const counts: PurgeCounts = {
      settings: s.purgeSettings.run(g).changes,
      faqEntries: s.purgeFaq.run(g).changes,
      customItems: s.purgeCustomItems.run(g).changes,
      ticks: s.purgeTicks.run(g).changes,
      answers: s.purgeAnswers.run(g).changes,
      votes,
    };
    // The global sequence keeps future versions distinct from any a cache saw before the purge.
    s.purgeFaqVersion.run(g);
    return counts;
  });

  const store: Store = {
    available: true,
    error: null,
    writable,
    path,
    settings: guard('settings', createSettingsRepo(db, now)),
    faq: guard('faq', createFaqRepo(db, now)),
    checklists: guard('checklists', createChecklistRepo(db, now)),
    answers: guard('answers', createAnswerLogRepo(db, now, retention)),
    ...guard('', {
      forgetMember: (guildId: string, userId: string) => forgetMember.immediate(guildId, userId),
      purgeGuild: (guildId: string) => purgeGuild.immediate(guildId),
      backup: (file: string): Promise<BackupResult> => backupDatabase(db, path, file),
      checkpoint: (): CheckpointResult => checkpoint(db),
    }),
    close: () => {
      if (db.open) db.close();
    },
  };
  return store;
}
