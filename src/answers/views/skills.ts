/** `/skills`: one of O*NET's lists (skills, knowledge, …), and the labelled topics challenges and rewards. */
import type { Passage } from '../../corpus/types.js';
import type { KnowledgeBase } from '../../knowledge.js';
import type { Reply } from '../reply.js';
import {
  anchorOf,
  byDocumentOrder,
  cleanUserText,
  isLevelStatement,
  kindOf,
  message,
  nothingFound,
  quoted,
  sectionHeadings,
  shortTitle,
  topicLabel,
  type Shown,
} from './shared.js';

export const SKILL_KINDS = [
  'skills',
  'knowledge',
  'abilities',
  'technology',
  'work styles',
  'work values',
  'interests',
] as const;
export type SkillKind = (typeof SKILL_KINDS)[number];

/** One O*NET list (skills, knowledge, …): the section's bullets, per occupation profile. */
export const skillsView = (kb: KnowledgeBase, kind: string): Reply => {
  const k = SKILL_KINDS.find(
    (x) =>
      x ===
      String(kind ?? '')
        .trim()
        .toLowerCase()
        .replace(/[-_]/g, ' '),
  );
  if (!k)
    return message(
      'Skills',
      `“${cleanUserText(String(kind ?? ''), 40)}” is not a list I know. Lists: ${SKILL_KINDS.join(', ')}.`,
      'declined',
      [...SKILL_KINDS],
    );
  const topicId = k.replace(/ /g, '-');
  const inTopic = (p: Passage) => !isLevelStatement(p) && anchorOf(kb, p).topic === topicId;
  let passages = kb.corpus.passages.filter((p) => kindOf(kb, p) === 'onet-profile' && inTopic(p));
  if (passages.length === 0) passages = kb.corpus.passages.filter(inTopic);
  passages.sort(byDocumentOrder(kb));
  const label = topicLabel(kb, topicId);
  if (passages.length === 0) return nothingFound(label);
  return quoted(
    kb,
    { title: label, query: `/skills kind: ${k}`, topic: topicId },
    sectionHeadings(kb, passages).map((s) => ({ ...s, whole: true })),
  );
};

const labelledInTopic = (kb: KnowledgeBase, topicId: string): Reply => {
  const passages = kb.corpus.passages
    .filter((p) => p.label && !isLevelStatement(p) && p.topics.includes(topicId))
    .sort(byDocumentOrder(kb));
  const label = topicLabel(kb, topicId);
  if (passages.length === 0) return nothingFound(label);
  let prev = '';
  const shown = passages.map((p): Shown => {
    const heading = p.sourceId !== prev ? shortTitle(kb, p) : undefined;
    prev = p.sourceId;
    return heading ? { passage: p, heading } : { passage: p };
  });
  return quoted(kb, { title: label, query: `/${topicId}`, topic: topicId }, shown);
};

export const challengesView = (kb: KnowledgeBase): Reply => labelledInTopic(kb, 'challenges');
export const rewardsView = (kb: KnowledgeBase): Reply => labelledInTopic(kb, 'rewards');
