/**
 * Server FAQ entries written by recruiters. The search layer indexes them itself; the store
 * gives it `list` plus a cheap `version` to know when its index is stale.
 */
import { z } from 'zod';
import type { Clock, Db } from './db.js';
import { StoreConflictError, StoreLimitError, StoreNotFoundError, StoreValidationError } from './errors.js';
import { authorSchema, blockText, idSchema, lineText, parseInput, textKey, type Author } from './validation.js';

export const FAQ_LIMITS = { question: 200, answer: 1500, link: 500, author: 100, entriesPerGuild: 500 } as const;

const httpUrl = z.httpUrl();
/** An empty string (a modal field left blank) means "no link". */
const linkSchema = z
  .string()
  .trim()
  .max(FAQ_LIMITS.link, `The link can be at most ${FAQ_LIMITS.link} characters.`)
  .refine(
    (v) => v === '' || httpUrl.safeParse(v).success,
    'The link must be a full web address starting with http:// or https://.',
  )
  .transform((v) => (v === '' ? null : v));

export const faqInputSchema = z.object({
  question: lineText('question', FAQ_LIMITS.question),
  answer: blockText('answer', FAQ_LIMITS.answer),
  link: linkSchema.nullable().optional(),
});
export type FaqInput = z.input<typeof faqInputSchema>;

export const faqPatchSchema = faqInputSchema.partial();
export type FaqPatch = z.input<typeof faqPatchSchema>;

export type FaqEntry = {
  id: number;
  guildId: string;
  question: string;
  answer: string;
  link: string | null;
  authorId: string;
  authorName: string;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  /** Member id of the last editor (the author until someone edits). */
  updatedBy: string;
};

export const FAQ_EXPORT_VERSION = 1;

export const faqExportEntrySchema = z.object({
  question: lineText('question', FAQ_LIMITS.question),
  answer: blockText('answer', FAQ_LIMITS.answer),
  link: linkSchema.nullable(),
  /** Display name of the original author; ids mean nothing in another server. */
  author: lineText('author name', FAQ_LIMITS.author),
  updatedAt: z.iso.datetime({ offset: true, error: 'updatedAt must be an ISO date-time.' }),
});

export const faqExportSchema = z.object({
  version: z.literal(FAQ_EXPORT_VERSION, {
    error: `This is not a version ${FAQ_EXPORT_VERSION} Checkpoint FAQ export.`,
  }),
  guildId: z.string(),
  exportedAt: z.iso.datetime({ offset: true, error: 'exportedAt must be an ISO date-time.' }),
  entries: z
    .array(faqExportEntrySchema)
    .max(FAQ_LIMITS.entriesPerGuild, `An export holds at most ${FAQ_LIMITS.entriesPerGuild} entries.`),
});
/** The JSON file as written by `exportEntries` and accepted by `importEntries`. */
export type FaqExport = z.input<typeof faqExportSchema>;

export type FaqImportResult = { added: number; updated: number; unchanged: number };

export type FaqRepo = {
  /** @throws StoreValidationError, StoreLimitError (500 per guild), StoreConflictError (same question exists) */
  add(guildId: string, input: FaqInput, author: Author): FaqEntry;
  /** @throws StoreNotFoundError, StoreValidationError, StoreConflictError */
  edit(guildId: string, id: number, patch: FaqPatch, editorId: string): FaqEntry;
  /** Returns the removed entry, or null when there was none. */
  remove(guildId: string, id: number): FaqEntry | null;
  get(guildId: string, id: number): FaqEntry | null;
  /** All entries of the guild, alphabetical by question. At most 500. */
  list(guildId: string): FaqEntry[];
  count(guildId: string): number;
  /**
   * Changes whenever the guild's FAQ changes (add, edit, remove, import, purge) and never
   * repeats for a guild; 0 for a guild that never had entries. One indexed lookup.
   */
  version(guildId: string): number;
  /**
   * For autocomplete: entries whose question starts with the query first, then those in which
   * every query word starts a word of the question. Case- and spacing-insensitive.
   */
  find(guildId: string, query: string, limit?: number): FaqEntry[];
  exportEntries(guildId: string): FaqExport;
  /**
   * Validates the whole file first, then writes all-or-nothing. An entry whose question equals an
   * existing one (case-insensitive) updates it; others are added.
   * @throws StoreValidationError (message names the entry), StoreLimitError
   */
  importEntries(guildId: string, data: unknown, importer: Author): FaqImportResult;
};

export const FAQ_METHODS = {
  add: true,
  edit: true,
  remove: true,
  get: true,
  list: true,
  count: true,
  version: true,
  find: true,
  exportEntries: true,
  importEntries: true,
} as const satisfies Record<keyof FaqRepo, true>;

type FaqRow = {
  id: number;
  guild_id: string;
  question: string;
  question_key: string;
  answer: string;
  link: string | null;
  author_id: string;
  author_name: string;
  created_at: number;
  updated_at: number;
  updated_by: string;
};

const toEntry = (r: FaqRow): FaqEntry => ({
  id: r.id,
  guildId: r.guild_id,
  question: r.question,
  answer: r.answer,
  link: r.link,
  authorId: r.author_id,
  authorName: r.author_name,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

const COLUMNS =
  'id, guild_id, question, question_key, answer, link, author_id, author_name, created_at, updated_at, updated_by';
// Marks belong to words: in Devanagari or Thai a vowel sign is part of the word.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const words = (key: string): string[] => key.match(WORD) ?? [];
/** A question's words only: what two wordings of the same question share. Falls back to the key for punctuation-only text. */
const looseKey = (question: string): string => {
  const key = textKey(question);
  return words(key).join(' ') || key;
};

export function createFaqRepo(db: Db, now: Clock): FaqRepo {
  const s = {
    get: db.prepare<[string, number], FaqRow>(`SELECT ${COLUMNS} FROM faq_entries WHERE guild_id = ? AND id = ?`),
    byKey: db.prepare<[string, string], FaqRow>(
      `SELECT ${COLUMNS} FROM faq_entries WHERE guild_id = ? AND question_key = ?`,
    ),
    // Candidates for a loose match: keys containing the question's longest word (a C-side scan, no rows built in JS).
    keysWith: db.prepare<[string, string], { id: number; question_key: string }>(
      'SELECT id, question_key FROM faq_entries WHERE guild_id = ? AND instr(question_key, ?) > 0',
    ),
    list: db.prepare<[string], FaqRow>(
      `SELECT ${COLUMNS} FROM faq_entries WHERE guild_id = ? ORDER BY question_key, id`,
    ),
    count: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM faq_entries WHERE guild_id = ?'),
    insert: db.prepare<[Omit<FaqRow, 'id'>], FaqRow>(`
      INSERT INTO faq_entries (guild_id, question, question_key, answer, link, author_id, author_name, created_at, updated_at, updated_by)
      VALUES (@guild_id, @question, @question_key, @answer, @link, @author_id, @author_name, @created_at, @updated_at, @updated_by)
      RETURNING ${COLUMNS}`),
    update: db.prepare<
      [
        {
          id: number;
          question: string;
          question_key: string;
          answer: string;
          link: string | null;
          updated_at: number;
          updated_by: string;
        },
      ],
      FaqRow
    >(`
      UPDATE faq_entries SET question = @question, question_key = @question_key, answer = @answer, link = @link,
        updated_at = @updated_at, updated_by = @updated_by
      WHERE id = @id
      RETURNING ${COLUMNS}`),
    delete: db.prepare<[string, number]>('DELETE FROM faq_entries WHERE guild_id = ? AND id = ?'),
    version: db.prepare<[string], { version: number }>('SELECT version FROM faq_versions WHERE guild_id = ?'),
    nextSeq: db.prepare<[], { value: number }>(`
      INSERT INTO meta (key, value) VALUES ('faq_seq', 1)
      ON CONFLICT (key) DO UPDATE SET value = value + 1
      RETURNING value`),
    setVersion: db.prepare<[string, number]>(`
      INSERT INTO faq_versions (guild_id, version) VALUES (?, ?)
      ON CONFLICT (guild_id) DO UPDATE SET version = excluded.version`),
  };

  const bumpVersion = (guildId: string): void => {
    s.setVersion.run(guildId, s.nextSeq.get()!.value);
  };
  const count = (guildId: string): number => s.count.get(guildId)!.n;
  const guild = (guildId: string): string => parseInput(idSchema, guildId, 'guildId');
  // Ids arrive from autocomplete values and buttons as parsed strings: garbage simply finds nothing.
  const findRow = (guildId: string, id: number): FaqRow | undefined =>
    Number.isSafeInteger(id) && id > 0 ? s.get.get(guildId, id) : undefined;
  /**
   * The entry asking the same question: the same words, case, spacing and punctuation aside
   * ("Where do I park?" and "where do I park"). The exact key is indexed; the loose comparison
   * only looks at keys that contain the question's longest word.
   */
  const sameQuestion = (guildId: string, question: string): FaqRow | undefined => {
    const key = textKey(question);
    const exact = s.byKey.get(guildId, key);
    if (exact) return exact;
    const loose = looseKey(key);
    const longest = words(key).reduce((a, b) => (b.length > a.length ? b : a), '') || key;
    const hit = s.keysWith.all(guildId, longest).find((r) => looseKey(r.question_key) === loose);
    return hit ? s.get.get(guildId, hit.id) : undefined;
  };
  const duplicate = (existing: FaqRow): StoreConflictError =>
    new StoreConflictError(`There is already a FAQ entry with this question (#${existing.id}).`);

  const add = db.transaction((guildId: string, input: FaqInput, author: Author): FaqEntry => {
    guild(guildId);
    const v = parseInput(faqInputSchema, input);
    const a = parseInput(authorSchema, author, 'author.');
    const key = textKey(v.question);
    const existing = sameQuestion(guildId, v.question);
    if (existing) throw duplicate(existing);
    if (count(guildId) >= FAQ_LIMITS.entriesPerGuild) {
      throw new StoreLimitError(
        `This server already has ${FAQ_LIMITS.entriesPerGuild} FAQ entries, the most allowed. Remove one before adding another.`,
        FAQ_LIMITS.entriesPerGuild,
      );
    }
    const t = now();
    const row = s.insert.get({
      guild_id: guildId,
      question: v.question,
      question_key: key,
      answer: v.answer,
      link: v.link ?? null,
      author_id: a.id,
      author_name: a.name,
      created_at: t,
      updated_at: t,
      updated_by: a.id,
    })!;
    bumpVersion(guildId);
    return toEntry(row);
  });

  const edit = db.transaction((guildId: string, id: number, patch: FaqPatch, editorId: string): FaqEntry => {
    guild(guildId);
    const editor = parseInput(idSchema, editorId, 'editorId');
    const current = findRow(guildId, id);
    if (!current) throw new StoreNotFoundError(`There is no FAQ entry #${id} in this server.`);
    const v = parseInput(faqPatchSchema, patch);
    const question = v.question ?? current.question;
    const key = textKey(question);
    const clash = sameQuestion(guildId, question);
    if (clash && clash.id !== current.id) throw duplicate(clash);
    const row = s.update.get({
      id: current.id,
      question,
      question_key: key,
      answer: v.answer ?? current.answer,
      link: v.link === undefined ? current.link : v.link,
      updated_at: now(),
      updated_by: editor,
    })!;
    bumpVersion(guildId);
    return toEntry(row);
  });

  const remove = db.transaction((guildId: string, id: number): FaqEntry | null => {
    const current = findRow(guild(guildId), id);
    if (!current) return null;
    s.delete.run(guildId, current.id);
    bumpVersion(guildId);
    return toEntry(current);
  });

  const list = (guildId: string): FaqEntry[] => s.list.all(guild(guildId)).map(toEntry);

  const find = (guildId: string, query: string, limit = 25): FaqEntry[] => {
    const key = textKey(query);
    const all = s.list.all(guild(guildId));
    if (key === '') return all.slice(0, limit).map(toEntry);
    const wanted = words(key);
    const prefix: FaqRow[] = [];
    const byWords: FaqRow[] = [];
    for (const row of all) {
      if (row.question_key.startsWith(key)) prefix.push(row);
      else if (wanted.length > 0) {
        const have = words(row.question_key);
        if (wanted.every((w) => have.some((h) => h.startsWith(w)))) byWords.push(row);
      }
    }
    return [...prefix, ...byWords].slice(0, limit).map(toEntry);
  };

  const exportEntries = (guildId: string): FaqExport => ({
    version: FAQ_EXPORT_VERSION,
    guildId: guild(guildId),
    exportedAt: new Date(now()).toISOString(),
    entries: s.list.all(guildId).map((r) => ({
      question: r.question,
      answer: r.answer,
      link: r.link,
      author: r.author_name,
      updatedAt: new Date(r.updated_at).toISOString(),
    })),
  });

  const importEntries = db.transaction((guildId: string, data: unknown, importer: Author): FaqImportResult => {
    guild(guildId);
    const who = parseInput(authorSchema, importer, 'importer.');
    // Everything is validated before the first write; the transaction is the second safety net.
    const file = parseImportFile(data);
    const seen = new Map<string, number>();
    file.entries.forEach((e, i) => {
      const key = looseKey(e.question);
      const first = seen.get(key);
      if (first !== undefined) {
        throw new StoreValidationError(
          `Entries ${first + 1} and ${i + 1} have the same question.`,
          `entries.${i}.question`,
        );
      }
      seen.set(key, i);
    });
    const plan = file.entries.map((e) => ({
      entry: e,
      key: textKey(e.question),
      existing: sameQuestion(guildId, e.question),
    }));
    const adding = plan.filter((p) => !p.existing).length;
    const have = count(guildId);
    if (have + adding > FAQ_LIMITS.entriesPerGuild) {
      throw new StoreLimitError(
        `This import would add ${adding} entries to the ${have} this server has; the most allowed is ${FAQ_LIMITS.entriesPerGuild}. Nothing was imported.`,
        FAQ_LIMITS.entriesPerGuild,
      );
    }
    const result: FaqImportResult = { added: 0, updated: 0, unchanged: 0 };
    const t = now();
    for (const { entry, key, existing } of plan) {
      if (!existing) {
        s.insert.get({
          guild_id: guildId,
          question: entry.question,
          question_key: key,
          answer: entry.answer,
          link: entry.link,
          author_id: who.id,
          author_name: entry.author,
          created_at: t,
          updated_at: t,
          updated_by: who.id,
        });
        result.added++;
      } else if (
        existing.answer === entry.answer &&
        existing.link === entry.link &&
        existing.question === entry.question
      ) {
        result.unchanged++;
      } else {
        s.update.get({
          id: existing.id,
          question: entry.question,
          question_key: key,
          answer: entry.answer,
          link: entry.link,
          updated_at: t,
          updated_by: who.id,
        });
        result.updated++;
      }
    }
    if (result.added + result.updated > 0) bumpVersion(guildId);
    return result;
  });

  return {
    add: (guildId, input, author) => add.immediate(guildId, input, author),
    edit: (guildId, id, patch, editorId) => edit.immediate(guildId, id, patch, editorId),
    remove: (guildId, id) => remove.immediate(guildId, id),
    get: (guildId, id) => {
      const row = findRow(guild(guildId), id);
      return row ? toEntry(row) : null;
    },
    list,
    count: (guildId) => count(guild(guildId)),
    version: (guildId) => s.version.get(guild(guildId))?.version ?? 0,
    find,
    exportEntries,
    importEntries: (guildId, data, importer) => importEntries.immediate(guildId, data, importer),
  };
}

const notAnExport = (detail?: string) =>
  `The file is not a Checkpoint FAQ export${detail ? `: ${detail}` : ''}. Make one with /faq export.`;

/**
 * Validates an import file with messages a recruiter can act on: "Entry 4: The answer can be at
 * most 1500 characters.", "Entry 2: the author field is missing." — never zod's own wording.
 */
function parseImportFile(data: unknown): z.output<typeof faqExportSchema> {
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new StoreValidationError(notAnExport(), null);
  const result = faqExportSchema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.');
  const [top, index, name] = issue.path;
  // Our own messages (limits, empty text, bad link, version) say it already; zod's type errors do not.
  const typeError = issue.code === 'invalid_type';
  if (top === 'entries' && typeof index === 'number') {
    const what = typeof name === 'string' ? `the ${name} field` : 'it';
    const text = !typeError
      ? issue.message
      : name === undefined
        ? 'it is not an entry (expected an object).'
        : `${what} is missing or not ${issue.expected === 'string' ? 'text' : issue.expected}.`;
    throw new StoreValidationError(`Entry ${index + 1}: ${text}`, field);
  }
  if (top === 'version') throw new StoreValidationError(issue.message, field);
  if (top === 'entries' && !typeError) throw new StoreValidationError(issue.message, field);
  throw new StoreValidationError(
    notAnExport(typeError ? `${field} is missing or of the wrong kind` : issue.message.replace(/\.$/, '')),
    field || null,
  );
}
