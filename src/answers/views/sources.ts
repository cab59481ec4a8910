/** `/sources`: the documents quoted, with publisher, licence, URL and attribution. */
import type { KnowledgeBase } from '../../knowledge.js';
import type { Reply, ReplyItem } from '../reply.js';
import type { Citation } from '../answer.js';
import { attributionFor } from './shared.js';

/** The documents: publisher, licence, URL and the attribution each asks for. */
export const sourcesView = (kb: KnowledgeBase): Reply => {
  const citations: Citation[] = kb.corpus.sources.map((s, i) => ({
    n: i + 1,
    sourceId: s.id,
    title: s.title,
    section: '',
    publisher: s.publisher,
    url: s.url,
    licence: s.licence,
  }));
  const items: ReplyItem[] = kb.corpus.sources.map((s, i) => ({
    heading: s.title,
    cite: i + 1,
    text: [
      `Publisher: ${s.publisher}.`,
      `Licence: ${s.licence}.`,
      s.url ? `URL: ${s.url}` : 'No public URL.',
      s.date ? `Dated ${s.date}.` : '',
      `Attribution: ${s.attribution}`,
    ]
      .filter(Boolean)
      .join(' '),
  }));
  const reply: Reply = {
    outcome: 'info',
    title: 'Sources',
    intro: `Answers quote these ${kb.corpus.sources.length} documents.`,
    items,
    citations,
  };
  const attribution = attributionFor(kb, citations);
  if (attribution) reply.attribution = attribution;
  return reply;
};
