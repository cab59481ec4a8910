/**
 * What every interaction handler shares: who is asking and where (the command context), the
 * registry and services the router was built with, and what a handler reports for the log line.
 */
import { PermissionFlagsBits, type ButtonInteraction, type Interaction } from 'discord.js';
import type { AnyAction, AnyCommand, CommandContext } from '../../command.js';
import type { KnowledgeBase } from '../../knowledge.js';
import type { Logger } from '../../log.js';
import type { Outcome } from '../../answers/reply.js';
import { servicesFor, type Services } from '../../services.js';
import type { ChoiceId } from '../custom-id.js';

/** Who is asking and where, from any interaction, with the services handlers use. */
export const contextFrom = (
  interaction: Interaction,
  kb: KnowledgeBase,
  services: Services = servicesFor(kb),
): CommandContext => {
  const member = interaction.member;
  let roleIds: string[] = [];
  if (member) {
    // A cached member has a role manager; an uncached one (raw API data) a plain id list.
    const roles = member.roles as unknown;
    if (Array.isArray(roles)) roleIds = roles.map(String);
    else if (roles && typeof roles === 'object' && 'cache' in roles)
      roleIds = [...(roles as { cache: Map<string, unknown> }).cache.keys()];
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

/** What a handler did, for the interaction's log line; `stale` says why an id was refused (logged, never shown). */
export type Routed = { outcome: Outcome; command: string | null; stale?: string };

/** The router's registry and services, as every handler sees them. */
export type Handling = {
  kb: KnowledgeBase;
  logger: Logger;
  services: Services;
  command: (name: string) => AnyCommand | undefined;
  action: (name: string) => AnyAction | undefined;
  contextOf: (i: Interaction, extra?: Partial<CommandContext>) => CommandContext;
  /** Fetches an attachment's content within `maxBytes`. */
  fetchAttachment: (url: string, maxBytes: number) => Promise<string>;
  /** Clarifying-choice buttons: the conversations answer them and write their own log line. */
  choices?: (interaction: ButtonInteraction, choice: ChoiceId) => Promise<void>;
};
