/**
 * Free questions in the console, read as one conversation — like a DM with the bot, through the
 * same conversation code: a question that leans on the one before ("what about border patrol?",
 * "and the salary?") is read against it and says "Following up…"; one too vague to answer well
 * offers its clarifying choices as commands to type. Remembered for the same 15 minutes.
 */
import type { AnyCommand, CommandContext } from '../command.js';
import type { Reply } from '../answers/reply.js';
import { createComposer } from '../conversation/compose.js';
import type { Clarification } from '../conversation/followup.js';
import { createConversationMemory } from '../conversation/memory.js';
import type { KnowledgeBase } from '../knowledge.js';

export type ConsoleConversation = {
  /** The reply to a free question, read against the questions before it. */
  ask: (question: string, ctx: CommandContext) => Promise<Reply>;
};

/** The console has one conversation: its only member in its only channel. */
const KEY = 'console';

/** Clarifying choices as `/ask` commands to type (the console has no buttons that ask). */
const withChoices = (reply: Reply, clarification: Clarification): Reply => ({
  ...reply,
  buttons: clarification.choices.map((c) => ({
    kind: 'choice',
    label: c.label,
    command: 'ask',
    args: { question: c.query },
  })),
});

export const createConsoleConversation = (
  kb: KnowledgeBase,
  commands: readonly AnyCommand[],
  services: Pick<CommandContext, 'store' | 'faq'>,
): ConsoleConversation => {
  const composer = createComposer({ kb, commands, services });
  const memory = createConversationMemory();
  return {
    ask: async (question, ctx) => {
      const { kb: _kb, store: _store, faq: _faq, answerId: _answerId, paging: _paging, ...asker } = ctx;
      const composed = await composer.compose(question, memory.get(KEY), asker);
      memory.set(KEY, composed.state);
      return composed.clarification ? withChoices(composed.reply, composed.clarification) : composed.reply;
    },
  };
};
