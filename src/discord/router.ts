/**
 * The one interaction handler: it hands each interaction to the handler for its type (slash
 * commands, autocomplete, buttons and select menus, forms — see handling/), reports any failure
 * through the one failure reporter, and writes one log line per interaction (type, command,
 * guild, latency, outcome). Every path replies (autocomplete errors with an empty list), never
 * throws and never pings.
 */
import type { ButtonInteraction, Interaction } from 'discord.js';
import type { AnyAction, AnyCommand, CommandContext } from '../command.js';
import type { KnowledgeBase } from '../knowledge.js';
import type { Logger } from '../log.js';
import type { Outcome } from '../answers/reply.js';
import type { FaqSearch } from '../answers/server-faq.js';
import { servicesFor } from '../services.js';
import type { Store } from '../store/index.js';
import type { ChoiceId } from './custom-id.js';
import { reportFailure } from './failure.js';
import { handleAutocomplete } from './handling/autocomplete.js';
import { fetchText, handleCommand } from './handling/command.js';
import { handleComponent } from './handling/component.js';
import { contextFrom, type Handling, type Routed } from './handling/context.js';
import { handleModal } from './handling/modal.js';
import { MESSAGES, toReplyOptions } from './handling/respond.js';
import { renderNotice } from './render.js';

export { contextFrom } from './handling/context.js';
export { fetchText } from './handling/command.js';
export { MESSAGES } from './handling/respond.js';

export type LogOutcome = Outcome;

export type RouterOptions = {
  commands: readonly AnyCommand[];
  kb: KnowledgeBase;
  logger: Logger;
  /** What buttons, select menus and forms run (default: none). */
  actions?: readonly AnyAction[];
  /** Default: a stand-in store whose methods all throw StoreUnavailableError. */
  store?: Store;
  faq?: FaqSearch;
  /** Fetches an attachment's content (tests may inject one); default: global fetch with limits. */
  fetchAttachment?: (url: string, maxBytes: number) => Promise<string>;
  /** Clarifying-choice buttons (`conv:`): the conversations answer them and log them (default: out of date). */
  choices?: (interaction: ButtonInteraction, choice: ChoiceId) => Promise<void>;
};

export type Router = {
  handle: (interaction: Interaction) => Promise<void>;
  find: (name: string) => AnyCommand | undefined;
};

/** The kind of interaction, as the log line names it. */
const typeOf = (i: Interaction): string =>
  i.isChatInputCommand()
    ? 'command'
    : i.isAutocomplete()
      ? 'autocomplete'
      : i.isButton()
        ? 'button'
        : i.isStringSelectMenu()
          ? 'select'
          : i.isModalSubmit()
            ? 'modal'
            : i.isRepliable()
              ? 'component'
              : 'other';

/** The handler for an interaction's type; null when it wrote its own log line (a clarifying choice). */
const dispatch = async (h: Handling, i: Interaction): Promise<Routed | null> => {
  if (i.isChatInputCommand()) return handleCommand(h, i);
  if (i.isAutocomplete()) return handleAutocomplete(h, i);
  if (i.isButton() || i.isStringSelectMenu()) return handleComponent(h, i);
  if (i.isModalSubmit()) return handleModal(h, i);
  // Other components (menus of users, roles…) we never send: out of date.
  if (i.isRepliable()) await i.reply(toReplyOptions(renderNotice(MESSAGES.stale), true));
  return { outcome: 'info', command: null };
};

export const createRouter = ({
  commands,
  kb,
  logger,
  actions = [],
  store,
  faq,
  fetchAttachment = fetchText,
  choices,
}: RouterOptions): Router => {
  const byName = new Map(commands.map((c) => [c.name, c]));
  const actionsByName = new Map(actions.map((a) => [a.name, a]));
  const services = { ...servicesFor(kb, store), ...(faq ? { faq } : {}) };
  const h: Handling = {
    kb,
    logger,
    services,
    command: (name) => byName.get(name),
    action: (name) => actionsByName.get(name),
    contextOf: (i: Interaction, extra: Partial<CommandContext> = {}) => ({ ...contextFrom(i, kb, services), ...extra }),
    fetchAttachment,
    ...(choices ? { choices } : {}),
  };

  const handle = async (interaction: Interaction): Promise<void> => {
    const started = Date.now();
    const type = typeOf(interaction);
    let command: string | null =
      interaction.isChatInputCommand() || interaction.isAutocomplete() ? interaction.commandName : null;
    let routed: Routed | null;
    try {
      routed = await dispatch(h, interaction);
      if (!routed) return;
      command = routed.command;
    } catch (err) {
      routed = { outcome: 'error', command };
      await reportFailure(
        logger,
        err,
        { interactionId: interaction.id, type, command },
        'interaction handler',
        (body) => {
          if (!interaction.isRepliable()) return Promise.resolve();
          const opts = toReplyOptions(body, true);
          return interaction.replied || interaction.deferred ? interaction.followUp(opts) : interaction.reply(opts);
        },
      );
    }
    const { outcome, stale } = routed;
    logger.info(
      {
        interactionId: interaction.id,
        type,
        command,
        guildId: interaction.guildId,
        latencyMs: Date.now() - started,
        outcome,
        ...(stale ? { stale } : {}),
      },
      'interaction',
    );
  };

  return { handle, find: h.command };
};
