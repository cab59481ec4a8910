/**
 * The local console. On a TTY: an interactive prompt answering free questions and the same
 * slash commands as Discord (`/salary role: Border Patrol Agent`, `/help`, `/quit`). With piped
 * input: every line answered in order, then done at end of input. Never throws on input.
 *
 * It is a local server (`console`): with a database, checklists and the server FAQ work offline.
 * Buttons are numbered (type the number), menus are answered with `pick 1 3`, and forms are
 * asked field by field (on a TTY with a prompt per field; piped, one line per field).
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { AnyAction, AnyCommand } from '../command.js';
import { loadConfig } from '../config.js';
import type { KnowledgeBase } from '../knowledge.js';
import { plain, renderText } from '../answers/render-text.js';
import { notice, type Reply, type ReplyModal } from '../answers/reply.js';
import { openStoreSafely, type Store } from '../store/index.js';
import { sliceUnits } from '../text/cut.js';
import { actions as registryActions, commands as registry } from '../../commands/index.js';
import { controlsOf, createSession, handleLine, submitForm, type LineResult } from './repl.js';

export type ConsoleOptions = {
  kb: KnowledgeBase;
  input: Readable;
  output: Writable;
  /** Interactive: prompt, banner, line editing and command completion. */
  isTTY: boolean;
  /** ANSI colour (the caller decides: TTY and no NO_COLOR). */
  color: boolean;
  /** Defaults to the command registry. */
  commands?: readonly AnyCommand[];
  /** Defaults to the registry's actions. */
  actions?: readonly AnyAction[];
  /** Where checklists, the FAQ and answer feedback are saved; without one, saving features say they are unavailable. */
  store?: Store;
};

const BANNER =
  'Checkpoint — ask about careers in U.S. customs and border protection. /help lists commands, /quit leaves.';

/** What the console adds below a reply: numbered buttons, menu options, attached files. */
export const renderControls = (reply: Reply, color: boolean): string => {
  const dim = (s: string) => (color ? `\u001b[2m${s}\u001b[22m` : s);
  const lines: string[] = [];
  const controls = controlsOf(reply);
  if (controls?.options.length) {
    lines.push('', `${dim('Menu:')} type "pick" and the numbers to choose (e.g. pick 1 3), or "pick none".`);
    for (const o of controls.options) lines.push(`  (${o.n}) ${o.selected ? '✓' : ' '} ${plain(o.label)}`);
  }
  if (controls?.buttons.length) {
    lines.push(
      '',
      `${controls.buttons.map((b, i) => `[${i + 1}] ${plain(b.label)}`).join('  ')}   ${dim('(type the number)')}`,
    );
  }
  for (const f of reply.files ?? []) {
    lines.push(
      '',
      dim(`--- attached file ${plain(f.name)} (${Buffer.byteLength(f.content, 'utf8')} bytes) ---`),
      f.content.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').trimEnd(),
      dim('--- end of file ---'),
    );
  }
  return lines.join('\n');
};

/** renderText, keeping the line breaks of a multi-line intro (a progress bar, the settings list). */
export const consoleText = (reply: Reply, color: boolean): string => {
  if (!reply.intro?.includes('\n')) return renderText(reply, { color });
  const [title, ...rest] = renderText({ ...reply, intro: undefined }, { color }).split('\n');
  return [title, ...reply.intro.split('\n').map((l) => plain(l)), ...rest].join('\n');
};

/** Resolves when input ends or the user quits. */
export const runConsole = (opts: ConsoleOptions): Promise<void> => {
  const { kb, input, output, isTTY, color } = opts;
  const commands = opts.commands ?? registry;
  const session = createSession(kb, {
    commands,
    actions: opts.actions ?? registryActions,
    ...(opts.store ? { store: opts.store } : {}),
  });
  const names = [...commands.map((c) => `/${c.name}`), '/quit'];
  const rl = createInterface({
    input,
    output: isTTY ? output : undefined,
    terminal: isTTY,
    crlfDelay: Infinity,
    historySize: isTTY ? 100 : 0,
    ...(isTTY
      ? {
          completer: (line: string): [string[], string] => [
            line.startsWith('/') ? names.filter((n) => n.startsWith(line.split(/\s/)[0]!)) : [],
            line,
          ],
        }
      : {}),
  });
  const write = (s: string) => {
    try {
      output.write(s);
    } catch {
      /* output closed: nothing left to tell */
    }
  };

  // Lines are pulled one at a time, so a form can read the lines after the command as its fields.
  const pending: string[] = [];
  let ended = false;
  let wake: (() => void) | null = null;
  rl.on('line', (line) => {
    pending.push(line);
    wake?.();
  });
  rl.on('close', () => {
    ended = true;
    wake?.();
  });
  rl.on('SIGINT', () => rl.close());
  output.on?.('error', () => rl.close());
  const next = async (): Promise<string | null> => {
    while (pending.length === 0) {
      if (ended) return null;
      await new Promise<void>((r) => (wake = r));
      wake = null;
    }
    return pending.shift()!;
  };
  const prompt = (text: string) => {
    if (!isTTY) return;
    if (!ended) {
      rl.setPrompt(text);
      rl.prompt();
    } else if (pending.length > 0) write(text); // input already ended: still show what each buffered line answers
  };

  /** Asks each field; null when input ended or a required field was left blank. */
  const fillForm = async (modal: ReplyModal): Promise<Record<string, string> | string | null> => {
    if (isTTY)
      write(
        `${modal.title} — one line per field${modal.fields.some((f) => f.style === 'paragraph') ? '; type \\n for a line break' : ''}.\n`,
      );
    const fields: Record<string, string> = {};
    for (const f of modal.fields) {
      const hint = f.value
        ? ' (Enter keeps the current text)'
        : f.required
          ? ''
          : /optional/i.test(f.label)
            ? ' (Enter to skip)'
            : ' (optional, Enter to skip)';
      prompt(`${f.label}${hint}: `);
      const line = await next();
      if (line === null) return null;
      let value = f.style === 'paragraph' ? line.replace(/\\n/g, '\n') : line;
      if (value.trim() === '' && f.value) value = f.value;
      if (value.trim() === '' && f.required) return `${f.label} is required.`;
      fields[f.id] = sliceUnits(value, f.maxLength);
    }
    return fields;
  };

  const show = (reply: Reply) => {
    const controls = renderControls(reply, color);
    write(`${consoleText(reply, color)}${controls ? `\n${controls}` : ''}\n\n`);
  };

  return (async () => {
    if (isTTY) write(`${BANNER}\n`);
    prompt('> ');
    for (;;) {
      const line = await next();
      if (line === null) break;
      let result: LineResult = await handleLine(kb, line, commands, session);
      while (result.kind === 'reply' && result.reply.modal) {
        const filled = await fillForm(result.reply.modal);
        if (filled === null) return finish();
        result =
          typeof filled === 'string'
            ? { kind: 'reply', reply: notice('Cancelled', `${filled} Nothing was saved.`, 'refused') }
            : await submitForm(session, result.reply.modal, filled);
      }
      if (result.kind === 'quit') {
        rl.close();
        return finish();
      }
      if (result.kind === 'reply') show(result.reply);
      prompt('> ');
    }
    return finish();
  })();

  function finish() {
    rl.close();
    if (isTTY) write('\n');
  }
};

/** Wires the process's stdin/stdout: interactive on a TTY, colour unless NO_COLOR is set; saves to DATABASE_PATH. */
export const startConsole = async (kb: KnowledgeBase, opts: { databasePath?: string } = {}): Promise<void> => {
  const isTTY = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  const path = opts.databasePath ?? loadConfig().DATABASE_PATH;
  const store = openStoreSafely({ path });
  if (!store.available)
    process.stderr.write(
      `checkpoint: saving is unavailable (${store.error?.message ?? `cannot use ${path}`}); answers from the documents still work.\n`,
    );
  try {
    await runConsole({ kb, input: process.stdin, output: process.stdout, isTTY, color, store });
  } finally {
    store.close();
  }
};
