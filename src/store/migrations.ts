/**
 * Schema history. Append only: a released migration is never edited, because databases in the
 * field already ran it. `PRAGMA user_version` records how many of these a file has applied.
 *
 * Conventions: STRICT tables so a wrong JS type is an error instead of silent coercion;
 * timestamps are integer milliseconds since the epoch; every row carries guild_id so that a
 * guild's data can be purged with plain indexed deletes.
 */
export type Migration = { readonly version: number; readonly name: string; readonly sql: string };

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: /* sql */ `
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE guild_settings (
        guild_id            TEXT PRIMARY KEY,
        mentor_role_id      TEXT,
        recruiter_role_id   TEXT,
        answers_private     INTEGER NOT NULL,
        continue_in_threads INTEGER NOT NULL,
        updated_at          INTEGER NOT NULL,
        updated_by          TEXT
      ) STRICT;

      -- AUTOINCREMENT so an id shown in an old autocomplete list can never point at a newer entry.
      CREATE TABLE faq_entries (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        guild_id     TEXT NOT NULL,
        question     TEXT NOT NULL,
        question_key TEXT NOT NULL,
        answer       TEXT NOT NULL,
        link         TEXT,
        author_id    TEXT NOT NULL,
        author_name  TEXT NOT NULL,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL,
        updated_by   TEXT NOT NULL,
        UNIQUE (guild_id, question_key)
      ) STRICT;

      -- The value is drawn from a global sequence (meta.faq_seq) so that it never repeats for a
      -- guild, not even after a purge: a cache keyed on it can never serve stale entries.
      CREATE TABLE faq_versions (
        guild_id TEXT PRIMARY KEY,
        version  INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE custom_items (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        guild_id    TEXT NOT NULL,
        level       TEXT NOT NULL,
        text        TEXT NOT NULL,
        author_id   TEXT NOT NULL,
        author_name TEXT NOT NULL,
        created_at  INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX custom_items_by_level ON custom_items (guild_id, level, id);

      CREATE TABLE ticks (
        guild_id  TEXT NOT NULL,
        user_id   TEXT NOT NULL,
        item_id   TEXT NOT NULL,
        ticked_at INTEGER NOT NULL,
        PRIMARY KEY (guild_id, user_id, item_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX ticks_by_item ON ticks (guild_id, item_id);

      CREATE TABLE answers (
        id               TEXT PRIMARY KEY,
        guild_id         TEXT NOT NULL,
        user_id          TEXT NOT NULL,
        channel_id       TEXT NOT NULL,
        query            TEXT NOT NULL,
        normalized_query TEXT NOT NULL,
        answered         INTEGER NOT NULL,
        topic            TEXT,
        created_at       INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX answers_by_time ON answers (guild_id, created_at);
      CREATE INDEX answers_by_user ON answers (guild_id, user_id);

      -- guild_id is copied from the answer so forget/purge need no join.
      CREATE TABLE votes (
        answer_id TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
        user_id   TEXT NOT NULL,
        guild_id  TEXT NOT NULL,
        helpful   INTEGER NOT NULL,
        voted_at  INTEGER NOT NULL,
        PRIMARY KEY (answer_id, user_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX votes_by_member ON votes (guild_id, user_id);
    `,
  },
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;
