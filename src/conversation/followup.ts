/**
 * Follow-ups: "and what about training?" after a question on Border Patrol Agents means
 * training *for Border Patrol Agents*. We carry the previous role, level and topic into the
 * new question when the new one leans on it (a pronoun, "what about…", or very few words) and
 * does not name its own.
 */
import type { TopicId } from '../corpus/topic-ids.js';
import { LEVELS } from '../corpus/types.js';
import type { KnowledgeBase } from '../knowledge.js';
import { analyzeQuery, type QueryAnalysis } from '../search/analyze.js';
import type { ConversationState } from './memory.js';

const CONTINUES = /^\s*(and|also|ok(ay)?,? and|what about|how about|and what about|what of)\b/i;
const LEANS_ON_CONTEXT = new RegExp(
  `${CONTINUES.source}|\\b(they|them|their|theirs|those|that job|this job|that role|this role|it)\\b`,
  'i',
);

const wordsOf = (analysis: QueryAnalysis) => analysis.groups.map((g) => g.word.toLowerCase());
const singular = (w: string) => w.replace(/s$/, '');

/** Every informative word of the question belongs to the role it names ("what about border patrol agents?", "cbp officer"). */
const namesOnlyRole = (analysis: QueryAnalysis): boolean => {
  if (!analysis.role) return false;
  const nameWords = new Set(
    analysis.role.name
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean),
  );
  return wordsOf(analysis).every((w) => nameWords.has(w) || nameWords.has(singular(w)));
};

/** Only a level ("advanced", "the proficient level"). */
const namesOnlyLevel = (analysis: QueryAnalysis): boolean =>
  !!analysis.level && wordsOf(analysis).every((w) => LEVELS.includes(w as never) || /^levels?$/.test(w));

/** Topics whose documents differ by role: a bare "salary?" or "what do they do" after a role question means that role. */
const ROLE_TOPICS: ReadonlySet<string> = new Set<TopicId>(['salary', 'duties']);

/** Only the words of a role-dependent topic ("salary?", "pay", "how much?"). */
const onlyRoleTopic = (kb: KnowledgeBase, analysis: QueryAnalysis): boolean => {
  if (!analysis.topic || !ROLE_TOPICS.has(analysis.topic) || analysis.role || analysis.level) return false;
  const keywords = kb.corpus.topics.find((t) => t.id === analysis.topic)?.keywords ?? [];
  return analysis.groups.every((g) => g.weight <= 1 || keywords.includes(g.word.toLowerCase()));
};

export type Resolved = { query: string; analysis: QueryAnalysis; usedContext: boolean };

/**
 * A question is read against the conversation only when it leans on it: a pronoun ("how much do
 * they make?"), a continuation ("and what about training?"), or nothing but a role, a level or a
 * role-dependent topic ("cbp officer", "advanced", "salary?"). A new, self-contained question
 * ("how do I apply?", "who publishes the skills framework?") starts afresh, however short.
 */
export const resolveFollowUp = (kb: KnowledgeBase, question: string, prev: ConversationState | undefined): Resolved => {
  const analysis = analyzeQuery(kb.index, question);
  if (!prev) return { query: question, analysis, usedContext: false };
  const leans = LEANS_ON_CONTEXT.test(question);
  const fragment = namesOnlyRole(analysis) || namesOnlyLevel(analysis) || onlyRoleTopic(kb, analysis);
  if (!leans && !fragment) return { query: question, analysis, usedContext: false };

  const extra: string[] = [];
  // Levels belong to the framework, not to a role: "advanced" after a role question is the framework's.
  if (!analysis.role && !analysis.level && prev.role) extra.push(prev.role);
  if (analysis.level && !analysis.topic) extra.push('level');
  if (!analysis.level && prev.level && (analysis.topic === 'levels' || analysis.topic === null))
    extra.push(`${prev.level} level`);
  // "what about border patrol agents?" after a salary question: the same topic for another role
  // (the phrasing alone reads as a description, which is not what was asked).
  const switchesRole =
    namesOnlyRole(analysis) && (CONTINUES.test(question) || !analysis.topic) && analysis.role!.name !== prev.role;
  if ((!analysis.topic || switchesRole) && !analysis.level && prev.topic && prev.topic !== analysis.topic) {
    const topic = kb.corpus.topics.find((t) => t.id === prev.topic);
    if (topic) extra.push(topic.label);
  }
  if (extra.length === 0) return { query: question, analysis, usedContext: false };
  const query = `${question} ${extra.join(' ')}`;
  return { query, analysis: analyzeQuery(kb.index, query), usedContext: true };
};

export type ClarifyingChoice = { label: string; query: string };
export type Clarification = { prompt: string; choices: ClarifyingChoice[] };

/**
 * A question too vague to answer well gets choices instead of a guess: "salary?" when the
 * table has five roles, "what's expected of me?" without a level.
 */
export const clarify = (kb: KnowledgeBase, analysis: QueryAnalysis): Clarification | null => {
  const informative = analysis.groups.filter(
    (g) => g.weight > 1 && !kb.corpus.topics.find((t) => t.id === analysis.topic)?.keywords.includes(g.word),
  );
  if (
    analysis.topic === 'salary' &&
    !analysis.role &&
    !analysis.comparison &&
    informative.length === 0 &&
    kb.salaryRows.length > 1
  ) {
    const roles = kb.salaryRows.map((p) => (p.data?.kind === 'salary' ? p.data.position : '')).filter(Boolean);
    return {
      prompt: 'Salaries differ by role. Which one?',
      choices: [
        ...roles.map((r) => ({ label: r, query: `salary of a ${r}` })),
        { label: 'Compare all roles', query: 'which role pays the most' },
      ],
    };
  }
  if (analysis.topic === 'levels' && !analysis.level && informative.length === 0) {
    return {
      prompt: 'Expectations depend on the level. Which level are you at?',
      choices: LEVELS.map((l) => ({
        label: l[0]!.toUpperCase() + l.slice(1),
        query: `what is expected at the ${l} level`,
      })),
    };
  }
  return null;
};
