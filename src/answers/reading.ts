/**
 * What the answer layer reads a question as — its topic, the role and the framework level it
 * names — for the layers above that need the reading without an answer: autocomplete ranks
 * suggested questions by it, a conversation remembers it. They reach query analysis only here.
 */
import type { Level } from '../corpus/types.js';
import type { KnowledgeBase } from '../knowledge.js';
import { analyzeQuery } from '../search/analyze.js';

export type Reading = { topic: string | null; role: string | null; level: Level | null };

export const readQuestion = (kb: KnowledgeBase, text: string): Reading => {
  let q = analyzeQuery(kb.index, text);
  // The topic is read from the words as typed; read it again from the corrected words ("salery").
  if (!q.topic && q.groups.some((g) => g.corrected)) q = analyzeQuery(kb.index, q.groups.map((g) => g.word).join(' '));
  return { topic: q.topic, role: q.role?.name ?? null, level: q.level };
};
