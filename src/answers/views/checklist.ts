/**
 * Level checklists as members and mentors see them: the skills framework's statements for a
 * level (quoted and cited) plus the server's own items, with a member's ticks. The items are
 * read from the store by the commands (commands/checklist-items.ts); this only shows them.
 */
import type { Citation } from '../answer.js';
import { citationFor } from '../answer.js';
import type { Level, Passage } from '../../corpus/types.js';
import type { KnowledgeBase } from '../../knowledge.js';
import type { Reply, ReplyItem, ReplySelect } from '../reply.js';
import { REPLY_LIMITS } from '../reply-limits.js';
import { truncate } from '../../text/cut.js';
import { attributionFor } from './shared.js';

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

export const LEVEL_NAMES: Readonly<Record<Level, string>> = {
  emerging: 'Emerging',
  developing: 'Developing',
  proficient: 'Proficient',
  advanced: 'Advanced',
};

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
/** Items one tick menu holds: a select menu's most options. */
export const PER_SELECT = REPLY_LIMITS.selectOptions;

/** A member's own checklist: what they ticked, a progress bar, and menus to tick and untick. */
export const memberChecklist = (
  kb: KnowledgeBase,
  level: Level,
  items: readonly ChecklistItem[],
  ticked: ReadonlySet<string>,
): Reply => {
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
  for (let start = 0; start < items.length && selects.length < REPLY_LIMITS.actionRows; start += PER_SELECT) {
    const part = items.slice(start, start + PER_SELECT);
    selects.push({
      action: 'tick',
      // The menu names its first and last item, not its position: items added or removed
      // meanwhile cannot shift other items into it (and untick them).
      args: [level, part[0]!.code, part.at(-1)!.code],
      placeholder:
        items.length > PER_SELECT
          ? `Tick what you've done (items ${start + 1}–${start + part.length})`
          : "Tick what you've done",
      options: part.map((i, k) => ({
        label: truncate(`${start + k + 1}. ${i.text}`, REPLY_LIMITS.selectOptionText),
        value: i.code,
        default: ticked.has(i.id),
      })),
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
