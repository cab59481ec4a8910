/** `/ask question: …` — a free question answered with cited snippets. */
import { defineCommand } from '../src/command.js';
import { askView, suggestedQuestions } from '../src/answers/views.js';
import { rankChoices } from './choices.js';

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
  autocomplete: (ctx, option, typed) =>
    option === 'question' ? rankChoices(suggestedQuestions(ctx.kb), typed, { stopWords: ctx.kb.index.vocab.stopWords, includeTyped: true }) : [],
});
