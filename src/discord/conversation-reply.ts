/**
 * A conversation's reply as a Discord message: the composer's answer (src/conversation/compose.ts)
 * rendered like `/ask`'s — paging and votes included — with clarifying choices as buttons, and
 * an answer's embed read back into the context it carried. Also the conversations' fixed texts.
 */
import type { APIEmbed, APIMessageTopLevelComponent } from 'discord.js';
import { EMPTY_QUESTION } from '../answers/views.js';
import {
  createComposer as createConversationComposer,
  type Asker,
  type ComposerOptions,
  type Composed as Answer,
} from '../conversation/compose.js';
import type { ConversationState } from '../conversation/memory.js';
import { MAX_QUESTION } from '../conversation/text.js';
import { choiceRows } from './conversation-choices.js';
import { LIMITS, sliceUnits, truncate } from './limits.js';
import { ANSWER_KEY, renderReply, type MessagePayload } from './render.js';

export type { Asker } from '../conversation/compose.js';

export type MessageOutcome = 'answered' | 'declined' | 'clarify' | 'ignored' | 'cooldown' | 'error';

export const MESSAGE_TEXT = {
  cooldown: (seconds: number) =>
    `You're asking faster than I can keep up. Please wait about ${seconds} s, then ask again.`,
  flood: 'This channel is very busy, so I am pausing my answers here for a few seconds. Mention me again in a moment.',
  empty: (example: string | undefined, inDm: boolean) =>
    `Hi! ${EMPTY_QUESTION}${example ? ` For example: “${example}”` : ''} ${inDm ? 'Just type your question here.' : 'Mention me with your question, or reply to one of my answers.'} \`/help\` lists my commands.`,
  truncated: `Your message was long, so I read its first ${MAX_QUESTION} characters.`,
} as const;

export type Composed = Pick<Answer, 'state' | 'usedContext'> & {
  outcome: Extract<MessageOutcome, 'answered' | 'declined' | 'clarify'>;
  payload: Pick<MessagePayload, 'embeds' | 'components'>;
};

/**
 * An embed as message text, for channels where the bot may not embed: title, items and sources
 * within the 2000-character content limit (buttons stay).
 */
export const asText = <P extends { content?: string; embeds: APIEmbed[] }>(payload: P): P => {
  const embed = payload.embeds[0];
  if (!embed) return payload;
  const fields = (embed.fields ?? []).map((f) => `**${f.name}**\n${f.value}`);
  const text = [
    embed.title ? `**${embed.title}**` : '',
    embed.description ?? '',
    ...fields,
    embed.footer?.text ? `-# ${embed.footer.text}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  return { ...payload, content: truncate(text, LIMITS.content), embeds: [] };
};

/** Backslashes our markdown escaping put into an embed's text. */
const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

export const createComposer = (opts: ComposerOptions) => {
  const composer = createConversationComposer(opts);

  /** The answer as `/ask` renders it: paging by answer id (or the question), clarifying choices as buttons. */
  const payloadOf = (answer: Answer, userId: string): Composed['payload'] => {
    if (answer.clarification) {
      const out = renderReply(answer.reply);
      return {
        embeds: out.embeds,
        components: [...out.components, ...choiceRows(answer.clarification, userId)].slice(0, LIMITS.actionRows),
      };
    }
    const { reply } = answer;
    const args: Record<string, string> = reply.answerId
      ? { [ANSWER_KEY]: reply.answerId }
      : { question: sliceUnits(answer.question, MAX_QUESTION) };
    const out = renderReply(reply, { command: 'ask', args, userId });
    return { embeds: out.embeds, components: out.components as APIMessageTopLevelComponent[] };
  };

  /** One answer, clarification or decline for a question in a conversation, as a message. */
  const compose = async (
    question: string,
    prev: ConversationState | undefined,
    asker: Asker,
    notes: string[] = [],
  ): Promise<Composed> => {
    const answer = await composer.compose(question, prev, asker, notes);
    return {
      outcome: answer.outcome,
      payload: payloadOf(answer, asker.userId),
      state: answer.state,
      usedContext: answer.usedContext,
    };
  };

  /** What one of the bot's answers was about, read from its embed (see the composer's contextOf). */
  const contextOf = (embed: APIEmbed | undefined): ConversationState | undefined =>
    embed?.title
      ? composer.contextOf({ title: unescape(embed.title), intro: unescape(embed.description ?? '') })
      : undefined;

  return { compose, contextOf };
};

export type Composer = ReturnType<typeof createComposer>;
