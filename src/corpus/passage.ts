import type { Passage } from './types.js';
import { slug } from './text.js';

/**
 * Collects passages for one document, numbering them so that ids stay stable across
 * restarts (progress and votes are keyed by them) as long as the document is unchanged.
 */
export const passageCollector = (sourceId: string) => {
  const passages: Passage[] = [];
  const perSection = new Map<string, number>();
  const add = (p: Omit<Passage, 'id' | 'sourceId' | 'order' | 'topics'> & { id?: string }): Passage => {
    const key = slug(p.section.join(' '));
    const n = (perSection.get(key) ?? 0) + 1;
    perSection.set(key, n);
    const passage: Passage = {
      ...p,
      id: p.id ?? `${sourceId}:${key}:${n}`,
      sourceId,
      order: passages.length,
      topics: [],
    };
    passages.push(passage);
    return passage;
  };
  return { add, passages };
};
