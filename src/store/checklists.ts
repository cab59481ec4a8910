/**
 * Level checklists: mentors' custom items and members' ticks. Framework items live in the
 * documents and are identified by the caller's stable ids; the store does not know them and
 * never validates them beyond their shape, so a corpus update cannot break stored progress.
 */
import { z } from 'zod';
import { LEVELS, type Level } from '../corpus/types.js';
import type { Clock, Db } from './db.js';
import { StoreConflictError, StoreLimitError, StoreNotFoundError } from './errors.js';
import { authorSchema, idSchema, lineText, parseInput, textKey, type Author } from './validation.js';

export const CHECKLIST_LIMITS = { customText: 300, customItemsPerLevel: 25, itemId: 200 } as const;

/** Custom item ids are `custom:<rowid>`; the prefix keeps them apart from framework ids. */
export const CUSTOM_ITEM_PREFIX = 'custom:';
const customIdPattern = /^custom:(\d+)$/;

export const itemIdSchema = z
  .string()
  .min(1, 'A checklist item id is missing.')
  .max(CHECKLIST_LIMITS.itemId, 'A checklist item id is too long.');
const levelSchema = z.enum(LEVELS, { error: `The level must be one of: ${LEVELS.join(', ')}.` });

export const customItemInputSchema = z.object({
  level: levelSchema,
  text: lineText('checklist item', CHECKLIST_LIMITS.customText),
});
export type CustomItemInput = z.input<typeof customItemInputSchema>;

export type CustomItem = {
  /** `custom:<n>` */
  id: string;
  guildId: string;
  level: Level;
  text: string;
  authorId: string;
  authorName: string;
  createdAt: number;
};

export type TickResult = { changed: boolean };

export type ChecklistRepo = {
  /** @throws StoreValidationError, StoreConflictError (the same text on that level), StoreLimitError (25 per guild and level) */
  addCustomItem(guildId: string, input: CustomItemInput, author: Author): CustomItem;
  /** Removes the item and every member's tick on it. */
  removeCustomItem(guildId: string, itemId: string): { removed: CustomItem | null; ticksRemoved: number };
  getCustomItem(guildId: string, itemId: string): CustomItem | null;
  /** Oldest first, the order mentors added them. */
  listCustomItems(guildId: string, level: Level): CustomItem[];
  /** Idempotent. Ticking an unknown custom item throws StoreNotFoundError; framework ids are taken on trust. */
  tick(guildId: string, userId: string, itemId: string): TickResult;
  /** Idempotent. */
  untick(guildId: string, userId: string, itemId: string): TickResult;
  /**
   * One menu choice: ticks `tick` and unticks `untick`, all in one transaction (all or nothing).
   * Returns how many actually changed. An unknown custom item throws StoreNotFoundError and nothing is written.
   */
  setTicks(
    guildId: string,
    userId: string,
    changes: { tick: readonly string[]; untick: readonly string[] },
  ): { ticked: number; unticked: number };
  /** Ids the member has ticked in this guild, oldest tick first. */
  progress(guildId: string, userId: string): string[];
  /** How many members ticked each of `itemIds` (0 for items nobody ticked). */
  stats(guildId: string, itemIds: readonly string[]): Map<string, number>;
};

export const CHECKLIST_METHODS = {
  addCustomItem: true,
  removeCustomItem: true,
  getCustomItem: true,
  listCustomItems: true,
  tick: true,
  untick: true,
  setTicks: true,
  progress: true,
  stats: true,
} as const satisfies Record<keyof ChecklistRepo, true>;

type CustomItemRow = {
  id: number;
  guild_id: string;
  level: string;
  text: string;
  author_id: string;
  author_name: string;
  created_at: number;
};

const toItem = (r: CustomItemRow): CustomItem => ({
  id: `${CUSTOM_ITEM_PREFIX}${r.id}`,
  guildId: r.guild_id,
  level: r.level as Level,
  text: r.text,
  authorId: r.author_id,
  authorName: r.author_name,
  createdAt: r.created_at,
});

/** The row id of a custom item id, or null for framework ids. */
export const customRowId = (itemId: string): number | null => {
  const m = customIdPattern.exec(itemId);
  return m ? Number(m[1]) : null;
};

const COLUMNS = 'id, guild_id, level, text, author_id, author_name, created_at';

export function createChecklistRepo(db: Db, now: Clock): ChecklistRepo {
  const s = {
    getItem: db.prepare<[string, number], CustomItemRow>(
      `SELECT ${COLUMNS} FROM custom_items WHERE guild_id = ? AND id = ?`,
    ),
    listItems: db.prepare<[string, string], CustomItemRow>(
      `SELECT ${COLUMNS} FROM custom_items WHERE guild_id = ? AND level = ? ORDER BY id`,
    ),
    countItems: db.prepare<[string, string], { n: number }>(
      'SELECT count(*) AS n FROM custom_items WHERE guild_id = ? AND level = ?',
    ),
    insertItem: db.prepare<[Omit<CustomItemRow, 'id'>], CustomItemRow>(`
      INSERT INTO custom_items (guild_id, level, text, author_id, author_name, created_at)
      VALUES (@guild_id, @level, @text, @author_id, @author_name, @created_at)
      RETURNING ${COLUMNS}`),
    deleteItem: db.prepare<[string, number]>('DELETE FROM custom_items WHERE guild_id = ? AND id = ?'),
    deleteItemTicks: db.prepare<[string, string]>('DELETE FROM ticks WHERE guild_id = ? AND item_id = ?'),
    tick: db.prepare<[string, string, string, number]>(
      'INSERT INTO ticks (guild_id, user_id, item_id, ticked_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    untick: db.prepare<[string, string, string]>(
      'DELETE FROM ticks WHERE guild_id = ? AND user_id = ? AND item_id = ?',
    ),
    progress: db
      .prepare<[string, string], string>(
        'SELECT item_id FROM ticks WHERE guild_id = ? AND user_id = ? ORDER BY ticked_at, item_id',
      )
      .pluck(),
    // One query, one index range count per requested item (ticks_by_item covers it).
    stats: db.prepare<[string, string], { item_id: string; n: number }>(`
      SELECT j.value AS item_id, (SELECT count(*) FROM ticks t WHERE t.guild_id = ? AND t.item_id = j.value) AS n
      FROM json_each(?) j`),
  };

  const guild = (guildId: string): string => parseInput(idSchema, guildId, 'guildId');
  const member = (userId: string): string => parseInput(idSchema, userId, 'userId');
  const item = (itemId: string): string => parseInput(itemIdSchema, itemId, 'itemId');

  const addCustomItem = db.transaction((guildId: string, input: CustomItemInput, author: Author): CustomItem => {
    guild(guildId);
    const v = parseInput(customItemInputSchema, input);
    const a = parseInput(authorSchema, author, 'author.');
    const key = textKey(v.text);
    const same = s.listItems.all(guildId, v.level).find((r) => textKey(r.text) === key);
    if (same) throw new StoreConflictError(`The ${v.level} checklist already has this item (custom:${same.id}).`);
    if (s.countItems.get(guildId, v.level)!.n >= CHECKLIST_LIMITS.customItemsPerLevel) {
      throw new StoreLimitError(
        `The ${v.level} checklist already has ${CHECKLIST_LIMITS.customItemsPerLevel} custom items, the most allowed. Remove one first.`,
        CHECKLIST_LIMITS.customItemsPerLevel,
      );
    }
    const row = s.insertItem.get({
      guild_id: guildId,
      level: v.level,
      text: v.text,
      author_id: a.id,
      author_name: a.name,
      created_at: now(),
    })!;
    return toItem(row);
  });

  const getCustomItem = (guildId: string, itemId: string): CustomItem | null => {
    const rowId = customRowId(item(itemId));
    if (rowId === null) return null;
    const row = s.getItem.get(guild(guildId), rowId);
    return row ? toItem(row) : null;
  };

  const removeCustomItem = db.transaction((guildId: string, itemId: string) => {
    const found = getCustomItem(guildId, itemId);
    if (!found) return { removed: null, ticksRemoved: 0 };
    const ticksRemoved = s.deleteItemTicks.run(guildId, found.id).changes;
    s.deleteItem.run(guildId, customRowId(found.id)!);
    return { removed: found, ticksRemoved };
  });

  const tick = db.transaction((guildId: string, userId: string, itemId: string): TickResult => {
    guild(guildId);
    member(userId);
    item(itemId);
    // Checked inside the write transaction so a concurrent removal cannot leave an orphan tick.
    if (customRowId(itemId) !== null && !getCustomItem(guildId, itemId)) {
      throw new StoreNotFoundError('That checklist item no longer exists.');
    }
    return { changed: s.tick.run(guildId, userId, itemId, now()).changes > 0 };
  });

  const untick = db.transaction((guildId: string, userId: string, itemId: string): TickResult => ({
    changed: s.untick.run(guild(guildId), member(userId), item(itemId)).changes > 0,
  }));

  const setTicks = db.transaction(
    (guildId: string, userId: string, changes: { tick: readonly string[]; untick: readonly string[] }) => {
      let ticked = 0;
      let unticked = 0;
      for (const id of changes.tick) if (tick(guildId, userId, id).changed) ticked++;
      for (const id of changes.untick) if (untick(guildId, userId, id).changed) unticked++;
      return { ticked, unticked };
    },
  );

  return {
    addCustomItem: (guildId, input, author) => addCustomItem.immediate(guildId, input, author),
    removeCustomItem: (guildId, itemId) => removeCustomItem.immediate(guildId, itemId),
    getCustomItem,
    listCustomItems: (guildId, level) =>
      s.listItems.all(guild(guildId), parseInput(levelSchema, level, 'level')).map(toItem),
    tick: (guildId, userId, itemId) => tick.immediate(guildId, userId, itemId),
    untick: (guildId, userId, itemId) => untick.immediate(guildId, userId, itemId),
    setTicks: (guildId, userId, changes) => setTicks.immediate(guildId, userId, changes),
    progress: (guildId, userId) => s.progress.all(guild(guildId), member(userId)),
    stats: (guildId, itemIds) => {
      const counts = new Map<string, number>();
      for (const row of s.stats.all(guild(guildId), JSON.stringify(itemIds))) counts.set(row.item_id, row.n);
      return counts;
    },
  };
}
