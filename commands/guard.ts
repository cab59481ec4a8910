/**
 * Who may do what, checked inside every handler and action (never only when a button was shown,
 * and never trusting Discord's command permissions alone), and store failures turned into
 * replies a member can read. Beside the commands: only their handlers and actions gate.
 */
import type { CommandContext } from '../src/command.js';
import type { Reply } from '../src/answers/reply.js';
import { StoreError, StoreUnavailableError, UNAVAILABLE_USER_MESSAGE, type GuildSettings } from '../src/store/index.js';

export type Need = 'member' | 'mentor' | 'recruiter' | 'mentor-or-recruiter' | 'admin';

export const GUARD_MESSAGES = {
  noGuild: 'This belongs to a server: use it in a server channel, not in direct messages.',
  mentor: 'Only mentors can do this: members with the mentor role (see /settings) or the Manage Server permission.',
  recruiter:
    'Only recruiters can do this: members with the recruiter role (see /settings) or the Manage Server permission.',
  'mentor-or-recruiter':
    'Only mentors and recruiters can see this: members with either role (see /settings) or the Manage Server permission.',
  admin: 'Only members with the Manage Server permission can do this.',
  unavailable: UNAVAILABLE_USER_MESSAGE,
} as const;

/** A short private reply (refusals, confirmations, store messages). */
export const privateNotice = (title: string, intro: string, outcome: Reply['outcome'] = 'info'): Reply => ({
  outcome,
  title,
  intro,
  items: [],
  citations: [],
  private: true,
  shareable: false,
});

export const refusal = (text: string, title = 'Not allowed'): Reply => privateNotice(title, text, 'refused');

export const unavailableReply = (): Reply => privateNotice('Saving is unavailable', UNAVAILABLE_USER_MESSAGE, 'error');

/** The server's settings, or null when they cannot be read (store down). */
export const settingsOf = (ctx: CommandContext): GuildSettings | null => {
  if (!ctx.guildId || !ctx.store.available) return null;
  try {
    return ctx.store.settings.get(ctx.guildId);
  } catch (err) {
    if (err instanceof StoreError) return null;
    throw err;
  }
};

/** A role the member has; @everyone (the role whose id is the server's) is everyone's. */
const hasRole = (ctx: CommandContext, roleId: string | null | undefined) =>
  !!roleId && (roleId === ctx.guildId || ctx.roleIds.includes(roleId));

/** Mentor: the configured mentor role, or Manage Server. */
export const isMentor = (ctx: CommandContext, settings = settingsOf(ctx)): boolean =>
  ctx.canManageGuild || hasRole(ctx, settings?.mentorRoleId);
/** Recruiter: the configured recruiter role, or Manage Server. */
export const isRecruiter = (ctx: CommandContext, settings = settingsOf(ctx)): boolean =>
  ctx.canManageGuild || hasRole(ctx, settings?.recruiterRoleId);

export const allowed = (ctx: CommandContext, need: Need): boolean => {
  if (need === 'member') return true;
  if (need === 'admin') return ctx.canManageGuild;
  const settings = settingsOf(ctx);
  if (need === 'mentor') return isMentor(ctx, settings);
  if (need === 'recruiter') return isRecruiter(ctx, settings);
  return isMentor(ctx, settings) || isRecruiter(ctx, settings);
};

/** What the gate decided: go ahead in this server, or send the refusal. */
export type Gate = { ok: true; guildId: string } | { ok: false; reply: Reply };

/**
 * The checks before a server feature runs, in order: a server (not a DM), a working store, the
 * permission.
 */
export const gate = (ctx: CommandContext, need: Need): Gate => {
  if (!ctx.guildId) return { ok: false, reply: refusal(GUARD_MESSAGES.noGuild, 'Server only') };
  if (!ctx.store.available) return { ok: false, reply: unavailableReply() };
  if (need !== 'member' && !allowed(ctx, need)) return { ok: false, reply: refusal(GUARD_MESSAGES[need]) };
  return { ok: true, guildId: ctx.guildId };
};

/** A store error as a private reply: its `userMessage`; anything else is a bug and is rethrown. */
export const storeFailure = (err: unknown): Reply => {
  if (err instanceof StoreUnavailableError) return unavailableReply();
  if (err instanceof StoreError) return privateNotice("That didn't work", err.userMessage, 'refused');
  throw err;
};

/** Runs `fn`, turning store errors into replies. */
export const withStore = async (fn: () => Reply | Promise<Reply>): Promise<Reply> => {
  try {
    return await fn();
  } catch (err) {
    return storeFailure(err);
  }
};
