/**
 * The one interaction handler: slash commands, autocomplete and buttons. Every path replies
 * (or deliberately stays silent for autocomplete errors: an empty list), never throws, never
 * pings, and writes one log line per interaction.
 */
import { randomBytes } from 'node:crypto';
import {
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionReplyOptions,
} from 'discord.js';
import { parseOptions, type AnyCommand, type CommandContext } from '../command.js';
import type { KnowledgeBase } from '../knowledge.js';
import type { Logger } from '../log.js';
import type { Outcome, Reply } from '../reply.js';
import { LIMITS, truncate } from './limits.js';
import { decodeState, renderNotice, renderReply, type MessagePayload } from './render.js';

export type LogOutcome = Outcome;

export type RouterOptions = {
  commands: readonly AnyCommand[];
  kb: KnowledgeBase;
  logger: Logger;
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
} as const;

const newRef = () => randomBytes(2).toString('hex').toUpperCase();

type Raw = Record<string, string | number | boolean>;

/** Who is asking and where, from any interaction. */
export const contextFrom = (interaction: Interaction, kb: KnowledgeBase): CommandContext => {
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
  };
};

const toReplyOptions = (p: MessagePayload, ephemeral: boolean): InteractionReplyOptions => ({
  ...(p.content !== undefined ? { content: p.content } : {}),
  embeds: p.embeds,
  components: p.components,
  allowedMentions: { parse: [] },
  ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
});

export const createRouter = ({ commands, kb, logger }: RouterOptions): Router => {
  const byName = new Map(commands.map((c) => [c.name, c]));
  const find = (name: string) => byName.get(name);

  const runCommand = async (command: AnyCommand, interaction: Interaction, raw: Raw): Promise<{ reply: Reply; args: Raw }> => {
    const parsed = parseOptions(command, raw);
    if (!parsed.ok) return { reply: { outcome: 'refused', title: 'Check your options', intro: parsed.error, items: [], citations: [], private: true }, args: raw };
    const reply = await command.run(contextFrom(interaction, kb), parsed.values as never);
    return { reply, args: parsed.values };
  };

  const notice = async (i: ChatInputCommandInteraction | ButtonInteraction, text: string) => {
    const opts = toReplyOptions(renderNotice(text), true);
    if (i.replied || i.deferred) await i.followUp(opts);
    else await i.reply(opts);
  };

  const onCommand = async (i: ChatInputCommandInteraction): Promise<Outcome> => {
    const command = find(i.commandName);
    if (!command) {
      await notice(i, MESSAGES.unknownCommand(i.commandName));
      return 'refused';
    }
    const raw: Raw = {};
    for (const o of i.options.data) if (o.value !== undefined && o.value !== null) raw[o.name] = o.value;
    const { reply, args } = await runCommand(command, i, raw);
    const out = renderReply(reply, { command: command.name, args, userId: i.user.id });
    await i.reply(toReplyOptions(out, out.ephemeral));
    return reply.outcome;
  };

  const onAutocomplete = async (i: AutocompleteInteraction): Promise<Outcome> => {
    try {
      const command = find(i.commandName);
      const focused = i.options.getFocused(true);
      const raw = command?.autocomplete ? command.autocomplete(contextFrom(i, kb), focused.name, String(focused.value ?? '')) : [];
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

  const onButton = async (i: ButtonInteraction): Promise<{ outcome: Outcome; command: string | null }> => {
    const state = decodeState(i.customId);
    const command = state ? find(state.command) : undefined;
    if (!state || !command) {
      await notice(i, MESSAGES.stale);
      return { outcome: 'info', command: state?.command ?? null };
    }
    if (state.owner && state.owner !== i.user.id) {
      await notice(i, MESSAGES.notYours);
      return { outcome: 'refused', command: command.name };
    }
    const { reply, args } = await runCommand(command, i, state.args);
    if (state.action === 'pg') {
      // The page keeps the message's visibility and its original owner.
      const wasEphemeral = i.message.flags.has(MessageFlags.Ephemeral);
      const out = renderReply(reply, { command: command.name, args, userId: state.owner ?? i.user.id, page: state.page, forcePublic: !wasEphemeral });
      const { flags: _flags, ...update } = toReplyOptions(out, false);
      await i.update(update as Parameters<ButtonInteraction['update']>[0]);
    } else if (state.action === 'post') {
      const out = renderReply(reply, { command: command.name, args, forcePublic: true });
      await i.reply(toReplyOptions(out, false));
    } else {
      const out = renderReply(reply, { command: command.name, args, userId: i.user.id });
      await i.reply(toReplyOptions(out, out.ephemeral));
    }
    return { outcome: reply.outcome, command: command.name };
  };

  const handle = async (interaction: Interaction): Promise<void> => {
    const started = Date.now();
    let type = 'other';
    let command: string | null = null;
    let outcome: Outcome = 'info';
    try {
      if (interaction.isChatInputCommand()) {
        type = 'command';
        command = interaction.commandName;
        outcome = await onCommand(interaction);
      } else if (interaction.isAutocomplete()) {
        type = 'autocomplete';
        command = interaction.commandName;
        outcome = await onAutocomplete(interaction);
      } else if (interaction.isButton()) {
        type = 'button';
        const r = await onButton(interaction);
        command = r.command;
        outcome = r.outcome;
      } else if (interaction.isRepliable()) {
        type = 'component';
        await interaction.reply(toReplyOptions(renderNotice(MESSAGES.stale), true));
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
    logger.info({ interactionId: interaction.id, type, command, guildId: interaction.guildId, latencyMs: Date.now() - started, outcome }, 'interaction');
  };

  return { handle, find };
};
