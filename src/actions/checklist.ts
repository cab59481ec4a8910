/**
 * Level checklists: the skills framework's statements for a level (quoted and cited) plus the
 * server's own items, members' ticks, and the views built from them.
 *
 * Stored ticks use stable item ids: framework passage ids (`…:<level>:<n>`, see
 * src/corpus/framework.ts) and `custom:<n>`. Buttons and menus carry a compact code instead
 * (`f<k>` for the k-th framework statement of the level, `c<n>` for custom item n), because
 * Discord custom ids and option values are short.
 */
import type { Citation } from '../answers/answer.js';
import { citationFor } from '../answers/answer.js';
import { attributionFor, levelStatements } from '../answers/views.js';
import { LEVELS, type Level, type Passage } from '../corpus/types.js';
import type { KnowledgeBase } from '../knowledge.js';
import type { Reply, ReplyItem, ReplySelect } from '../answers/reply.js';
import type { Store } from '../store/index.js';
import { truncate } from '../text/cut.js';

export type ChecklistItem = {
  /** Stable id stored with ticks. */
  id: string;
  /** Compact code for custom ids and menu values. */
  code: string;
  level: Level;
  text: string;
  source: 'framework' | 'server';
  passage?: Passage;
  author?: string;
};

export const LEVEL_NAMES: Readonly<Record<Level, string>> = { emerging: 'Emerging', developing: 'Developing', proficient: 'Proficient', advanced: 'Advanced' };

export const asLevel = (s: string | undefined): Level | null => LEVELS.find((l) => l === String(s ?? '').trim().toLowerCase()) ?? null;

/** The framework's statements for a level, then the server's own items (oldest first). */
export const checklistItems = (kb: KnowledgeBase, store: Store, guildId: string, level: Level): ChecklistItem[] => [
  ...levelStatements(kb, level).map((p, k): ChecklistItem => ({ id: p.id, code: `f${k + 1}`, level, text: p.text, source: 'framework', passage: p })),
  ...store.checklists.listCustomItems(guildId, level).map(
    (c): ChecklistItem => ({ id: c.id, code: `c${c.id.slice(c.id.indexOf(':') + 1)}`, level, text: c.text, source: 'server', author: c.authorName }),
  ),
];

/** `▰▰▰▱▱▱▱▱▱▱ 3/10` */
export const progressBar = (done: number, total: number, width = 10): string => {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
  return `${'▰'.repeat(filled)}${'▱'.repeat(width - filled)} ${done}/${total}`;
};

/** Citations for the framework items, numbered by first appearance (one per document section). */
const citeItems = (kb: KnowledgeBase, items: readonly ChecklistItem[]) => {
  const citations: Citation[] = [];
  const citeOf = (p: Passage): number => {
    const c = citationFor(kb, p);
    let found = citations.find((x) => x.sourceId === c.sourceId && x.section === c.section);
    if (!found) {
      found = { ...c, n: citations.length + 1 };
      citations.push(found);
    }
    return found.n;
  };
  const cites = new Map(items.filter((i) => i.passage).map((i) => [i.id, citeOf(i.passage!)]));
  return { citations, cites };
};

export const SERVER_ITEMS_HEADING = "This server's own items (added by its mentors, not from the framework)";

/** The checklist a mentor posts to a channel: framework statements (cited), then the server's items apart. */
export const postedChecklist = (kb: KnowledgeBase, level: Level, items: readonly ChecklistItem[]): Reply => {
  const { citations, cites } = citeItems(kb, items);
  const framework = items.filter((i) => i.source === 'framework');
  const server = items.filter((i) => i.source === 'server');
  const out: ReplyItem[] = [];
  framework.forEach((i, k) => {
    const item: ReplyItem = { text: i.text, cite: cites.get(i.id)! };
    if (k === 0) item.heading = 'From the skills framework';
    out.push(item);
  });
  server.forEach((i, k) => {
    const item: ReplyItem = { text: i.author ? `${i.text} (added by ${i.author})` : i.text };
    if (k === 0) item.heading = SERVER_ITEMS_HEADING;
    out.push(item);
  });
  const reply: Reply = {
    outcome: items.length > 0 ? 'info' : 'declined',
    title: `${LEVEL_NAMES[level]} level checklist`,
    intro: `${items.length} items. Press “Track my progress” to tick them off privately.`,
    items: out,
    citations,
    buttons: [{ kind: 'action', label: 'Track my progress', action: 'track', args: [level], style: 'primary' }],
  };
  const attribution = attributionFor(kb, citations);
  if (attribution) reply.attribution = attribution;
  return reply;
};

const MEMBER_VIEW_BUDGET = 3000;
const PER_SELECT = 25;

/** A member's own checklist: what they ticked, a progress bar, and menus to tick and untick. */
export const memberChecklist = (kb: KnowledgeBase, level: Level, items: readonly ChecklistItem[], ticked: ReadonlySet<string>): Reply => {
  const { citations, cites } = citeItems(kb, items);
  const done = items.filter((i) => ticked.has(i.id)).length;
  // Short lines so even 35 items fit one message; the posted checklist has the full text.
  const room = Math.max(40, Math.min(200, Math.floor(MEMBER_VIEW_BUDGET / Math.max(items.length, 1)) - 10));
  const lines: ReplyItem[] = items.map((i, k) => {
    const item: ReplyItem = { text: `${k + 1}. ${ticked.has(i.id) ? '☑' : '☐'} ${truncate(i.text, room)}` };
    const n = cites.get(i.id);
    if (n !== undefined) item.cite = n;
    if (i.source === 'server' && (k === 0 || items[k - 1]!.source !== 'server')) item.heading = SERVER_ITEMS_HEADING;
    return item;
  });
  const selects: ReplySelect[] = [];
  for (let start = 0; start < items.length && selects.length < 5; start += PER_SELECT) {
    const part = items.slice(start, start + PER_SELECT);
    selects.push({
      action: 'tick',
      // The menu names its first and last item, not its position: items added or removed
      // meanwhile cannot shift other items into it (and untick them).
      args: [level, part[0]!.code, part.at(-1)!.code],
      placeholder: items.length > PER_SELECT ? `Tick what you've done (items ${start + 1}–${start + part.length})` : "Tick what you've done",
      options: part.map((i, k) => ({ label: truncate(`${start + k + 1}. ${i.text}`, 100), value: i.code, default: ticked.has(i.id) })),
      min: 0,
      max: part.length,
    });
  }
  const reply: Reply = {
    outcome: 'info',
    title: `Your ${LEVEL_NAMES[level]} checklist`,
    intro: `${progressBar(done, items.length)}\nOnly you can see this. Open the menu to tick or untick items.`,
    items: lines,
    citations,
    private: true,
    shareable: false,
  };
  if (selects.length) reply.select = selects;
  const attribution = attributionFor(kb, citations);
  if (attribution) reply.attribution = attribution;
  return reply;
};

/**
 * Sets the member's ticks for one menu's items to exactly `selected` (codes), in one
 * transaction. Items outside the menu are untouched, so two menus (items 1–25, 26–35) never
 * undo each other.
 */
export const applySelection = (store: Store, guildId: string, userId: string, part: readonly ChecklistItem[], selected: readonly string[]): { ticked: number; unticked: number } => {
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
