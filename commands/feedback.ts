/** Helpful / Not helpful on every answer: the answer log behind /faq gaps, and the vote action. */
import { randomBytes } from 'node:crypto';
import type { CommandContext } from '../src/command.js';
import { defineAction } from '../src/command.js';
import { privateNotice, unavailableReply, withStore } from './guard.js';
import type { Reply } from '../src/answers/reply.js';
import { DM_GUILD_ID, StoreError } from '../src/store/index.js';

/** Short, unique, and safe in a custom_id: 8 base64url characters. */
export const newAnswerId = (): string => randomBytes(6).toString('base64url');

/**
 * Logs the shown answer (declined ones too: they are what /faq gaps lists) and adds the
 * Helpful / Not helpful buttons to an answer — a free question's or a topic command's (logged
 * as the command, "/salary role: CBP Officer"). A page or repost of a logged answer reuses its id.
 * Logging never stands between a member and an answer: if the store fails, the answer goes out as is.
 */
export const withFeedback = (
  ctx: CommandContext,
  reply: Reply,
  question: string = reply.answer?.query ?? '',
): Reply => {
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
  from: 'button',
  run: (ctx, [answerId, verdict]) =>
    withStore(() => {
      if (!ctx.store.available) return unavailableReply();
      if (!answerId || (verdict !== 'y' && verdict !== 'n'))
        return privateNotice('Thanks', 'This button is from an older version of Checkpoint.', 'refused');
      ctx.store.answers.vote(answerId, ctx.userId, verdict === 'y' ? 'helpful' : 'not-helpful');
      return privateNotice(
        'Thanks',
        verdict === 'y'
          ? 'Thanks for the feedback!'
          : "Thanks for the feedback. The server's recruiters see questions that went unanswered, so they can add an FAQ entry.",
      );
    }),
});
