/** `/ask question: …` — a free question answered with cited snippets. */
import { randomBytes } from 'node:crypto';
import type { Choice, CommandContext } from '../src/command.js';
import { defineAction, defineCommand } from '../src/command.js';
import { MAX_ITEMS, type ExtraSource } from '../src/answers/answer.js';
import { privateNotice, settingsOf, unavailableReply, withStore } from '../src/actions/guard.js';
import { serverFaqSource } from '../src/actions/services.js';
import type { Reply } from '../src/reply.js';
import { DM_GUILD_ID, StoreError } from '../src/store/index.js';
import { askView, suggestedQuestionIndex, type SuggestedQuestion } from '../src/answers/views/ask.js';
import type { KnowledgeBase } from '../src/knowledge.js';
import { analyzeQuery } from '../src/search/analyze.js';
import { rankChoices } from './choices.js';

/**
 * Suggested questions ranked by the words typed and by what the answer layer reads the typed
 * text as: "salery" is about salary, "border patrol" names a role, so those questions rise.
 */
export const questionChoices = (ctx: CommandContext, typed: string): Choice[] => {
  const { questions, byQuestion } = questionsOf(ctx.kb);
  const text = String(typed ?? '').slice(0, 500);
  let q = text.trim() === '' ? null : analyzeQuery(ctx.kb.index, text);
  // The topic is read from the words as typed; read it again from the corrected words ("salery").
  if (q && !q.topic && q.groups.some((g) => g.corrected)) q = analyzeQuery(ctx.kb.index, q.groups.map((g) => g.word).join(' '));
  const boost = (c: Choice) => {
    const s = byQuestion.get(c.value);
    if (!q || !s) return 0;
    return (q.topic && s.topic === q.topic ? 12 : 0) + (q.role && s.role === q.role.name ? 15 : 0);
  };
  return rankChoices(questions, text, { stopWords: ctx.kb.index.vocab.stopWords, includeTyped: true, boost });
};

const questionsCache = new WeakMap<KnowledgeBase, { questions: string[]; byQuestion: Map<string, SuggestedQuestion> }>();
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
    question: { type: 'string', description: 'Your question, e.g. "How much does a Border Patrol Agent make?"', required: true, autocomplete: true, maxLength: 500 },
    private: { type: 'boolean', description: 'Only you see the answer' },
  },
  run: (ctx, { question, private: isPrivate }) => {
    const extra = serverFaq(ctx);
    const reply = withMore(ctx, askView(ctx.kb, question, { ...(extra ? { extra } : {}), ...(ctx.more ? { limit: MORE_ITEMS } : {}) }));
    // The member's choice wins; otherwise the server's default (public unless an admin changed it).
    if (isPrivate ?? settingsOf(ctx)?.answersPrivate ?? false) {
      reply.private = true;
      // A suggested question pressed under a private answer is answered privately too.
      for (const b of reply.buttons ?? []) if (b.kind === 'choice') b.args = { ...b.args, private: 'true' };
    }
    return withFeedback(ctx, question, reply);
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
  if (ctx.more && reply.items.length <= MAX_ITEMS) reply.intro = [reply.intro, 'That is everything my sources have on this.'].filter(Boolean).join('\n');
  return reply;
};

/** The server's FAQ as an extra source for the answer layer; none in DMs or when the store is down. */
export const serverFaq = (ctx: CommandContext): ExtraSource | undefined => serverFaqSource(ctx, ctx.guildId);

/** Short, unique, and safe in a custom_id: 8 base64url characters. */
export const newAnswerId = (): string => randomBytes(6).toString('base64url');

/**
 * Logs the shown answer (declined ones too: they are what /faq gaps lists) and adds the
 * Helpful / Not helpful buttons to an answer. A page or repost of a logged answer reuses its id.
 * Logging never stands between a member and an answer: if the store fails, the answer goes out as is.
 */
export const withFeedback = (ctx: CommandContext, question: string, reply: Reply): Reply => {
  if (!reply.answer || question.trim() === '' || !ctx.store.available) return reply;
  let id = ctx.answerId;
  if (!id) {
    const fresh = newAnswerId();
    try {
      ctx.store.answers.log({
        id: fresh,
        guildId: ctx.guildId ?? DM_GUILD_ID,
        userId: ctx.userId,
        channelId: ctx.channelId ?? 'unknown',
        query: question,
        answered: reply.answer.answered,
        topic: reply.answer.topic,
      });
      id = fresh;
    } catch (err) {
      if (err instanceof StoreError) return reply;
      throw err;
    }
  }
  reply.answerId = id;
  if (reply.answer.answered) {
    reply.buttons = [
      ...(reply.buttons ?? []),
      { kind: 'action', label: 'Helpful', action: 'vote', args: [id, 'y'], style: 'success' },
      { kind: 'action', label: 'Not helpful', action: 'vote', args: [id, 'n'], style: 'secondary' },
    ];
  }
  return reply;
};

/** A Helpful / Not helpful press: one vote per member per answer (voting again replaces it). */
export const vote = defineAction({
  name: 'vote',
  run: (ctx, [answerId, verdict]) =>
    withStore(() => {
      if (!ctx.store.available) return unavailableReply();
      if (!answerId || (verdict !== 'y' && verdict !== 'n')) return privateNotice('Thanks', 'This button is from an older version of Checkpoint.', 'refused');
      ctx.store.answers.vote(answerId, ctx.userId, verdict === 'y' ? 'helpful' : 'not-helpful');
      return privateNotice(
        'Thanks',
        verdict === 'y' ? 'Thanks for the feedback!' : "Thanks for the feedback. The server's recruiters see questions that went unanswered, so they can add an FAQ entry.",
      );
    }),
});
