/** `/duties`: O*NET tasks and work activities and the articles' daily duties; with a role, its description first. */
import type { Passage } from '../../corpus/types.js';
import type { KnowledgeBase } from '../../knowledge.js';
import type { Reply } from '../reply.js';
import { topicsInView } from '../../corpus/topics.js';
import {
  anchorOf,
  byDocumentOrder,
  isLevelStatement,
  nothingFound,
  quoted,
  sectionHeadings,
  type Shown,
} from './shared.js';
import { matchRole, roleDescriptions, unknownRole } from './roles.js';

/** O*NET tasks and work activities and the articles' daily duties; with a role, its description first. */
export const dutiesView = (kb: KnowledgeBase, role?: string): Reply => {
  let head: Passage[] = [];
  let roleName: string | null = null;
  if (role !== undefined && role.trim() !== '') {
    const m = matchRole(kb, role);
    if (!m.ok) return unknownRole(kb, 'duties', 'Duties', role, m.candidates);
    roleName = m.role.name;
    head = roleDescriptions(kb, m.role);
  }
  const dutyTopics = topicsInView(kb.corpus.topics, 'duties');
  const general = kb.corpus.passages
    .filter((p) => !isLevelStatement(p) && !head.includes(p) && dutyTopics.has(anchorOf(kb, p).topic ?? ''))
    .sort(byDocumentOrder(kb));
  if (head.length === 0 && general.length === 0) return nothingFound('Duties');
  const shown: Shown[] = [
    ...head.map((p) => ({ passage: p, heading: roleName ?? p.role ?? '', whole: true })),
    ...sectionHeadings(kb, general),
  ];
  return quoted(
    kb,
    {
      title: roleName ? `Duties — ${roleName}` : 'Duties',
      query: roleName ? `/duties role: ${roleName}` : '/duties',
      topic: 'duties',
      role: roleName,
    },
    shown,
  );
};
