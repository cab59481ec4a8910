/**
 * Console input → what to do: a free question, a slash command with raw option values, or quit.
 * `/salary role: Border Patrol Agent`, `/salary role:"Border Patrol Agent"`, `/levels emerging`
 * (positional text fills the first required option), `/ask question: what is 5:30?`
 * (only known option names, or a key at the very start, split options). Never throws.
 */
import type { AnyCommand } from '../command.js';
import { truncate } from '../text/cut.js';

export type ConsoleInput =
  | { kind: 'empty' }
  | { kind: 'quit' }
  | { kind: 'question'; text: string }
  | { kind: 'command'; command: AnyCommand; raw: Record<string, string>; subcommand?: string }
  | { kind: 'unknown-command'; name: string }
  | { kind: 'error'; message: string };

const QUIT = new Set(['quit', 'exit', 'q']);
const OPEN_QUOTES: Readonly<Record<string, string>> = { '"': '"', "'": "'", '“': '”', '‘': '’', '«': '»' };
const KEY = /([A-Za-z][\w-]*)\s*[:=]/y;

const unquote = (s: string): string => {
  const t = s.trim();
  const close = OPEN_QUOTES[t[0] ?? ''];
  if (close && t.length >= 2 && t.endsWith(close)) return t.slice(1, -1).trim();
  if (close && t.length >= 1 && !t.slice(1).includes(close)) return t.slice(1).trim(); // unclosed quote
  return t;
};

/** Splits "key: value key2: value2" into raw values; text before the first key is positional. */
export const splitOptions = (
  rest: string,
  command: Pick<AnyCommand, 'options'>,
): { positional: string; raw: Record<string, string> } => {
  const names = Object.keys(command.options);
  const known = (k: string) => names.find((n) => n.toLowerCase() === k.toLowerCase());
  const keys: { name: string; start: number; valueStart: number }[] = [];
  let quote: string | null = null;
  let lastSignificant = '';
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      lastSignificant = ch;
      continue;
    }
    const atTokenStart = i === 0 || /\s/.test(rest[i - 1]!);
    if (
      atTokenStart &&
      OPEN_QUOTES[ch] &&
      (lastSignificant === '' || lastSignificant === ':' || lastSignificant === '=')
    ) {
      quote = OPEN_QUOTES[ch]!;
      lastSignificant = ch;
      continue;
    }
    if (atTokenStart && /[A-Za-z]/.test(ch)) {
      KEY.lastIndex = i;
      const m = KEY.exec(rest);
      if (m) {
        const name = known(m[1]!);
        const atStart = keys.length === 0 && rest.slice(0, i).trim() === '';
        if (name || atStart) {
          keys.push({ name: name ?? m[1]!, start: i, valueStart: i + m[0].length });
          i += m[0].length - 1;
          lastSignificant = m[0].at(-1)!;
          continue;
        }
      }
    }
    if (!/\s/.test(ch)) lastSignificant = ch;
  }
  const raw: Record<string, string> = {};
  keys.forEach((k, j) => {
    raw[k.name] = unquote(rest.slice(k.valueStart, keys[j + 1]?.start ?? rest.length));
  });
  return { positional: unquote(rest.slice(0, keys[0]?.start ?? rest.length)), raw };
};

export const parseConsoleInput = (line: string, commands: readonly AnyCommand[]): ConsoleInput => {
  const text = String(line ?? '')
    .replace(/^\uFEFF/, '')
    .trim();
  if (text === '') return { kind: 'empty' };
  if (QUIT.has(text.toLowerCase()) && text.length <= 4) return { kind: 'quit' };
  if (!text.startsWith('/')) return { kind: 'question', text };
  const m = /^\/+([^\s:=]*)\s*([\s\S]*)$/.exec(text);
  const name = (m?.[1] ?? '').toLowerCase();
  const rest = m?.[2] ?? '';
  if (QUIT.has(name)) return { kind: 'quit' };
  const command = commands.find((c) => c.name === name);
  if (!command) return { kind: 'unknown-command', name: truncate(name, 40) };
  // `/checklist post level: emerging`: the first word names the subcommand.
  let subcommand: string | undefined;
  let body = rest;
  let options = command.options;
  const subs = command.subcommands ? Object.keys(command.subcommands) : [];
  if (subs.length > 0) {
    const sm = /^([^\s:=]+)(?=\s|$)\s*([\s\S]*)$/.exec(rest.trim());
    if (sm) {
      const sub = subs.find((n) => n === sm[1]!.toLowerCase());
      if (!sub)
        return {
          kind: 'error',
          message: `\`/${command.name}\` has no subcommand “${truncate(sm[1]!, 40)}”. Subcommands: ${subs.join(', ')}.`,
        };
      subcommand = sub;
      body = sm[2] ?? '';
      options = command.subcommands![sub]!.options;
    }
  }
  const label = subcommand ? `/${command.name} ${subcommand}` : `/${command.name}`;
  const { positional, raw } = splitOptions(body, { options });
  if (positional !== '') {
    const names = Object.keys(options);
    const target =
      names.find((n) => options[n]!.required && !(n in raw)) ??
      names.find((n) => options[n]!.type === 'string' && !(n in raw));
    if (!target) {
      return {
        kind: 'error',
        message:
          names.length === 0
            ? `\`${label}\` takes no options.`
            : `I couldn't tell which option “${truncate(positional, 40)}” is for. Write it as \`${names[0]}: value\`.`,
      };
    }
    raw[target] = positional;
  }
  return subcommand ? { kind: 'command', command, raw, subcommand } : { kind: 'command', command, raw };
};
