/** `/ask`: a free question as cited snippets, and the suggested questions the documents answer (autocomplete, declines). */
import { LEVELS } from '../../corpus/types.js';
import type { KnowledgeBase } from '../../knowledge.js';
import { MAX_SUGGESTIONS, type Reply, type ReplyButton, type ReplyItem } from '../reply.js';
import { REPLY_LIMITS } from '../reply-limits.js';
import { askQuestion, type AskOptions } from '../answer.js';
import { intentOf } from '../small-talk.js';
import { INVISIBLE, attributionFor, cleanUserText, message } from './shared.js';
import { knownRoles } from './roles.js';
import { salaryPositions } from './salary.js';
import { levelStatements } from './levels.js';

export const EMPTY_QUESTION =
  'Ask me a question about careers in U.S. customs and border protection — pay, training, education, duties, levels.';
export const NOT_COVERED = "My sources don't cover that, so I won't guess. They do cover:";
/** A question that is not about careers at all, though it shares the documents' words. */
export const OUT_OF_SCOPE = 'I advise on careers in U.S. customs and border protection, not on personal matters';
export const OUT_OF_SCOPE_THEN = 'About careers, my sources cover:';
/** Leads an overview's pointers to the commands that show each part whole. */
export const SEE_MORE = 'Each part in full:';
/** Suggested questions offered as buttons under a declined question. */
export const DECLINE_QUESTIONS = 3;
/** Shown above an answer that quotes the server's own FAQ, so nobody mistakes it for a published source. */
export const SERVER_WRITTEN_NOTE =
  "Includes this server's own FAQ, written by its recruiters (not a published source).";

/** A free question → cited snippets; declined and empty questions get what can be asked instead. */
export const askView = (kb: KnowledgeBase, question: string, opts: AskOptions = {}): Reply => {
  const raw = typeof question === 'string' ? question : '';
  const intent = intentOf(raw.replace(INVISIBLE, ' ').trim());
  if (intent.kind === 'hint') {
    const title = raw.trim() === '' ? 'Ask me a question' : 'Hi! Ask me a question';
    return {
      ...message(title, EMPTY_QUESTION, 'declined', suggestedQuestions(kb).slice(0, MAX_SUGGESTIONS)),
      answer: askQuestion(kb, ''),
    };
  }
  if (intent.kind === 'courtesy')
    return { ...message("You're welcome", EMPTY_QUESTION, 'info'), answer: askQuestion(kb, '') };
  // "hi, how much do agents make?" asks the question.
  const q = intent.question;
  const answer = askQuestion(kb, q, opts);
  const cleaned = cleanUserText(q);
  const title = cleaned ? cleaned.charAt(0).toUpperCase() + cleaned.slice(1) : 'Answer';
  if (!answer.answered) {
    const text =
      answer.declineReason === 'out-of-scope'
        ? `${OUT_OF_SCOPE} (${answer.notes.join('; ')}). ${OUT_OF_SCOPE_THEN}`
        : NOT_COVERED;
    return {
      ...message(title, text, 'declined', answer.suggestions),
      buttons: questionButtons(kb, answer.suggestions),
      answer,
    };
  }
  const reply: Reply = {
    outcome: 'answered',
    title,
    items: answer.items.map((it) => {
      const item: ReplyItem = { text: it.text, cite: it.cite, ...(it.heading ? { heading: it.heading } : {}) };
      if (it.marks.length > 0) item.marks = it.marks.map(([a, b]) => [a, b]);
      return item;
    }),
    citations: answer.citations,
    answer,
  };
  const notes: string[] = [];
  if (answer.corrections.length > 0) {
    notes.push(`Read ${answer.corrections.map((c) => `“${cleanUserText(c.from, 30)}” as “${c.to}”`).join(', ')}.`);
  }
  if (answer.citations.some((c) => c.serverWritten)) notes.push(SERVER_WRITTEN_NOTE);
  notes.push(...answer.notes);
  if (answer.see.length > 0) notes.push(`${SEE_MORE} ${answer.see.join(' · ')}`);
  if (notes.length > 0) reply.intro = notes.join('\n');
  const attribution = attributionFor(kb, answer.citations);
  if (attribution) reply.attribution = attribution;
  return reply;
};

/** One suggested question for each of the first topics suggested (closest first), as /ask buttons. */
const questionButtons = (kb: KnowledgeBase, topicLabels: readonly string[]): ReplyButton[] => {
  const index = suggestedQuestionIndex(kb);
  const buttons: ReplyButton[] = [];
  for (const label of topicLabels) {
    const id = kb.corpus.topics.find((t) => t.label === label)?.id;
    // The question is the button's label: only one that fits it whole.
    const q = index.find((s) => s.topic === id && s.question.length <= REPLY_LIMITS.buttonLabel);
    if (q) buttons.push({ kind: 'choice', label: q.question, command: 'ask', args: { question: q.question } });
    if (buttons.length >= DECLINE_QUESTIONS) break;
  }
  return buttons;
};

const withArticle = (name: string) => (/^[aeiou]/i.test(name) ? `an ${name}` : `a ${name}`);

/** A suggested question and what the answer layer reads it as. */
export type SuggestedQuestion = { question: string; topic: string | null; role: string | null };

const questionsCache = new WeakMap<KnowledgeBase, SuggestedQuestion[]>();

/**
 * Well-formed questions the documents answer, built from the topics, levels and role names in
 * data/, and kept only if the answer layer really answers them. Topic questions first.
 */
export const suggestedQuestions = (kb: KnowledgeBase): string[] => suggestedQuestionIndex(kb).map((q) => q.question);

export const suggestedQuestionIndex = (kb: KnowledgeBase): SuggestedQuestion[] => {
  const cached = questionsCache.get(kb);
  if (cached) return cached;
  const covered = kb.corpus.topics.filter((t) => kb.corpus.passages.some((p) => p.topics.includes(t.id)));
  const candidates: string[] = [];
  const positions = salaryPositions(kb);
  const roles = knownRoles(kb);
  for (const t of covered) {
    if (t.id === 'levels') {
      for (const lv of LEVELS)
        if (levelStatements(kb, lv).length > 0) candidates.push(`What is expected at the ${lv} level?`);
      continue;
    }
    candidates.push(t.question ?? `What do the sources say about ${t.label.toLowerCase()}?`);
    if (t.id === 'salary' && positions[0]) candidates.push(`How much does ${withArticle(positions[0])} make?`);
  }
  for (const name of positions) candidates.push(`How much does ${withArticle(name)} make?`);
  for (const name of roles) candidates.push(`What does ${withArticle(name)} do?`);
  for (const t of covered) candidates.push(t.label);
  const seen = new Set<string>();
  const out: SuggestedQuestion[] = [];
  for (const c of candidates) {
    const key = c.toLowerCase();
    // Each is an autocomplete choice of /ask: its value must fit one.
    if (seen.has(key) || c.length > REPLY_LIMITS.autocompleteChoiceValue) continue;
    seen.add(key);
    const a = askQuestion(kb, c);
    if (a.answered) out.push({ question: c, topic: a.topic, role: a.role });
  }
  questionsCache.set(kb, out);
  return out;
};
