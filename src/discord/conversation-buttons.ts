/**
 * Pressing a clarifying choice (`conv:` buttons, decoded and routed here by the router). The
 * asker's press replaces the clarifying question with the answer, in place, and the conversation
 * remembers the choice; anyone else gets the same answer privately. Choices are self-contained,
 * so they answer after a restart too.
 */
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { Services } from '../services.js';
import type { RateLimiter } from '../conversation/cooldown.js';
import type { ConversationMemory } from '../conversation/memory.js';
import type { KnowledgeBase } from '../knowledge.js';
import type { Logger } from '../log.js';
import type { ChoiceId } from './custom-id.js';
import { channelTypeName, elapsed, seconds, toSendOptions, type Body } from './conversation-io.js';
import { MESSAGE_TEXT, type Composer, type MessageOutcome } from './conversation-reply.js';
import { reportFailure, type Line } from './failure.js';
import { contextFrom } from './handling/context.js';
import { renderNotice } from './render.js';

export type ChoiceButtonDeps = {
  kb: KnowledgeBase;
  services: Services;
  composer: Composer;
  memory: ConversationMemory;
  members: RateLimiter;
  logger: Logger;
};

export const createChoiceButtons = ({ kb, services, composer, memory, members, logger }: ChoiceButtonDeps) => {
  const handleButton = async (i: ButtonInteraction, choice: ChoiceId): Promise<void> => {
    const started = performance.now();
    const line: Line = {
      interactionId: i.id,
      messageId: i.message?.id,
      guildId: i.guildId,
      channelType: channelTypeName(i.channel?.type),
    };
    const ephemeral = (body: Body) => ({ ...toSendOptions(body), flags: MessageFlags.Ephemeral as const });
    let outcome: MessageOutcome = 'ignored';
    try {
      const { kb: _kb, store: _store, faq: _faq, ...asker } = contextFrom(i, kb, services);
      const byMember = members.check(`${i.guildId ?? '@dm'}:${i.user.id}`);
      if (!byMember.allowed) {
        line.reason = 'member';
        await i.reply(ephemeral(renderNotice(MESSAGE_TEXT.cooldown(seconds(byMember.retryAfterMs)))));
        outcome = 'cooldown';
      } else if (choice.owner !== i.user.id) {
        // Someone else's question: their own private answer, leaving the asker's message alone.
        line.reason = 'not-asker';
        const composed = await composer.compose(choice.query, undefined, asker);
        await i.reply(ephemeral(composed.payload));
        outcome = composed.outcome;
      } else {
        // The asker's choice replaces the clarifying question with the answer, in place.
        const key = !i.inGuild()
          ? `dm:${i.channelId}`
          : i.channel?.isThread()
            ? `th:${i.channelId}`
            : `msg:${i.message.id}`;
        const composed = await composer.compose(choice.query, memory.get(key), asker);
        await i.update(toSendOptions(composed.payload));
        memory.set(key, composed.state);
        outcome = composed.outcome;
      }
    } catch (err) {
      outcome = 'error';
      await reportFailure(logger, err, line, 'conversation button', (body) =>
        i.replied || i.deferred ? i.followUp(ephemeral(body)) : i.reply(ephemeral(body)),
      );
    }
    logger.info({ ...line, latencyMs: elapsed(started), outcome }, 'conversation button');
  };

  return { handleButton };
};
