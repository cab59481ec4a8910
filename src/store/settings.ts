/** Per-guild settings. A guild that never changed anything has no row and gets the defaults. */
import { z } from 'zod';
import type { Clock, Db } from './db.js';
import { idSchema, parseInput } from './validation.js';

const roleIdSchema = z.string().regex(/^\d{1,20}$/, 'That is not a Discord role id.');

export const guildSettingsSchema = z.object({
  mentorRoleId: roleIdSchema.nullable(),
  recruiterRoleId: roleIdSchema.nullable(),
  /** Answers are shown only to the asker (ephemeral) unless they choose to share. */
  answersPrivate: z.boolean(),
  /** Follow-up questions go in a thread under the first answer. */
  continueInThreads: z.boolean(),
});
export type GuildSettings = z.infer<typeof guildSettingsSchema>;

export const settingsPatchSchema = guildSettingsSchema.partial().strict();
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

/**
 * Public answers and no threads until an admin says otherwise: public answers let the whole
 * channel learn from one question, and creating threads needs a permission many servers don't grant.
 */
export const DEFAULT_SETTINGS: Readonly<GuildSettings> = Object.freeze({
  mentorRoleId: null,
  recruiterRoleId: null,
  answersPrivate: false,
  continueInThreads: false,
});

export type SettingsRepo = {
  get(guildId: string): GuildSettings;
  /** Merges the patch into the current settings and returns the result. */
  update(guildId: string, patch: SettingsPatch, updatedBy?: string | null): GuildSettings;
};

export const SETTINGS_METHODS = { get: true, update: true } as const satisfies Record<keyof SettingsRepo, true>;

type SettingsRow = {
  mentor_role_id: string | null;
  recruiter_role_id: string | null;
  answers_private: number;
  continue_in_threads: number;
};

export function createSettingsRepo(db: Db, now: Clock): SettingsRepo {
  const select = db.prepare<[string], SettingsRow>(
    'SELECT mentor_role_id, recruiter_role_id, answers_private, continue_in_threads FROM guild_settings WHERE guild_id = ?',
  );
  const upsert = db.prepare(`
    INSERT INTO guild_settings (guild_id, mentor_role_id, recruiter_role_id, answers_private, continue_in_threads, updated_at, updated_by)
    VALUES (@guildId, @mentorRoleId, @recruiterRoleId, @answersPrivate, @continueInThreads, @updatedAt, @updatedBy)
    ON CONFLICT (guild_id) DO UPDATE SET
      mentor_role_id = excluded.mentor_role_id,
      recruiter_role_id = excluded.recruiter_role_id,
      answers_private = excluded.answers_private,
      continue_in_threads = excluded.continue_in_threads,
      updated_at = excluded.updated_at,
      updated_by = excluded.updated_by`);

  const get = (guildId: string): GuildSettings => {
    const row = select.get(parseInput(idSchema, guildId, 'guildId'));
    if (!row) return { ...DEFAULT_SETTINGS };
    return {
      mentorRoleId: row.mentor_role_id,
      recruiterRoleId: row.recruiter_role_id,
      answersPrivate: row.answers_private === 1,
      continueInThreads: row.continue_in_threads === 1,
    };
  };

  const update = db.transaction(
    (guildId: string, patch: SettingsPatch, updatedBy: string | null = null): GuildSettings => {
      const changes = parseInput(settingsPatchSchema, patch);
      const next: GuildSettings = { ...get(guildId), ...stripUndefined(changes) };
      upsert.run({
        guildId,
        mentorRoleId: next.mentorRoleId,
        recruiterRoleId: next.recruiterRoleId,
        answersPrivate: next.answersPrivate ? 1 : 0,
        continueInThreads: next.continueInThreads ? 1 : 0,
        updatedAt: now(),
        updatedBy,
      });
      return next;
    },
  );

  return { get, update: (guildId, patch, updatedBy) => update.immediate(guildId, patch, updatedBy ?? null) };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
