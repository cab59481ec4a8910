/** `/ask question: …` — a free question answered with cited snippets. */
import type { Choice, CommandContext } from '../src/command.js';
import { defineCommand } from '../src/command.js';
import { askView, suggestedQuestionIndex } from '../src/answers/views.js';
import { analyzeQuery } from '../src/search/analyze.js';
import { rankChoices } from './choices.js';

/**
 * Suggested questions ranked by the words typed and by what the answer layer reads the typed
 * text as: "salery" is about salary, "border patrol" names a role, so those questions rise.
 */
export const questionChoices = (ctx: CommandContext, typed: string): Choice[] => {
  const index = suggestedQuestionIndex(ctx.kb);
  const text = String(typed ?? '').slice(0, 500);
  let q = text.trim() === '' ? null : analyzeQuery(ctx.kb.index, text);
  // The topic is read from the words as typed; read it again from the corrected words ("salery").
  if (q && !q.topic && q.groups.some((g) => g.corrected)) q = analyzeQuery(ctx.kb.index, q.groups.map((g) => g.word).join(' '));
  const byQuestion = new Map(index.map((s) => [s.question, s]));
  const boost = (c: Choice) => {
    const s = byQuestion.get(c.value);
    if (!q || !s) return 0;
    return (q.topic && s.topic === q.topic ? 12 : 0) + (q.role && s.role === q.role.name ? 15 : 0);
  };
  return rankChoices(
    index.map((s) => s.question),
    text,
    { stopWords: ctx.kb.index.vocab.stopWords, includeTyped: true, boost },
  );
};

export const ask = defineCommand({
  name: 'ask',
  description: 'Ask a question about U.S. customs and border protection careers',
  options: {
    question: { type: 'string', description: 'Your question, e.g. "How much does a Border Patrol Agent make?"', required: true, autocomplete: true, maxLength: 500 },
    private: { type: 'boolean', description: 'Only you see the answer' },
  },
  run: (ctx, { question, private: isPrivate }) => {
    const reply = askView(ctx.kb, question);
    if (isPrivate) reply.private = true;
    return reply;
  },
  autocomplete: (ctx, option, typed) => (option === 'question' ? questionChoices(ctx, typed) : []),
});
