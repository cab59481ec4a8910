/** `/ask question: …` — a free question answered with cited snippets. */
import type { Choice, CommandContext } from '../src/command.js';
import { defineCommand } from '../src/command.js';
import { MAX_ITEMS, type ExtraSource } from '../src/answers/answer.js';
import { settingsOf } from './guard.js';
import type { Reply } from '../src/answers/reply.js';
import { askView, suggestedQuestionIndex, type SuggestedQuestion } from '../src/answers/views/ask.js';
import type { KnowledgeBase } from '../src/knowledge.js';
import { StoreError } from '../src/store/index.js';
import { readQuestion } from '../src/answers/reading.js';
import { sliceUnits } from '../src/text/cut.js';
import { rankChoices } from './choices.js';
import { withFeedback } from './feedback.js';

/**
 * Suggested questions ranked by the words typed and by what the answer layer reads the typed
 * text as: "salery" is about salary, "border patrol" names a role, so those questions rise.
 */
export const questionChoices = (ctx: CommandContext, typed: string): Choice[] => {
  const { questions, byQuestion } = questionsOf(ctx.kb);
  const text = sliceUnits(String(typed ?? ''), 500);
  const q = text.trim() === '' ? null : readQuestion(ctx.kb, text);
  const boost = (c: Choice) => {
    const s = byQuestion.get(c.value);
    if (!q || !s) return 0;
    return (q.topic && s.topic === q.topic ? 12 : 0) + (q.role && s.role === q.role ? 15 : 0);
  };
  return rankChoices(questions, text, { stopWords: ctx.kb.index.vocab.stopWords, includeTyped: true, boost });
};

const questionsCache = new WeakMap<
  KnowledgeBase,
  { questions: string[]; byQuestion: Map<string, SuggestedQuestion> }
>();
/** The suggested questions and their readings, built once per knowledge base. */
const questionsOf = (kb: KnowledgeBase) => {
  let entry = questionsCache.get(kb);
  if (!entry) {
    const index = suggestedQuestionIndex(kb);
    entry = { questions: index.map((s) => s.question), byQuestion: new Map(index.map((s) => [s.question, s])) };
    questionsCache.set(kb, entry);
  }
  return entry;
};

export const ask = defineCommand({
  name: 'ask',
  description: 'Ask a question about U.S. customs and border protection careers',
  options: {
    question: {
      type: 'string',
      description: 'Your question, e.g. "How much does a Border Patrol Agent make?"',
      required: true,
      autocomplete: true,
      maxLength: 500,
    },
    private: { type: 'boolean', description: 'Only you see the answer' },
  },
  run: (ctx, { question, private: isPrivate }) => {
    const extra = serverFaq(ctx);
    const reply = withMore(
      ctx,
      askView(ctx.kb, question, { ...(extra ? { extra } : {}), ...(ctx.more ? { limit: MORE_ITEMS } : {}) }),
    );
    // The member's choice wins; otherwise the server's default (public unless an admin changed it).
    if (isPrivate ?? settingsOf(ctx)?.answersPrivate ?? false) {
      reply.private = true;
      // A suggested question pressed under a private answer is answered privately too.
      for (const b of reply.buttons ?? []) if (b.kind === 'choice') b.args = { ...b.args, private: 'true' };
    }
    return withFeedback(ctx, reply, question);
  },
  autocomplete: (ctx, option, typed) => (option === 'question' ? questionChoices(ctx, typed) : []),
});

/** How many passages "More results" shows (the answer layer's most). */
export const MORE_ITEMS = 10;

/**
 * A full first answer may have more behind it: offer them. Asked for more, say so when there
 * were none (the first answer already held everything that matched).
 */
const withMore = (ctx: CommandContext, reply: Reply): Reply => {
  if (reply.outcome !== 'answered') return reply;
  if (!ctx.more && reply.items.length >= MAX_ITEMS) reply.more = true;
  if (ctx.more && reply.items.length <= MAX_ITEMS)
    reply.intro = [reply.intro, 'That is everything my sources have on this.'].filter(Boolean).join('\n');
  return reply;
};

/**
 * The server's FAQ as an extra source for the answer layer, searched beside the documents and
 * cited as server-written. None in DMs, for a server without entries, or when the store is down
 * (the documents still answer).
 */
export const serverFaq = (ctx: CommandContext): ExtraSource | undefined => {
  const { guildId, store } = ctx;
  if (!guildId || !store.available) return undefined;
  try {
    return ctx.faq.forGuild(guildId, store.faq.version(guildId), () => store.faq.list(guildId));
  } catch (err) {
    if (err instanceof StoreError) return undefined;
    throw err;
  }
};
