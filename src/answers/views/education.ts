/** `/education`: O*NET's survey of new hires beside each guide's stated requirement. */
import type { Passage } from '../../corpus/types.js';
import type { KnowledgeBase } from '../../knowledge.js';
import type { Reply } from '../reply.js';
import {
  anchorOf,
  byDocumentOrder,
  isLevelStatement,
  norm,
  nothingFound,
  quoted,
  shortTitle,
  type Shown,
} from './shared.js';

/**
 * What the sources say about the education a new officer needs. They disagree — O*NET's survey
 * says most new hires have a high-school diploma, the articles call a bachelor's degree "often
 * required" — so both show, each with its own citation.
 */
export const educationView = (kb: KnowledgeBase): Reply => {
  // A bullet's text starts with its label ("Ongoing Education: …"); the claim is what follows.
  const body = (p: Passage) => (p.label && p.text.startsWith(p.label) ? p.text.slice(p.label.length) : p.text);
  const topic = kb.corpus.topics.find((t) => t.id === 'education');
  const rows = kb.corpus.passages
    .filter((p) => p.data?.kind === 'percent' && p.topics.includes('education'))
    .sort(byDocumentOrder(kb));
  const keywords = (topic?.keywords ?? []).map(norm);
  const claims = kb.corpus.passages
    .filter(
      (p) =>
        !rows.includes(p) &&
        !isLevelStatement(p) &&
        p.data?.kind !== 'percent' &&
        p.topics.includes('education') &&
        anchorOf(kb, p).topic !== 'training' &&
        keywords.some((k) => norm(body(p)).includes(k)),
    )
    .sort(byDocumentOrder(kb));
  if (rows.length === 0 && claims.length === 0) return nothingFound('Education');
  const shown: Shown[] = [];
  let prevSource = '';
  for (const p of rows) {
    const heading =
      p.sourceId !== prevSource ? (p.lead ? `${shortTitle(kb, p)} — ${p.lead}` : shortTitle(kb, p)) : undefined;
    prevSource = p.sourceId;
    shown.push(heading ? { passage: p, heading } : { passage: p });
  }
  for (const p of claims) {
    const heading = p.sourceId !== prevSource ? shortTitle(kb, p) : undefined;
    prevSource = p.sourceId;
    shown.push(heading ? { passage: p, heading } : { passage: p });
  }
  const intro =
    rows.length > 0 && claims.length > 0 ? 'The sources differ: each claim is shown with its own citation.' : undefined;
  return quoted(
    kb,
    { title: 'Education', query: '/education', topic: 'education', ...(intro ? { intro } : {}) },
    shown,
  );
};
