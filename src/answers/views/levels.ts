/** `/levels`: the skills framework's statements for one level. */
import { LEVELS, type Level, type Passage } from '../../corpus/types.js';
import type { KnowledgeBase } from '../../knowledge.js';
import type { Reply } from '../reply.js';
import { stem, words } from '../../text/tokenize.js';
import { byDocumentOrder, cleanUserText, message, nothingFound, quoted } from './shared.js';

export const levelStatements = (kb: KnowledgeBase, level?: Level): Passage[] =>
  kb.corpus.passages
    .filter((p) => p.data?.kind === 'level-statement' && (!level || p.data.level === level))
    .sort((a, b) => byDocumentOrder(kb)(a, b));

const titleCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The framework's statements for one level, optionally only those mentioning a topic word. */
export const levelView = (kb: KnowledgeBase, level: string, topic?: string): Reply => {
  const lv = LEVELS.find(
    (l) =>
      l ===
      String(level ?? '')
        .trim()
        .toLowerCase(),
  );
  if (!lv) {
    return message(
      'Levels',
      `“${cleanUserText(String(level ?? ''), 40)}” is not a level. Levels: ${LEVELS.join(', ')}.`,
      'declined',
      [...LEVELS],
    );
  }
  const all = levelStatements(kb, lv);
  if (all.length === 0) return nothingFound(`${titleCase(lv)} level`);
  const stop = kb.index.vocab.stopWords;
  const wanted = new Set(
    words(topic ?? '')
      .filter((w) => !stop.has(w))
      .map(stem),
  );
  const hits = wanted.size > 0 ? all.filter((p) => words(p.text).some((w) => wanted.has(stem(w)))) : all;
  const title = `${titleCase(lv)} level`;
  const query = `/levels level: ${lv}${topic ? ` topic: ${cleanUserText(topic, 40)}` : ''}`;
  if (wanted.size > 0 && hits.length === 0) {
    return quoted(
      kb,
      {
        title,
        intro: `No ${lv} statement mentions “${cleanUserText(topic ?? '', 40)}”. Here are all ${all.length}.`,
        query,
        topic: 'levels',
        level: lv,
      },
      all.map((p) => ({ passage: p })),
    );
  }
  return quoted(
    kb,
    { title, query, topic: 'levels', level: lv },
    hits.map((p) => ({ passage: p, whole: true })),
    wanted,
  );
};
