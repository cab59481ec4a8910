/**
 * One console line → one Reply: free questions go to the answer layer, slash commands run
 * through the same registry, parseOptions and handlers as Discord. Errors become a short reply.
 *
 * The console is a local server (`console`) whose only member (`console-user`) may manage it, so
 * checklists and the server FAQ can be tried offline. What Discord shows as buttons and menus
 * the console numbers: type `2` to press button [2], `pick 1 3` to choose menu options 1 and 3.
 * Forms (modals) are asked field by field by the caller (see run.ts) and submitted with `submitForm`.
 */
import { readFile, stat } from 'node:fs/promises';
import {
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
} from '../command.js';
import type { KnowledgeBase } from '../knowledge.js';
import { notice, selectsOf, type Reply, type ReplyModal, type ReplySelect } from '../answers/reply.js';
import { servicesFor, type Services } from '../services.js';
import type { Store } from '../store/index.js';
import { truncate } from '../text/cut.js';
import { createConsoleConversation, type ConsoleConversation } from './conversation.js';
import { parseConsoleInput } from './parse.js';

export const CONSOLE_GUILD_ID = 'console';
export const CONSOLE_CHANNEL_ID = 'console';
export const CONSOLE_USER_ID = 'console-user';

export const consoleContext = (kb: KnowledgeBase, services: Services = servicesFor(kb)): CommandContext => ({
  kb,
  guildId: CONSOLE_GUILD_ID,
  channelId: CONSOLE_CHANNEL_ID,
  userId: CONSOLE_USER_ID,
  userName: 'console',
  canManageGuild: true,
  roleIds: [],
  store: services.store,
  faq: services.faq,
});

/** The buttons and menu options the last reply offered, as numbered in the console. */
export type Controls = {
  buttons: { label: string; action: string; args: readonly string[] }[];
  /** Menu options numbered 1…n across every menu of the reply. */
  options: { n: number; select: ReplySelect; value: string; label: string; selected: boolean }[];
};

export type ConsoleSession = {
  kb: KnowledgeBase;
  commands: readonly AnyCommand[];
  actions: readonly AnyAction[];
  ctx: CommandContext;
  /** Free questions so far, for follow-ups. */
  conversation: ConsoleConversation;
  controls: Controls | null;
};

export const createSession = (
  kb: KnowledgeBase,
  opts: { commands: readonly AnyCommand[]; actions?: readonly AnyAction[]; store?: Store },
): ConsoleSession => {
  const services = servicesFor(kb, opts.store);
  return {
    kb,
    commands: opts.commands,
    actions: opts.actions ?? [],
    ctx: consoleContext(kb, services),
    conversation: createConsoleConversation(kb, opts.commands, services),
    controls: null,
  };
};

export const controlsOf = (reply: Reply): Controls | null => {
  const buttons = (reply.buttons ?? []).flatMap((b) =>
    b.kind === 'action' && !b.disabled ? [{ label: b.label, action: b.action, args: b.args ?? [] }] : [],
  );
  let n = 0;
  const options = selectsOf(reply).flatMap((select) =>
    select.options.map((o) => ({ n: ++n, select, value: o.value, label: o.label, selected: !!o.default })),
  );
  return buttons.length || options.length ? { buttons, options } : null;
};

export type LineResult = { kind: 'reply'; reply: Reply } | { kind: 'quit' } | { kind: 'none' };

const commandList = (commands: readonly AnyCommand[]) => [...commands.map((c) => `/${c.name}`), '/quit'].join(', ');

const shortError = (e: unknown) => {
  const msg = e instanceof Error ? e.message : String(e);
  return truncate(msg.replace(/[\u0000-\u001f\u007f]/g, ' '), 200);
};

const STALE = notice('Nothing to press', 'That control is no longer offered. Run the command again.', 'refused');

/** Runs an action offered by a control of kind `from` (an action runs only from the kind that issues it). */
const runAction = async (
  session: ConsoleSession,
  from: ActionSource,
  name: string,
  args: readonly string[],
  input: ActionInput,
): Promise<Reply> => {
  const action = session.actions.find((a) => a.name === name);
  if (!action || action.from !== from) return STALE;
  return action.run(session.ctx, args, input);
};

/** `pick 1 3` → each menu gets the options picked from it (a menu none were picked from is left alone, unless `pick none`). */
const pick = async (session: ConsoleSession, controls: Controls, spec: string): Promise<Reply> => {
  const none = /^none$/i.test(spec.trim());
  const picked = new Set((spec.match(/\d+/g) ?? []).map(Number));
  if (!none && picked.size === 0)
    return notice('Pick what?', 'Type "pick" and option numbers, e.g. pick 1 3, or "pick none".', 'refused');
  const unknown = [...picked].filter((n) => !controls.options.some((o) => o.n === n));
  if (unknown.length)
    return notice(
      'No such option',
      `There is no option ${unknown.join(', ')}. Options are 1–${controls.options.length}.`,
      'refused',
    );
  const selects = [...new Set(controls.options.map((o) => o.select))];
  let last: Reply | null = null;
  for (const select of selects) {
    const mine = controls.options.filter((o) => o.select === select);
    if (!none && !mine.some((o) => picked.has(o.n))) continue;
    const values = none ? [] : mine.filter((o) => picked.has(o.n)).map((o) => o.value);
    if (values.length < select.min || values.length > select.max) {
      return notice(
        'Check your choice',
        `Pick between ${select.min} and ${select.max} options from this menu.`,
        'refused',
      );
    }
    last = await runAction(session, 'select', select.action, select.args ?? [], { values, fields: {} });
  }
  return last ?? STALE;
};

/** A local file named in an attachment option → its text (bounded like Discord attachments). */
const readAttachment = async (path: string, maxBytes: number): Promise<FileValue | string> => {
  try {
    const info = await stat(path);
    if (!info.isFile()) return `${path} is not a file.`;
    if (info.size > maxBytes) return `${path} is too large (at most ${Math.round(maxBytes / 1024)} KB).`;
    const content = await readFile(path, 'utf8');
    return { name: path.split(/[\\/]/).pop() ?? path, content, size: info.size };
  } catch (e) {
    return `I couldn't read ${path}: ${(e as NodeJS.ErrnoException).code ?? shortError(e)}.`;
  }
};

export const handleLine = async (
  kb: KnowledgeBase,
  line: string,
  commands: readonly AnyCommand[],
  session?: ConsoleSession,
): Promise<LineResult> => {
  const s = session ?? createSession(kb, { commands });
  const result = await handleInput(s, line);
  if (result.kind === 'reply') s.controls = controlsOf(result.reply);
  return result;
};

const handleInput = async (s: ConsoleSession, line: string): Promise<LineResult> => {
  try {
    const text = String(line ?? '').trim();
    const controls = s.controls;
    if (controls && /^\d{1,3}$/.test(text) && controls.buttons.length > 0) {
      const b = controls.buttons[Number(text) - 1];
      if (!b)
        return {
          kind: 'reply',
          reply: notice('No such button', `Buttons are 1–${controls.buttons.length}.`, 'refused'),
        };
      return { kind: 'reply', reply: await runAction(s, 'button', b.action, b.args, NO_INPUT) };
    }
    if (controls && controls.options.length > 0 && /^pick\b/i.test(text)) {
      return { kind: 'reply', reply: await pick(s, controls, text.slice(4)) };
    }
    const input = parseConsoleInput(line, s.commands);
    switch (input.kind) {
      case 'empty':
        return { kind: 'none' };
      case 'quit':
        return { kind: 'quit' };
      case 'question':
        // As a conversation, through /ask when it is registered, so the server's FAQ and feedback work here too.
        return { kind: 'reply', reply: await s.conversation.ask(input.text, s.ctx) };
      case 'unknown-command':
        return {
          kind: 'reply',
          reply: notice(
            'Unknown command',
            `There is no /${input.name}. Commands: ${commandList(s.commands)}.`,
            'refused',
          ),
        };
      case 'error':
        return { kind: 'reply', reply: notice('Check your options', input.message, 'refused') };
      case 'command': {
        const raw: Record<string, unknown> = { ...input.raw };
        const defs = optionsOf(input.command, input.subcommand) ?? {};
        for (const [name, def] of Object.entries(defs)) {
          if (def.type !== 'attachment' || typeof raw[name] !== 'string') continue;
          const file = await readAttachment(raw[name] as string, def.maxBytes ?? MAX_ATTACHMENT_BYTES);
          if (typeof file === 'string') return { kind: 'reply', reply: notice('Check your options', file, 'refused') };
          raw[name] = file;
        }
        const parsed = parseOptions(input.command, raw, input.subcommand);
        if (!parsed.ok) return { kind: 'reply', reply: notice('Check your options', parsed.error, 'refused') };
        return { kind: 'reply', reply: await runParsed(input.command, s.ctx, parsed) };
      }
    }
  } catch (e) {
    return { kind: 'reply', reply: notice('Something went wrong', `Sorry, that failed: ${shortError(e)}`, 'error') };
  }
};

/** A filled-in form → the reply of its action. */
export const submitForm = async (
  session: ConsoleSession,
  modal: ReplyModal,
  fields: Record<string, string>,
): Promise<LineResult> => {
  try {
    const reply = await runAction(session, 'modal', modal.action, modal.args ?? [], { values: [], fields });
    session.controls = controlsOf(reply);
    return { kind: 'reply', reply };
  } catch (e) {
    return { kind: 'reply', reply: notice('Something went wrong', `Sorry, that failed: ${shortError(e)}`, 'error') };
  }
};
