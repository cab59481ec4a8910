/**
 * A server's checklist items as stored: the skills framework's statements for a level, then the
 * server's own items, and members' ticks on them.
 *
 * Stored ticks use stable item ids: framework passage ids (`…:<level>:<n>`, see
 * src/corpus/framework.ts) and `custom:<n>`. Menus carry a compact code instead (`f<k>` for the
 * k-th framework statement of the level, `c<n>` for custom item n), because Discord custom ids
 * and option values are short.
 */
import { levelStatements } from '../src/answers/views/levels.js';
import { PER_SELECT, type ChecklistItem } from '../src/answers/views/checklist.js';
import { LEVELS, type Level } from '../src/corpus/types.js';
import type { KnowledgeBase } from '../src/knowledge.js';
import type { Store } from '../src/store/index.js';

export const asLevel = (s: string | undefined): Level | null =>
  LEVELS.find(
    (l) =>
      l ===
      String(s ?? '')
        .trim()
        .toLowerCase(),
  ) ?? null;

/** The framework's statements for a level, then the server's own items (oldest first). */
export const checklistItems = (kb: KnowledgeBase, store: Store, guildId: string, level: Level): ChecklistItem[] => [
  ...levelStatements(kb, level).map((p, k): ChecklistItem => ({
    id: p.id,
    code: `f${k + 1}`,
    level,
    text: p.text,
    source: 'framework',
    passage: p,
  })),
  ...store.checklists.listCustomItems(guildId, level).map((c): ChecklistItem => ({
    id: c.id,
    code: `c${c.id.slice(c.id.indexOf(':') + 1)}`,
    level,
    text: c.text,
    source: 'server',
    author: c.authorName,
  })),
];

/**
 * Sets the member's ticks for one menu's items to exactly `selected` (codes), in one
 * transaction. Items outside the menu are untouched, so two menus (items 1–25, 26–35) never
 * undo each other.
 */
export const applySelection = (
  store: Store,
  guildId: string,
  userId: string,
  part: readonly ChecklistItem[],
  selected: readonly string[],
): { ticked: number; unticked: number } => {
  const want = new Set(selected);
  const have = new Set(store.checklists.progress(guildId, userId));
  const tick = part.filter((i) => want.has(i.code) && !have.has(i.id)).map((i) => i.id);
  const untick = part.filter((i) => !want.has(i.code) && have.has(i.id)).map((i) => i.id);
  if (tick.length === 0 && untick.length === 0) return { ticked: 0, unticked: 0 };
  return store.checklists.setTicks(guildId, userId, { tick, untick });
};

/** Where a code sorts: framework statements in order, then the server's items by id (the order they were added). */
const codeOrder = (code: string): number | null => {
  const m = /^([fc])(\d{1,12})$/.exec(code);
  if (!m) return null;
  return (m[1] === 'f' ? 0 : 1e13) + Number(m[2]);
};

/**
 * The items a tick menu covers: those from its first to its last code (args of newer menus),
 * or the n-th block of 25 (a menu sent before menus named their range). null: malformed.
 */
export const menuItems = (items: readonly ChecklistItem[], args: readonly string[]): ChecklistItem[] | null => {
  const [first, last] = args;
  if (last === undefined) {
    const chunk = /^\d{1,3}$/.test(first ?? '') ? Number(first) : null;
    return chunk === null ? null : items.slice(chunk * PER_SELECT, (chunk + 1) * PER_SELECT);
  }
  const from = codeOrder(first ?? '');
  const to = codeOrder(last);
  if (from === null || to === null || from > to) return null;
  return items.filter((i) => {
    const o = codeOrder(i.code)!;
    return o >= from && o <= to;
  });
};
