/**
 * The one interaction handler: slash commands (and subcommands), autocomplete, buttons, select
 * menus and modal submissions. Every path replies (or deliberately stays silent for
 * autocomplete errors: an empty list), never throws, never pings, and writes one log line per
 * interaction.
 */
import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  type InteractionReplyOptions,
  type MessageComponentInteraction,
  type ModalSubmitInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import {
  autocompleteFor,
  MAX_ATTACHMENT_BYTES,
  NO_INPUT,
  optionsOf,
  parseOptions,
  runParsed,
  type ActionInput,
  type ActionSource,
  type AnyAction,
  type AnyCommand,
  type CommandContext,
  type FileValue,
  type OptionValue,
} from '../command.js';
import { servicesFor, type Services } from '../services.js';
import type { KnowledgeBase } from '../knowledge.js';
import type { Logger } from '../log.js';
import type { Outcome, Reply } from '../answers/reply.js';
import type { FaqSearch } from '../answers/server-faq.js';
import { StoreError, type Store } from '../store/index.js';
import { decodeCustomId, type ActionId, type ButtonState, type ChoiceId } from './custom-id.js';
import { LIMITS, truncate } from './limits.js';
import { MORE_KEY, renderModal, renderNotice, renderReply, type MessagePayload } from './render.js';

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

export const MESSAGES = {
  stale: 'This button is from an older version of Checkpoint. Please run the command again.',
  notYours: 'Only the person who asked can page through this answer. Run the command yourself to get your own copy.',
  unknownCommand: (name: string) => `I don't know \`/${name.replace(/[^\w-]/g, '')}\` (it may have been removed). Type \`/\` to see my commands.`,
  error: (ref: string) => `Something went wrong (ref ${ref}). Please try again; if it keeps happening, tell a moderator this ref.`,
  attachment: "I couldn't download that file. Please attach it again.",
} as const;

const newRef = () => randomBytes(2).toString('hex').toUpperCase();

type Raw = Record<string, string | number | boolean>;

/** State key carrying a logged answer's id instead of the question (see Reply.answerId). */
export const ANSWER_KEY = '@a';

/** Who is asking and where, from any interaction, with the services handlers use. */
export const contextFrom = (interaction: Interaction, kb: KnowledgeBase, services: Services = servicesFor(kb)): CommandContext => {
  const member = interaction.member;
  let roleIds: string[] = [];
  if (member) {
    const roles = member.roles as unknown;
    if (Array.isArray(roles)) roleIds = roles.map(String);
    else if (roles && typeof roles === 'object' && 'cache' in roles) roleIds = [...(roles as { cache: Map<string, unknown> }).cache.keys()];
  }
  return {
    kb,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    userName: interaction.user.globalName ?? interaction.user.username,
    canManageGuild: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    roleIds: roleIds.filter((id) => id !== interaction.guildId),
    store: services.store,
    faq: services.faq,
  };
};

const toReplyOptions = (p: MessagePayload, ephemeral: boolean): InteractionReplyOptions => ({
  ...(p.content !== undefined ? { content: p.content } : {}),
  embeds: p.embeds,
  components: p.components,
  allowedMentions: { parse: [] },
  ...(p.files?.length ? { files: p.files.map((f) => ({ attachment: Buffer.from(f.content, 'utf8'), name: f.name })) } : {}),
  ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
});

/** Options as sent, and the subcommand they sit under. */
const readOptions = (data: readonly CommandInteractionOption[]): { subcommand: string | null; options: readonly CommandInteractionOption[] } => {
  const first = data[0];
  if (first?.type === ApplicationCommandOptionType.Subcommand) return { subcommand: first.name, options: first.options ?? [] };
  if (first?.type === ApplicationCommandOptionType.SubcommandGroup) {
    const sub = first.options?.[0];
    return { subcommand: sub?.name ?? null, options: sub?.options ?? [] };
  }
  return { subcommand: null, options: data };
};

/** Downloads an attachment as text: http(s) only, bounded in size and time. */
export const fetchText = async (url: string, maxBytes: number): Promise<string> => {
  if (!/^https?:\/\//i.test(url)) throw new Error('attachment URL is not http(s)');
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'follow' });
  if (!res.ok || !res.body) throw new Error(`attachment download failed: HTTP ${res.status}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new Error('attachment too large');
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
};

/** What a handler did; `stale` says why an id was refused (logged, never shown). */
type Routed = { outcome: Outcome; command: string | null; stale?: string };

export const createRouter = ({ commands, kb, logger, actions = [], store, faq, fetchAttachment = fetchText, choices }: RouterOptions): Router => {
  const byName = new Map(commands.map((c) => [c.name, c]));
  const actionsByName = new Map(actions.map((a) => [a.name, a]));
  const find = (name: string) => byName.get(name);
  const services: Services = { ...servicesFor(kb, store), ...(faq ? { faq } : {}) };
  const ctxOf = (i: Interaction, extra: Partial<CommandContext> = {}): CommandContext => ({ ...contextFrom(i, kb, services), ...extra });

  const refusedOptions = (error: string): Reply => ({ outcome: 'refused', title: 'Check your options', intro: error, items: [], citations: [], private: true, shareable: false });

  /**
   * Paging/post state for a reply: a logged free question travels as its answer id (however long
   * the question), a topic command's answer as its options plus the id (its votes stay one answer).
   */
  const stateArgs = (reply: Reply, args: Record<string, OptionValue>, more: boolean, takesQuestion: boolean): Raw => {
    const simple: Raw = {};
    for (const [k, v] of Object.entries(args)) if (typeof v !== 'object') simple[k] = v;
    const expanded: Raw = more ? { [MORE_KEY]: true } : {};
    if (reply.answerId && takesQuestion) return { [ANSWER_KEY]: reply.answerId, ...(simple.private === true ? { private: true } : {}), ...expanded };
    if (reply.answerId) return { ...simple, [ANSWER_KEY]: reply.answerId, ...expanded };
    return { ...simple, ...expanded };
  };
  const takesQuestion = (command: AnyCommand, subcommand: string | null | undefined) => 'question' in (optionsOf(command, subcommand) ?? {});

  const runCommand = async (command: AnyCommand, i: Interaction, raw: Readonly<Record<string, unknown>>, subcommand: string | null, extra: Partial<CommandContext> = {}) => {
    const parsed = parseOptions(command, raw, subcommand);
    if (!parsed.ok) return { reply: refusedOptions(parsed.error), args: {} as Raw, name: command.name };
    const reply = await runParsed(command, ctxOf(i, extra), parsed);
    const name = parsed.subcommand ? `${command.name}.${parsed.subcommand}` : command.name;
    return { reply, args: stateArgs(reply, parsed.values, !!extra.more, takesQuestion(command, parsed.subcommand)), name };
  };

  const notice = async (i: ChatInputCommandInteraction | MessageComponentInteraction | ModalSubmitInteraction, text: string) => {
    const opts = toReplyOptions(renderNotice(text), true);
    if (i.replied || i.deferred) await i.followUp(opts);
    else await i.reply(opts);
  };

  /** Sends a reply as the first response to a command or component (modal, update or new message). */
  const respond = async (
    i: ChatInputCommandInteraction | MessageComponentInteraction | ModalSubmitInteraction,
    reply: Reply,
    render: { command?: string; args?: Raw; userId?: string; page?: number; forcePublic?: boolean } = {},
  ): Promise<void> => {
    if (reply.modal && !i.isModalSubmit() && !i.deferred && !i.replied) {
      await i.showModal(renderModal(reply.modal));
      return;
    }
    const out = renderReply(reply, { ...(render.command && render.args ? { command: render.command, args: render.args } : {}), userId: render.userId ?? i.user.id, ...(render.page !== undefined ? { page: render.page } : {}), ...(render.forcePublic ? { forcePublic: true } : {}) });
    const canUpdate = i.isMessageComponent() || (i.isModalSubmit() && i.isFromMessage());
    if (reply.update && canUpdate && !i.deferred && !i.replied) {
      const { flags: _flags, ...update } = toReplyOptions(out, false);
      await (i as ButtonInteraction).update(update as Parameters<ButtonInteraction['update']>[0]);
      return;
    }
    if (i.deferred) {
      const { flags: _flags, ...edit } = toReplyOptions(out, false);
      await i.editReply(edit);
      return;
    }
    await i.reply(toReplyOptions(out, out.ephemeral));
  };

  const onCommand = async (i: ChatInputCommandInteraction): Promise<Routed> => {
    const command = find(i.commandName);
    if (!command) {
      await notice(i, MESSAGES.unknownCommand(i.commandName));
      return { outcome: 'refused', command: i.commandName };
    }
    const { subcommand, options } = readOptions(i.options.data);
    const defs = optionsOf(command, subcommand) ?? {};
    const raw: Record<string, unknown> = {};
    let files = false;
    for (const o of options) {
      if (o.type === ApplicationCommandOptionType.Attachment && o.attachment) files = true;
      else if (o.value !== undefined && o.value !== null) raw[o.name] = o.value;
    }
    if (files) {
      // Downloading may take longer than Discord's 3 s: acknowledge first, privately.
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      for (const o of options) {
        if (o.type !== ApplicationCommandOptionType.Attachment || !o.attachment) continue;
        const def = defs[o.name];
        const max = def?.type === 'attachment' ? (def.maxBytes ?? MAX_ATTACHMENT_BYTES) : MAX_ATTACHMENT_BYTES;
        if (o.attachment.size > max) {
          await respond(i, refusedOptions(`\`${o.name}\` is too large (at most ${Math.round(max / 1024)} KB).`));
          return { outcome: 'refused', command: command.name };
        }
        try {
          const content = await fetchAttachment(o.attachment.url, max);
          raw[o.name] = { name: o.attachment.name, content, size: Buffer.byteLength(content, 'utf8') } satisfies FileValue;
        } catch (err) {
          logger.warn({ err, interactionId: i.id, command: command.name }, 'attachment download failed');
          await respond(i, refusedOptions(MESSAGES.attachment));
          return { outcome: 'refused', command: command.name };
        }
      }
    }
    const { reply, args, name } = await runCommand(command, i, raw, subcommand);
    await respond(i, reply, { command: name, args });
    return { outcome: reply.outcome, command: name };
  };

  const onAutocomplete = async (i: AutocompleteInteraction): Promise<Outcome> => {
    try {
      const command = find(i.commandName);
      const focused = i.options.getFocused(true);
      const subcommand = i.options.getSubcommand(false);
      const raw = autocompleteFor(command, ctxOf(i), subcommand, focused.name, String(focused.value ?? ''));
      const seen = new Set<string>();
      const choices = [];
      for (const c of raw) {
        const name = truncate(String(c.name), LIMITS.autocompleteChoiceName);
        const value = truncate(String(c.value), LIMITS.autocompleteChoiceValue);
        if (!name || seen.has(value)) continue;
        seen.add(value);
        choices.push({ name, value });
        if (choices.length >= LIMITS.autocompleteChoices) break;
      }
      await i.respond(choices);
      return 'info';
    } catch (err) {
      const ref = newRef();
      logger.error({ err, ref, interactionId: i.id, command: i.commandName }, 'autocomplete failed');
      if (!i.responded) await i.respond([]).catch(() => undefined);
      return 'error';
    }
  };

  /** A logged answer's id → the question it answered (null: pruned, unknown, or no store). */
  const loggedQuestion = (answerId: string): string | null => {
    if (!services.store.available) return null;
    try {
      return services.store.answers.get(answerId)?.query ?? null;
    } catch (err) {
      if (err instanceof StoreError) return null;
      throw err;
    }
  };

  /** An id we do not run: the same "out of date" reply whatever was wrong with it. */
  const stale = async (i: ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction, command: string | null, why: string): Promise<Routed> => {
    await notice(i, MESSAGES.stale);
    return { outcome: 'info', command, stale: why };
  };

  /** Paging, post-to-channel and choice buttons: re-run the command from the state in the id. */
  const onStateButton = async (i: ButtonInteraction, state: ButtonState): Promise<Routed> => {
    const [commandName, subcommand] = state.command.split('.') as [string, string | undefined];
    const command = find(commandName);
    if (!command) return stale(i, state.command, 'unknown-command');
    if (state.owner && state.owner !== i.user.id) {
      await notice(i, MESSAGES.notYours);
      return { outcome: 'refused', command: state.command };
    }
    const { [MORE_KEY]: more, ...stateRest } = state.args;
    let raw: Record<string, unknown> = stateRest;
    const extra: Partial<CommandContext> = state.action === 'pg' ? { paging: true } : {};
    if (more === true) extra.more = true;
    const answerId = stateRest[ANSWER_KEY];
    if (typeof answerId === 'string') {
      const question = loggedQuestion(answerId);
      if (question === null) return stale(i, state.command, 'answer-gone');
      const { [ANSWER_KEY]: _id, ...rest } = stateRest;
      raw = takesQuestion(command, subcommand) ? { ...rest, question } : rest;
      extra.answerId = answerId;
    }
    const { reply, args, name } = await runCommand(command, i, raw, subcommand ?? null, extra);
    if (state.action === 'pg') {
      // The page keeps the message's visibility and its original owner.
      const wasEphemeral = i.message.flags.has(MessageFlags.Ephemeral);
      const out = renderReply(reply, { command: name, args, userId: state.owner ?? i.user.id, page: state.page, forcePublic: !wasEphemeral });
      const { flags: _flags, ...update } = toReplyOptions(out, false);
      await i.update(update as Parameters<ButtonInteraction['update']>[0]);
    } else if (state.action === 'post') {
      const out = renderReply(reply, { command: name, args, forcePublic: true });
      await i.reply(toReplyOptions(out, false));
    } else {
      await respond(i, { ...reply, update: undefined } as Reply, { command: name, args });
    }
    return { outcome: reply.outcome, command: name };
  };

  /** Action buttons, select menus and modal submissions: only from the kind of control that issues the action. */
  const onAction = async (i: ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction, state: ActionId, from: ActionSource): Promise<Routed> => {
    const action = actionsByName.get(state.action);
    if (!action) return stale(i, state.action, 'unknown-action');
    if (action.from !== from) return stale(i, state.action, 'wrong-component');
    let input: ActionInput = NO_INPUT;
    if (i.isStringSelectMenu()) input = { values: [...i.values], fields: {} };
    else if (i.isModalSubmit()) {
      const fields: Record<string, string> = {};
      for (const [id, f] of i.fields.fields) if ('value' in f && typeof f.value === 'string') fields[id] = f.value;
      input = { values: [], fields };
    }
    const reply = await action.run(ctxOf(i), state.args, input);
    await respond(i, reply);
    return { outcome: reply.outcome, command: state.action };
  };

  const handle = async (interaction: Interaction): Promise<void> => {
    const started = Date.now();
    let type = 'other';
    let command: string | null = null;
    let outcome: Outcome = 'info';
    let staleWhy: string | undefined;
    try {
      let routed: Routed | null = null;
      if (interaction.isChatInputCommand()) {
        type = 'command';
        command = interaction.commandName;
        routed = await onCommand(interaction);
      } else if (interaction.isAutocomplete()) {
        type = 'autocomplete';
        command = interaction.commandName;
        outcome = await onAutocomplete(interaction);
      } else if (interaction.isButton() || interaction.isStringSelectMenu() || interaction.isModalSubmit()) {
        const from: ActionSource = interaction.isButton() ? 'button' : interaction.isStringSelectMenu() ? 'select' : 'modal';
        type = from;
        const id = decodeCustomId(interaction.customId, from);
        if (id.kind === 'choice' && choices && interaction.isButton()) {
          // The conversations answer it and write its one log line.
          await choices(interaction, id);
          return;
        }
        routed =
          id.kind === 'state' && interaction.isButton()
            ? await onStateButton(interaction, id)
            : id.kind === 'action'
              ? await onAction(interaction, id, from)
              : await stale(interaction, null, id.kind === 'rejected' ? id.reason : 'no-handler');
      } else if (interaction.isRepliable()) {
        type = 'component';
        await interaction.reply(toReplyOptions(renderNotice(MESSAGES.stale), true));
      }
      if (routed) {
        command = routed.command;
        outcome = routed.outcome;
        staleWhy = routed.stale;
      }
    } catch (err) {
      outcome = 'error';
      const ref = newRef();
      logger.error({ err, ref, interactionId: interaction.id, type, command }, 'interaction handler failed');
      if (interaction.isRepliable()) {
        try {
          const opts = toReplyOptions(renderNotice(MESSAGES.error(ref)), true);
          if (interaction.replied || interaction.deferred) await interaction.followUp(opts);
          else await interaction.reply(opts);
        } catch (replyErr) {
          logger.warn({ err: replyErr, ref, interactionId: interaction.id }, 'could not send the error reply');
        }
      }
    }
    logger.info({ interactionId: interaction.id, type, command, guildId: interaction.guildId, latencyMs: Date.now() - started, outcome, ...(staleWhy ? { stale: staleWhy } : {}) }, 'interaction');
  };

  return { handle, find };
};
