/**
 * The local console. On a TTY: an interactive prompt answering free questions and the same
 * slash commands as Discord (`/salary role: Border Patrol Agent`, `/help`, `/quit`). With piped
 * input: every line answered in order, then done at end of input. Never throws on input.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { AnyCommand } from '../command.js';
import type { KnowledgeBase } from '../knowledge.js';
import { renderText } from '../answers/render-text.js';
import { commands as registry } from '../../commands/index.js';
import { handleLine } from './repl.js';

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
};

const BANNER = 'Checkpoint — ask about careers in U.S. customs and border protection. /help lists commands, /quit leaves.';

/** Resolves when input ends or the user quits. */
export const runConsole = (opts: ConsoleOptions): Promise<void> => {
  const { kb, input, output, isTTY, color } = opts;
  const commands = opts.commands ?? registry;
  const names = [...commands.map((c) => `/${c.name}`), '/quit'];
  const rl = createInterface({
    input,
    output: isTTY ? output : undefined,
    terminal: isTTY,
    crlfDelay: Infinity,
    historySize: isTTY ? 100 : 0,
    ...(isTTY ? { completer: (line: string): [string[], string] => [line.startsWith('/') ? names.filter((n) => n.startsWith(line.split(/\s/)[0]!)) : [], line] } : {}),
  });
  const write = (s: string) => {
    try {
      output.write(s);
    } catch {
      /* output closed: nothing left to tell */
    }
  };
  return new Promise<void>((resolve) => {
    let queue = Promise.resolve();
    let quitting = false;
    if (isTTY) {
      write(`${BANNER}\n`);
      rl.setPrompt('> ');
      rl.prompt();
    }
    rl.on('line', (line) => {
      queue = queue.then(async () => {
        if (quitting) return;
        const result = await handleLine(kb, line, commands);
        if (result.kind === 'quit') {
          quitting = true;
          rl.close();
          return;
        }
        if (result.kind === 'reply') write(`${renderText(result.reply, { color })}\n\n`);
        if (isTTY && !quitting) rl.prompt();
      });
    });
    rl.on('SIGINT', () => rl.close());
    rl.on('close', () => {
      void queue.then(() => {
        if (isTTY) write('\n');
        resolve();
      });
    });
    output.on?.('error', () => rl.close());
  });
};

/** Wires the process's stdin/stdout: interactive on a TTY, colour unless NO_COLOR is set. */
export const startConsole = async (kb: KnowledgeBase): Promise<void> => {
  const isTTY = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  await runConsole({ kb, input: process.stdin, output: process.stdout, isTTY, color });
};
