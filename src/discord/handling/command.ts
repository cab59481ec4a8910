/**
 * Slash commands (and subcommands): read the options as sent, download attachments first (within
 * their size limit, after acknowledging, since that may take longer than Discord's 3 s), run the
 * command and send its reply.
 */
import {
  ApplicationCommandOptionType,
  MessageFlags,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
} from 'discord.js';
import { MAX_ATTACHMENT_BYTES, optionsOf, type AnyCommand, type FileValue } from '../../command.js';
import type { Handling, Routed } from './context.js';
import { MESSAGES, notice, refusedOptions, respond } from './respond.js';
import { runCommand } from './run-command.js';

/** Options as sent, and the subcommand they sit under. */
const readOptions = (
  data: readonly CommandInteractionOption[],
): { subcommand: string | null; options: readonly CommandInteractionOption[] } => {
  const first = data[0];
  if (first?.type === ApplicationCommandOptionType.Subcommand)
    return { subcommand: first.name, options: first.options ?? [] };
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

/** The attachments' text in `raw`, or the refusal already sent. */
const downloadAttachments = async (
  h: Handling,
  i: ChatInputCommandInteraction,
  command: AnyCommand,
  options: readonly CommandInteractionOption[],
  subcommand: string | null,
  raw: Record<string, unknown>,
): Promise<Routed | null> => {
  const defs = optionsOf(command, subcommand) ?? {};
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
      const content = await h.fetchAttachment(o.attachment.url, max);
      raw[o.name] = { name: o.attachment.name, content, size: Buffer.byteLength(content, 'utf8') } satisfies FileValue;
    } catch (err) {
      h.logger.warn({ err, interactionId: i.id, command: command.name }, 'attachment download failed');
      await respond(i, refusedOptions(MESSAGES.attachment));
      return { outcome: 'refused', command: command.name };
    }
  }
  return null;
};

export const handleCommand = async (h: Handling, i: ChatInputCommandInteraction): Promise<Routed> => {
  const command = h.command(i.commandName);
  if (!command) {
    await notice(i, MESSAGES.unknownCommand(i.commandName));
    return { outcome: 'refused', command: i.commandName };
  }
  const { subcommand, options } = readOptions(i.options.data);
  const raw: Record<string, unknown> = {};
  let files = false;
  for (const o of options) {
    if (o.type === ApplicationCommandOptionType.Attachment && o.attachment) files = true;
    else if (o.value !== undefined && o.value !== null) raw[o.name] = o.value;
  }
  if (files) {
    const refused = await downloadAttachments(h, i, command, options, subcommand, raw);
    if (refused) return refused;
  }
  const { reply, args, name } = await runCommand(h, command, i, raw, subcommand);
  await respond(i, reply, { command: name, args });
  return { outcome: reply.outcome, command: name };
};
