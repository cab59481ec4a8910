/**
 * Answering a question in a conversation, for every transport (Discord's mentions and DMs, the
 * local console): the same answer `/ask` gives — through the registered `/ask` command when there
 * is one, so the server's FAQ, the answer log behind `/faq gaps` and the votes work here too —
 * read against the conversation so far, or a clarifying question when it is too vague to answer
 * well. The transport renders the Reply and offers the clarifying choices its own way.
 */
import { askView, cleanUserText } from '../answers/views.js';
import { readQuestion } from '../answers/reading.js';
import type { Reply } from '../answers/reply.js';
import { parseOptions, runParsed, type AnyCommand, type CommandContext } from '../command.js';
import type { KnowledgeBase } from '../knowledge.js';
import { sliceUnits } from '../text/cut.js';
import { clarify, resolveFollowUp, type Clarification } from './followup.js';
import type { ConversationState } from './memory.js';
import { MAX_QUESTION } from './text.js';

/** The note on an answer read against the conversation; `contextOf` reads it back from an answer. */
export const followUpNote = (context: string) => `Following up on this conversation (${context}).`;
const FOLLOW_UP_LINE = /^Following up on this conversation \((.+)\)\.$/m;

/** Who asks, as a command context sees it (the composer adds the knowledge base and services). */
export type Asker = Omit<CommandContext, 'kb' | 'store' | 'faq' | 'answerId' | 'paging'>;

export type Composed = {
  outcome: 'answered' | 'declined' | 'clarify';
  reply: Reply;
  /** A question too vague to answer well: the choices to offer (the reply holds the prompt). */
  clarification?: Clarification;
  /** The question the reply answers, the conversation's context included: what re-running it asks. */
  question: string;
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

/** An answer as shown: its title (the question) and the text above its items. */
export type ShownAnswer = { title: string; intro?: string };

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

  /** One answer, clarification or decline for a question in a conversation. */
  const compose = async (
    question: string,
    prev: ConversationState | undefined,
    asker: Asker,
    notes: string[] = [],
  ): Promise<Composed> => {
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
      const reply: Reply = {
        outcome: 'info',
        title,
        intro: [...notes, clarification.prompt].join('\n'),
        items: [],
        citations: [],
      };
      return { outcome: 'clarify', reply, clarification, question, state, usedContext: resolved.usedContext };
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
      // The carried context is the corpus's own words (a role, a level, a topic), never the member's.
      notes = [followUpNote(resolved.query.slice(question.length).trim()), ...notes];
    }
    if (notes.length > 0) reply.intro = [...notes, reply.intro].filter(Boolean).join('\n');
    const outcome = reply.outcome === 'answered' ? 'answered' : 'declined';
    return { outcome, reply, question: usedContext ? resolved.query : question, state, usedContext };
  };

  /**
   * What one of the bot's answers was about, read from the answer as shown (an `/ask` answer, or
   * one from before a restart): the title is the question, a follow-up note names the context it carried.
   */
  const contextOf = (shown: ShownAnswer | undefined): ConversationState | undefined => {
    if (!shown?.title) return undefined;
    const carried = FOLLOW_UP_LINE.exec(shown.intro ?? '')?.[1];
    const question = carried ? `${shown.title} ${carried}` : shown.title;
    const a = readQuestion(kb, question);
    if (!a.topic && !a.role && !a.level) return undefined;
    return { ...a, lastQuery: question, at: Date.now() };
  };

  return { compose, contextOf };
};

export type Composer = ReturnType<typeof createComposer>;
