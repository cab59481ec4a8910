/**
 * The Answer model: the best passages for a question as quoted snippets, each with a numbered
 * citation, plus the de-duplicated list of documents cited. Platform-neutral: the console,
 * the JSON interface and Discord all render this same object.
 */
import type { Level, Passage, SourceDocument } from '../corpus/types.js';
import { sectionTitle } from '../corpus/types.js';
import type { KnowledgeBase } from '../knowledge.js';
import { analyzeQuery, type QueryAnalysis } from '../search/analyze.js';
import { search, searchTopic, type Hit } from '../search/search.js';
import { rankingOptions } from '../search/ranking-options.js';
import { makeSnippet, type Snippet } from './snippet.js';
import { isLeadIn, listOf, listSnippet, MAX_LIST_ITEMS, type PassageList } from './lists.js';

export type Citation = {
  n: number;
  sourceId: string;
  title: string;
  section: string;
  publisher: string;
  url: string | null;
  licence: string;
  /** Server-written content (a recruiter's FAQ entry) rather than a published document. */
  serverWritten?: { author: string; updatedAt: string };
};

export type AnswerItem = Snippet & { cite: number; score: number; passageId: string; heading?: string };

export type DeclineReason = 'empty' | 'not-covered' | 'out-of-scope';

export type Answer = {
  query: string;
  answered: boolean;
  topic: string | null;
  role: string | null;
  level: Level | null;
  items: AnswerItem[];
  citations: Citation[];
  /** Words we read differently from how they were typed ("salery" → "salary"). */
  corrections: { from: string; to: string }[];
  declineReason?: DeclineReason;
  /** When declined: what the bot can answer instead. */
  suggestions: string[];
  /** Lines of fixed interface text about the answer ("the documents speak of … in general"). */
  notes: string[];
  /** An overview's parts: the commands that show each topic whole ("/education"). */
  see: string[];
};

const {
  maxItems,
  perSection: PER_SECTION,
  relativeFloor: RELATIVE_FLOOR,
  serverFaqBoost: SERVER_FAQ_BOOST,
  faqMinCoverage: FAQ_MIN_COVERAGE,
  maxTableRows: MAX_TABLE_ROWS,
} = rankingOptions.answer;
/** Passages in a full answer; More results shows the rest. */
export const MAX_ITEMS = maxItems;

/** Extra searchable content beside the documents (a server's FAQ). */
export type ExtraSource = (q: QueryAnalysis) => { hits: Hit[]; citationFor: (p: Passage) => Omit<Citation, 'n'> };

export type AskOptions = { limit?: number; extra?: ExtraSource };

const citationCache = new WeakMap<Passage, Readonly<Omit<Citation, 'n'>>>();
/** Where a passage comes from; worked out once per passage (a question weighs dozens of them). */
export const citationFor = (kb: KnowledgeBase, p: Passage): Omit<Citation, 'n'> => {
  let c = citationCache.get(p);
  if (!c) {
    const src: SourceDocument = kb.source(p.sourceId);
    c = {
      sourceId: src.id,
      title: src.title,
      section: sectionTitle(p.section),
      publisher: src.publisher,
      url: src.url,
      licence: src.licence,
    };
    citationCache.set(p, c);
  }
  return c;
};

/** Numbers citations by first appearance; items from the same document section share one. */
export type PickedPassage = {
  passage: Passage;
  score: number;
  matched: ReadonlySet<string>;
  citation: Omit<Citation, 'n'>;
  whole?: boolean;
  /** Shown as the whole list it belongs to. */
  list?: PassageList;
  /** The part of an overview this item answers ("Education"): interface text from data/topics.json. */
  heading?: string;
};

export const buildAnswer = (
  base: Pick<Answer, 'query' | 'topic' | 'role' | 'level' | 'corrections'> & Partial<Pick<Answer, 'notes' | 'see'>>,
  picked: readonly PickedPassage[],
  focus?: ReadonlySet<string>,
): Answer => {
  const citations: Citation[] = [];
  const items: AnswerItem[] = picked.map(({ passage, score, matched, citation, whole, list, heading }) => {
    let c = citations.find((x) => x.sourceId === citation.sourceId && x.section === citation.section);
    if (!c) {
      c = { ...citation, n: citations.length + 1 };
      citations.push(c);
    }
    const snippet = list
      ? listSnippet(list, matched, focus)
      : whole
        ? makeSnippet(passage.text, matched, 4000)
        : makeSnippet(passage.text, matched, undefined, focus);
    return {
      ...snippet,
      cite: c.n,
      score: Math.round(score * 1000) / 1000,
      passageId: passage.id,
      ...(heading ? { heading } : {}),
    };
  });
  return { notes: [], see: [], ...base, answered: items.length > 0, items, citations, suggestions: [] };
};

export const askQuestion = (kb: KnowledgeBase, rawQuery: string, opts: AskOptions = {}): Answer => {
  const limit = Math.min(opts.limit ?? MAX_ITEMS, 10);
  const q = analyzeQuery(kb.index, rawQuery);
  const base = {
    query: rawQuery,
    topic: q.topic,
    role: q.role?.name ?? null,
    level: q.level,
    corrections: q.groups.filter((g) => g.corrected).map((g) => ({ from: findTyped(rawQuery, g), to: g.word })),
  };
  if (q.groups.length === 0) return decline(kb, base, rawQuery.trim() === '' ? 'empty' : 'not-covered');
  if (q.outOfScope) return { ...decline(kb, base, 'out-of-scope'), notes: [q.outOfScope.label] };

  const extra = opts.extra?.(q);
  // A broad question gets the overview — unless the server's FAQ answers it in its own words.
  if (q.overview && !extra?.hits.some((h) => h.coverage >= FAQ_MIN_COVERAGE)) {
    const overview = overviewAnswer(kb, q, base, limit);
    if (overview) return overview;
  }

  const docs = search(kb.index, q, { limit: 30 });
  // A comparison the documents can make ("which role pays the most"), not one naming what they
  // lack ("secret service or border patrol, which pays more").
  if (q.comparison && docs.confident) {
    const rows = [...kb.salaryRows];
    if (rows.length > 0) {
      const key = (p: Passage) =>
        p.data?.kind === 'salary'
          ? q.comparison!.by === 'growth'
            ? p.data.growthPct
            : p.data.salaryMax + p.data.salaryMin / 1e6
          : 0;
      rows.sort((a, b) => (q.comparison!.order === 'desc' ? key(b) - key(a) : key(a) - key(b)));
      const matched = new Set(q.groups.flatMap((g) => [g.term, ...g.alternatives]));
      return buildAnswer(
        { ...base, topic: 'salary' },
        rows
          .slice(0, MAX_TABLE_ROWS)
          .map((p, i) => ({ passage: p, score: 1 - i * 0.01, matched, citation: citationFor(kb, p) })),
      );
    }
  }

  // Where the documents do not answer the question, only FAQ entries that do answer it count.
  const faqHits = (extra?.hits ?? []).filter((h) => docs.confident || h.coverage >= FAQ_MIN_COVERAGE);
  const candidates = [
    ...(docs.confident ? docs.hits : []).map((h) => ({ ...h, citation: citationFor(kb, h.passage) })),
    // A server's own FAQ was written for exactly its members' questions: it leads when it matches.
    ...faqHits.map((h) => ({ ...h, score: h.score * SERVER_FAQ_BOOST, citation: extra!.citationFor(h.passage) })),
  ].sort((a, b) => b.score - a.score);
  if (candidates.length === 0) return decline(kb, base, 'not-covered', docs.hits[0]?.passage);

  const picked = withLists(kb, pickDiverse(candidates, limit), q.wantsList);
  return buildAnswer(
    { ...base, notes: roleNote(q) },
    picked.map((h) => ({
      passage: h.passage,
      score: h.score,
      matched: new Set(h.matched),
      citation: h.citation,
      ...(h.list ? { list: h.list } : {}),
    })),
    focusOf(q),
  );
};

/** The stems of what the question asks about (its words that are not context). */
const focusOf = (q: QueryAnalysis): ReadonlySet<string> =>
  new Set(q.groups.filter((g) => !g.context).flatMap((g) => [g.term, ...g.alternatives]));

/** Said once when a role was named but the documents answer for every role alike. */
const roleNote = (q: QueryAnalysis): string[] =>
  q.roleIsContext && q.role
    ? [`The documents speak of these careers in general here, not of the ${q.role.name} role in particular.`]
    : [];

/**
 * A lead-in is shown with its items; when the question asks for a list, an item is shown with
 * its whole list (once, however many of its items matched).
 */
const withLists = <H extends { passage: Passage }>(
  kb: KnowledgeBase,
  hits: readonly H[],
  wantsList: boolean,
): (H & { list?: PassageList })[] => {
  const out: (H & { list?: PassageList })[] = [];
  const shown = new Set<PassageList>();
  for (const h of hits) {
    const list = listOf(kb, h.passage);
    const expand = list && list.items.length <= MAX_LIST_ITEMS && (wantsList || isLeadIn(kb, h.passage));
    if (!list || !expand) {
      if (list && shown.has(list)) continue;
      out.push(h);
      continue;
    }
    if (shown.has(list)) continue;
    shown.add(list);
    // The list replaces any of its items already shown.
    for (let i = out.length - 1; i >= 0; i--) if (listOf(kb, out[i]!.passage) === list) out.splice(i, 1);
    out.push({ ...h, list });
  }
  return out;
};

/**
 * A broad question: the best passage of each part topic in the overview's order (one list or
 * passage per part, no section twice), then the commands that show each part whole.
 */
const overviewAnswer = (
  kb: KnowledgeBase,
  q: QueryAnalysis,
  base: Parameters<typeof buildAnswer>[0],
  limit: number,
): Answer | null => {
  const overview = q.overview!;
  const picked: PickedPassage[] = [];
  const usedSections = new Set<string>();
  const usedLists = new Set<PassageList>();
  for (const part of overview.parts) {
    if (picked.length >= limit) break;
    for (const h of searchTopic(kb.index, q, part, 6)) {
      const citation = citationFor(kb, h.passage);
      const key = `${citation.sourceId}|${citation.section}`;
      const list = listOf(kb, h.passage);
      // A section may hold two lists ("Challenges and Rewards"): a list counts once, and it
      // answers this part only if its items are about it.
      if (list ? usedLists.has(list) || !list.items.some((i) => i.topics.includes(part)) : usedSections.has(key))
        continue;
      usedSections.add(key);
      const showList = list && list.items.length <= MAX_LIST_ITEMS ? list : undefined;
      if (list) usedLists.add(list);
      const heading = kb.corpus.topics.find((t) => t.id === part)?.label;
      picked.push({
        passage: h.passage,
        score: 1 - picked.length * 0.01,
        matched: new Set(h.matched),
        citation,
        ...(showList ? { list: showList } : {}),
        ...(heading ? { heading } : {}),
      });
      break;
    }
  }
  if (picked.length < 2) return null;
  const see = [...new Set(overview.parts.flatMap((id) => kb.corpus.topics.find((t) => t.id === id)?.see ?? []))];
  return buildAnswer({ ...base, topic: overview.parts[0] ?? base.topic, notes: roleNote(q), see }, picked, focusOf(q));
};

/**
 * Best first, at most two per section, and room for a second document's view when it scores
 * close: where sources disagree (education needed, say) each claim shows with its own citation.
 */
const pickDiverse = <H extends Hit & { citation: Omit<Citation, 'n'> }>(hits: H[], limit: number): H[] => {
  const top = hits[0]!.score;
  const eligible = hits.filter((h) => h.score >= top * RELATIVE_FLOOR);
  const picked: H[] = [];
  const perSection = new Map<string, number>();
  const take = (h: H) => {
    const key = `${h.citation.sourceId}|${h.citation.section}`;
    if (picked.includes(h) || (perSection.get(key) ?? 0) >= PER_SECTION || picked.length >= limit) return;
    perSection.set(key, (perSection.get(key) ?? 0) + 1);
    picked.push(h);
  };
  // The first three: the best, but no more than two from one document when others are close.
  for (const h of eligible) {
    if (picked.length >= 3) break;
    const sameSource = picked.filter((p) => p.citation.sourceId === h.citation.sourceId).length;
    if (sameSource < 2 || h.score >= top * 0.9) take(h);
  }
  // One hit from each further document that is reasonably close.
  for (const h of eligible)
    if (!picked.some((p) => p.citation.sourceId === h.citation.sourceId) && h.score >= top * 0.55) take(h);
  for (const h of eligible) take(h);
  return picked.sort((a, b) => b.score - a.score);
};

const findTyped = (raw: string, g: { word: string; term: string }): string => {
  const typed = raw.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  return (
    typed.find((t) => t !== g.word && t.length >= 3 && t[0] === g.word[0] && Math.abs(t.length - g.word.length) <= 2) ??
    g.word
  );
};

const decline = (
  kb: KnowledgeBase,
  base: Omit<Answer, 'answered' | 'items' | 'citations' | 'suggestions' | 'declineReason' | 'notes' | 'see'>,
  reason: DeclineReason,
  closest?: Passage,
): Answer => ({
  notes: [],
  see: [],
  ...base,
  answered: false,
  items: [],
  citations: [],
  declineReason: reason,
  suggestions: suggestionsFor(kb, closest),
});

/** What the documents do cover, closest topic first, from data/topics.json. */
export const suggestionsFor = (kb: KnowledgeBase, closest?: Passage): string[] => {
  const covered = kb.corpus.topics.filter((t) => kb.coveredTopics.has(t.id));
  const first = closest?.topics[0];
  const ordered = first
    ? [...covered.filter((t) => t.id === first), ...covered.filter((t) => t.id !== first)]
    : covered;
  return ordered.map((t) => t.label);
};
