/**
 * Building the bot's reply to a conversational question: the same answer `/ask` gives (through the
 * registered `/ask` command when there is one, so the server's FAQ, the answer log behind
 * `/faq gaps` and the Helpful / Not helpful buttons work here too), read against the conversation
 * so far, or clarifying buttons when the question is too vague to answer well.
 */
import type { APIEmbed, APIMessageTopLevelComponent } from 'discord.js';
import { askView, cleanUserText, EMPTY_QUESTION } from '../answers/views.js';
import type { AnyCommand, CommandContext } from '../command.js';
import { parseOptions, runParsed } from '../command.js';
import { clarify, resolveFollowUp } from '../conversation/followup.js';
import type { ConversationState } from '../conversation/memory.js';
import { MAX_QUESTION } from '../conversation/text.js';
import type { KnowledgeBase } from '../knowledge.js';
import type { Reply } from '../answers/reply.js';
import { readQuestion } from '../answers/reading.js';
import { choiceRows } from './conversation-choices.js';
import { LIMITS, sliceUnits, truncate } from './limits.js';
import { ANSWER_KEY, renderReply, safeText, type MessagePayload } from './render.js';

export type MessageOutcome = 'answered' | 'declined' | 'clarify' | 'ignored' | 'cooldown' | 'error';

export const MESSAGE_TEXT = {
  cooldown: (seconds: number) => `You're asking faster than I can keep up. Please wait about ${seconds} s, then ask again.`,
  flood: 'This channel is very busy, so I am pausing my answers here for a few seconds. Mention me again in a moment.',
  empty: (example: string | undefined, inDm: boolean) =>
    `Hi! ${EMPTY_QUESTION}${example ? ` For example: “${example}”` : ''} ${inDm ? 'Just type your question here.' : 'Mention me with your question, or reply to one of my answers.'} \`/help\` lists my commands.`,
  followUp: (context: string) => `Following up on this conversation (${context}).`,
  truncated: `Your message was long, so I read its first ${MAX_QUESTION} characters.`,
} as const;

/** Who asks, as a command context sees it (the services are added by the composer). */
export type Asker = Omit<CommandContext, 'kb' | 'store' | 'faq' | 'answerId' | 'paging'>;

export type Composed = {
  outcome: Extract<MessageOutcome, 'answered' | 'declined' | 'clarify'>;
  payload: Pick<MessagePayload, 'embeds' | 'components'>;
  /** What the conversation knows after this question. */
  state: Omit<ConversationState, 'at'>;
  usedContext: boolean;
};

export type ComposerOptions = {
  kb: KnowledgeBase;
  /** The command registry: its `/ask` answers (FAQ, answer log, votes). Without one, the documents alone answer. */
  commands?: readonly AnyCommand[];
  /** Store and FAQ search for the `/ask` context. */
  services?: Pick<CommandContext, 'store' | 'faq'>;
};

/**
 * An embed as message text, for channels where the bot may not embed: title, items and sources
 * within the 2000-character content limit (buttons stay).
 */
export const asText = <P extends { content?: string; embeds: APIEmbed[] }>(payload: P): P => {
  const embed = payload.embeds[0];
  if (!embed) return payload;
  const fields = (embed.fields ?? []).map((f) => `**${f.name}**\n${f.value}`);
  const text = [embed.title ? `**${embed.title}**` : '', embed.description ?? '', ...fields, embed.footer?.text ? `-# ${embed.footer.text}` : '']
    .filter(Boolean)
    .join('\n\n');
  return { ...payload, content: truncate(text, LIMITS.content), embeds: [] };
};

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const createComposer = ({ kb, commands, services }: ComposerOptions) => {
  const ask = services ? commands?.find((c) => c.name === 'ask') : undefined;

  /** `/ask`'s reply for a question: the command when registered, else the documents. */
  const askReply = async (question: string, asker: Asker): Promise<Reply> => {
    const parsed = ask ? parseOptions(ask, { question: sliceUnits(question, MAX_QUESTION) }) : null;
    if (!ask || !services || !parsed?.ok) return askView(kb, question);
    const reply = await runParsed(ask, { kb, ...services, ...asker }, parsed);
    // A message in a channel cannot be private; asking in the open is the member's choice.
    delete reply.private;
    return reply;
  };

  const render = (reply: Reply, question: string, userId: string) => {
    const args: Record<string, string> = reply.answerId ? { [ANSWER_KEY]: reply.answerId } : { question: sliceUnits(question, MAX_QUESTION) };
    const out = renderReply(reply, { command: 'ask', args, userId });
    return { embeds: out.embeds, components: out.components as APIMessageTopLevelComponent[] };
  };

  /** One answer, clarification or decline for a question in a conversation. */
  const compose = async (question: string, prev: ConversationState | undefined, asker: Asker, notes: string[] = []): Promise<Composed> => {
    const resolved = resolveFollowUp(kb, question, prev);
    const a = resolved.analysis;
    const state: Composed['state'] = {
      topic: a.topic ?? prev?.topic ?? null,
      role: a.role?.name ?? prev?.role ?? null,
      level: a.level ?? prev?.level ?? null,
      lastQuery: resolved.query,
    };
    const title = capitalised(cleanUserText(question) || 'Answer');
    const clarification = clarify(kb, a);
    if (clarification) {
      const reply: Reply = { outcome: 'info', title, intro: [...notes, clarification.prompt].join('\n'), items: [], citations: [] };
      const out = renderReply(reply);
      const components = [...out.components, ...choiceRows(clarification, asker.userId)].slice(0, LIMITS.actionRows);
      return { outcome: 'clarify', payload: { embeds: out.embeds, components }, state, usedContext: resolved.usedContext };
    }
    let usedContext = resolved.usedContext;
    let reply = await askReply(resolved.query, asker);
    if (usedContext && reply.outcome !== 'answered') {
      // The context narrowed it to nothing ("do they need a degree?" — the documents answer it for everyone).
      const plain = await askReply(question, asker);
      if (plain.outcome === 'answered') {
        reply = plain;
        usedContext = false;
        state.lastQuery = question;
      }
    }
    if (usedContext) {
      reply.title = title;
      notes = [MESSAGE_TEXT.followUp(safeText(resolved.query.slice(question.length).trim())), ...notes];
    }
    if (notes.length > 0) reply.intro = [...notes, reply.intro].filter(Boolean).join('\n');
    const outcome = reply.outcome === 'answered' ? 'answered' : 'declined';
    return { outcome, payload: render(reply, usedContext ? resolved.query : question, asker.userId), state, usedContext };
  };

  /**
   * What one of the bot's answers was about, read from its embed (an `/ask` answer, or one from
   * before a restart): the title is the question, a follow-up note names the context it carried.
   */
  const contextOf = (embed: APIEmbed | undefined): ConversationState | undefined => {
    if (!embed?.title) return undefined;
    const unescape = (s: string) => s.replace(/\\(.)/g, '$1');
    const carried = /^Following up on this conversation \((.+)\)\.$/m.exec(embed.description ?? '')?.[1];
    const question = unescape(carried ? `${embed.title} ${carried}` : embed.title);
    const a = readQuestion(kb, question);
    if (!a.topic && !a.role && !a.level) return undefined;
    return { ...a, lastQuery: question, at: Date.now() };
  };

  return { compose, contextOf };
};

export type Composer = ReturnType<typeof createComposer>;
