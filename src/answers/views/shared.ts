/**
 * What every topic view shares: where a passage sits (the topic its heading names), document
 * order, sub-headings, the licence attribution, and turning passages into a cited Reply.
 * Sections are found through the passages' topics, structured data and headings — never by
 * document id or wording — so a new occupation's documents show up without code changes.
 */
import type { Level, Passage } from '../../corpus/types.js';
import type { TopicDef } from '../../corpus/topics.js';
import type { KnowledgeBase } from '../../knowledge.js';
import type { Reply, ReplyItem } from '../reply.js';
import { truncate } from '../../text/cut.js';
import { buildAnswer, citationFor, type Answer, type Citation } from '../answer.js';

/** One passage to show, with an optional sub-heading above it. */
export type Shown = { passage: Passage; heading?: string; whole?: boolean };

export const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** User text echoed in interface text: no control/format characters, collapsed, bounded. */
export const cleanUserText = (s: string, max = 80): string => {
  const flat = s.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  return truncate(flat, max);
};

export const byDocumentOrder = (kb: KnowledgeBase) => {
  const rank = new Map(kb.corpus.sources.map((s, i) => [s.id, i]));
  return (a: Passage, b: Passage) => (rank.get(a.sourceId) ?? 0) - (rank.get(b.sourceId) ?? 0) || a.order - b.order;
};

export const kindOf = (kb: KnowledgeBase, p: Passage) => kb.corpus.sources.find((s) => s.id === p.sourceId)?.kind;
export const shortTitle = (kb: KnowledgeBase, p: Passage) => kb.source(p.sourceId).shortTitle;

/** A topic's section phrases, matched like the corpus tagger does (case-insensitive, whole words). */
export const norm = (s: string) =>
  ` ${s
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[^a-z0-9'$-]+/g, ' ')
    .trim()} `;

/** The topic a heading names most specifically (longest matching section phrase), or null. */
export const headingTopic = (topics: readonly TopicDef[], heading: string): string | null => {
  const hay = norm(heading);
  let best: { id: string; len: number } | null = null;
  for (const t of topics) {
    for (const phrase of t.sections) {
      const n = norm(phrase);
      if (hay.includes(n) && (!best || n.length > best.len)) best = { id: t.id, len: n.length };
    }
  }
  return best?.id ?? null;
};

/**
 * Where a passage sits: the deepest heading of its section path that names a topic, that
 * topic, and how deep the heading is. "Training and Qualifications › Airport and Port Duties"
 * anchors on duties; "Continuing Education … › Staying Updated …" falls back to its parent.
 */
export const anchorOf = (kb: KnowledgeBase, p: Passage): { topic: string | null; depth: number } => {
  for (let i = p.section.length - 1; i >= 0; i--) {
    const topic = headingTopic(kb.corpus.topics, p.section[i]!);
    if (topic) return { topic, depth: i };
  }
  return { topic: null, depth: -1 };
};

export const isLevelStatement = (p: Passage) => p.data?.kind === 'level-statement';

/** Heading when the document or section changes: "O*NET profile — Tasks". */
export const sectionHeadings = (kb: KnowledgeBase, passages: readonly Passage[]): Shown[] => {
  let prev = '';
  return passages.map((p) => {
    const key = `${p.sourceId}|${p.section.join('|')}`;
    const heading = key !== prev ? `${shortTitle(kb, p)} — ${p.section.at(-1) ?? ''}`.replace(/ — $/, '') : undefined;
    prev = key;
    return heading ? { passage: p, heading } : { passage: p };
  });
};

export const topicLabel = (kb: KnowledgeBase, id: string): string =>
  kb.corpus.topics.find((t) => t.id === id)?.label ?? id;

/** Licences that oblige us to credit the source beside the text (Creative Commons BY family). */
export const NEEDS_ATTRIBUTION = /\bCC[ -]?BY\b/i;

/**
 * The attribution text the licences of the cited documents require (O*NET: CC BY 4.0,
 * USDOL/ETA), one line per document, in citation order; undefined when none is required.
 */
export const attributionFor = (kb: KnowledgeBase, citations: readonly Citation[]): string | undefined => {
  const lines: string[] = [];
  for (const c of citations) {
    if (c.serverWritten) continue;
    const src = kb.corpus.sources.find((s) => s.id === c.sourceId);
    if (src && NEEDS_ATTRIBUTION.test(src.licence) && !lines.includes(src.attribution)) lines.push(src.attribution);
  }
  return lines.length > 0 ? lines.join('\n') : undefined;
};

export const toItems = (answer: Answer, shown: readonly { heading?: string }[]): ReplyItem[] =>
  answer.items.map((it, i) => {
    const item: ReplyItem = { text: it.text, cite: it.cite };
    if (it.marks.length > 0) item.marks = it.marks.map(([a, b]) => [a, b]);
    const heading = shown[i]?.heading;
    if (heading) item.heading = heading;
    return item;
  });

/** Quoted passages → a cited Reply (citations numbered by first appearance). */
export const quoted = (
  kb: KnowledgeBase,
  head: {
    title: string;
    intro?: string;
    query: string;
    topic: string | null;
    role?: string | null;
    level?: Level | null;
  },
  shown: readonly Shown[],
  matched: ReadonlySet<string> = new Set(),
): Reply => {
  const answer = buildAnswer(
    { query: head.query, topic: head.topic, role: head.role ?? null, level: head.level ?? null, corrections: [] },
    shown.map((s) => ({
      passage: s.passage,
      score: 1,
      matched,
      citation: citationFor(kb, s.passage),
      whole: s.whole ?? false,
    })),
  );
  const reply: Reply = {
    outcome: answer.answered ? 'answered' : 'declined',
    title: head.title,
    items: toItems(answer, shown),
    citations: answer.citations,
    answer,
  };
  if (head.intro) reply.intro = head.intro;
  const attribution = attributionFor(kb, answer.citations);
  if (attribution) reply.attribution = attribution;
  return reply;
};

export const message = (
  title: string,
  intro: string,
  outcome: Reply['outcome'] = 'declined',
  suggestions?: string[],
): Reply => {
  const reply: Reply = { outcome, title, intro, items: [], citations: [] };
  if (suggestions && suggestions.length > 0) reply.suggestions = suggestions;
  return reply;
};

export const nothingFound = (what: string) => message(what, `My sources have nothing on ${what.toLowerCase()}.`);
