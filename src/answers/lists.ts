/**
 * Lists in the documents: a lead-in sentence ("Despite these challenges, the rewards are
 * significant:") and the items it introduces, or a section of labelled items (O*NET's skills).
 * A lead-in never stands alone — it says nothing without its items — and a question asking for
 * a list ("what skills do I need") gets the whole list, as one cited answer item.
 */
import type { Passage } from '../corpus/types.js';
import type { KnowledgeBase } from '../knowledge.js';
import { makeSnippet, markText, type Snippet } from './snippet.js';

export type PassageList = {
  /** The lead-in as a passage of its own, when the document has it as a paragraph. */
  lead: Passage | null;
  /** The lead-in's words ("Respondents said:"), shown above the items. */
  leadText: string | null;
  items: readonly Passage[];
};

/** Longer lists (a framework level's ten statements) stay item by item, paged. */
export const MAX_LIST_ITEMS = 8;

const listsCache = new WeakMap<KnowledgeBase, ReadonlyMap<string, PassageList>>();

/** Every passage that belongs to a list → its list; worked out once per knowledge base. */
const listsOf = (kb: KnowledgeBase): ReadonlyMap<string, PassageList> => {
  let byPassage = listsCache.get(kb);
  if (byPassage) return byPassage;
  const groups = new Map<string, Passage[]>();
  for (const p of kb.corpus.passages) {
    // Items introduced by a lead share it; labelled items without one share their section.
    if (!p.lead && !p.label) continue;
    const key = `${p.sourceId}\u0000${p.section.join('\u0000')}\u0000${p.lead ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const map = new Map<string, PassageList>();
  for (const items of groups.values()) {
    const first = items[0]!;
    const lead = first.lead
      ? (kb.corpus.passages.find(
          (p) => p.sourceId === first.sourceId && p.text === first.lead && p.section.join() === first.section.join(),
        ) ?? null)
      : null;
    if (items.length < 2 && !lead) continue;
    // A list without a lead-in is introduced by its heading ("Work Context:"), the document's own words.
    const list: PassageList = { lead, leadText: first.lead ?? `${first.section.at(-1)}:`, items };
    for (const p of items) map.set(p.id, list);
    if (lead) map.set(lead.id, list);
  }
  byPassage = map;
  listsCache.set(kb, byPassage);
  return byPassage;
};

export const listOf = (kb: KnowledgeBase, p: Passage): PassageList | null => listsOf(kb).get(p.id) ?? null;

/** Whether the passage is a lead-in, which must be shown with its items. */
export const isLeadIn = (kb: KnowledgeBase, p: Passage): boolean => listOf(kb, p)?.lead === p;

/** The list as one snippet: the lead-in, then each item on its own line (long items at their best sentences). */
export const listSnippet = (list: PassageList, matched: ReadonlySet<string>, focus?: ReadonlySet<string>): Snippet => {
  const lines = list.items.map((item) => `• ${makeSnippet(item.text, matched, undefined, focus).text}`);
  const text = [...(list.leadText ? [list.leadText] : []), ...lines].join('\n');
  return { text, marks: markText(text, matched) };
};
