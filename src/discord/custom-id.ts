/**
 * Every custom_id the bot puts on a button, select menu or modal is made and read here, and here
 * only: one grammar, one 100-character check, and each id bound to the kind of component that
 * carries it. A pressed, picked or submitted id is untrusted input (a modified client, an old
 * message, a fuzz): decoding never throws, and anything that is not exactly what we issue from
 * that kind of component is rejected, so the router answers "out of date" and runs nothing.
 *
 * Version 2 (the first field names the kind of id and the component it may come from):
 *
 * | id                                                         | component | runs                              |
 * | ---------------------------------------------------------- | --------- | --------------------------------- |
 * | `pg`/`post`/`run`:<page>:<owner or 0>:<command>:<args>     | button    | a command again (paging, post, choices); args are JSON or `~key` |
 * | `b`:<action>[:<arg>]… or `b~key`                           | button    | an action                         |
 * | `s`:<action>[:<arg>]… or `s~key`                           | select    | an action with the picked values  |
 * | `m`:<action>[:<arg>]… or `m~key`                           | modal     | an action with the typed fields   |
 * | `conv`:<asker id>:<query>                                  | button    | a clarifying choice (conversations) |
 *
 * Version 1 ids, still on messages posted before, decode too: `a:<action>…` (from any
 * component: the action's own `from` decides) and base64 command arguments.
 */
import { randomBytes } from 'node:crypto';
import { ACTION_NAME, type ActionSource } from '../command.js';
import { LIMITS } from './limits.js';

export type StateAction = 'pg' | 'post' | 'run';
export type StateArgs = Record<string, string | number | boolean>;

/** A button that re-runs a command: a page of its answer, post to channel, a suggested command. */
export type ButtonState = {
  action: StateAction;
  page: number;
  /** User id allowed to press it (private answers), or null for anyone. */
  owner: string | null;
  /** A command name, or `command.subcommand`. */
  command: string;
  args: StateArgs;
};

/** `from` is null for a version 1 id, which does not say which component issued it. */
export type ActionId = { kind: 'action'; from: ActionSource | null; action: string; args: string[] };
export type ChoiceId = { kind: 'choice'; owner: string; query: string };
export type CustomId = ({ kind: 'state' } & ButtonState) | ActionId | ChoiceId;

export type Rejection = {
  kind: 'rejected';
  /** garbled: not an id we issue; expired: its remembered arguments are gone (a restart); wrong-component: issued for another kind of component. */
  reason: 'garbled' | 'expired' | 'wrong-component';
};

const fits = (id: string): boolean => id.length > 0 && id.length <= LIMITS.customId;

/** The tag of an action id, by the component that carries it. */
const ACTION_TAG = { button: 'b', select: 's', modal: 'm' } as const satisfies Record<ActionSource, string>;
const SOURCE_OF_TAG = new Map<string, ActionSource>(
  Object.entries(ACTION_TAG).map(([from, tag]) => [tag, from as ActionSource]),
);

// ---------------------------------------------------------------------------------------------
// Arguments too long for an id: kept in memory under a short key (`~key`). Such ids stop
// working after a restart and then get the "out of date" reply.
// ---------------------------------------------------------------------------------------------

const CACHE_MAX = 5000;
const remembered = <T>() => {
  const cache = new Map<string, T>();
  return {
    put: (value: T, bytes: number): string => {
      const key = randomBytes(bytes).toString('base64url');
      cache.set(key, value);
      if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
      return key;
    },
    get: (key: string): T | undefined => cache.get(key),
  };
};
const stateArgs = remembered<StateArgs>();
const actionArgs = remembered<{ from: ActionSource; action: string; args: string[] }>();

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

/**
 * The arguments travel as plain JSON (a custom_id is any text up to 100 characters; JSON is never
 * longer than its base64, so more fits and survives a restart).
 */
export const encodeState = (s: ButtonState): string => {
  const head = `${s.action}:${s.page}:${s.owner ?? '0'}:${s.command}:`;
  const inline = head + JSON.stringify(s.args);
  return fits(inline) ? inline : `${head}~${stateArgs.put(s.args, 6)}`;
};

const escapeArg = (s: string) => s.replace(/%/g, '%25').replace(/:/g, '%3A');

/** An action id for the component that carries it; arguments should be short (a level, a row id). */
export const encodeAction = (from: ActionSource, action: string, args: readonly string[] = []): string => {
  const tag = ACTION_TAG[from];
  const id = [tag, action, ...args.map((a) => escapeArg(String(a)))].join(':');
  return fits(id) ? id : `${tag}~${actionArgs.put({ from, action, args: [...args] }, 9)}`;
};

export const CHOICE_PREFIX = 'conv:';

/** A clarifying choice; null when it cannot be an id (too long, empty, or a line break). */
export const encodeChoice = (owner: string, query: string): string | null => {
  const id = `${CHOICE_PREFIX}${owner}:${query}`;
  return /^\d{1,20}$/.test(owner) && /^[^\n]+$/.test(query) && fits(id) ? id : null;
};

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

const rejected = (reason: Rejection['reason']): Rejection => ({ kind: 'rejected', reason });

const parseStateArgs = (payload: string): unknown => {
  if (payload.startsWith('~')) return stateArgs.get(payload.slice(1));
  try {
    return JSON.parse(payload.startsWith('{') ? payload : Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
};

const isStateArgs = (v: unknown): v is StateArgs =>
  !!v &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  Object.values(v).every((x) => ['string', 'number', 'boolean'].includes(typeof x));

// `command` is a command name, or `command.subcommand`.
const STATE_ID = /^(pg|post|run):(\d{1,3}):(\d{1,20}):([\w-]{1,32}(?:\.[\w-]{1,32})?):(~[\w-]+|\{.*\}|[\w-]*)$/s;

const decodeStateId = (raw: string): CustomId | Rejection => {
  const m = STATE_ID.exec(raw);
  if (!m) return rejected('garbled');
  const [, action, page, owner, command, payload] = m as unknown as [
    string,
    StateAction,
    string,
    string,
    string,
    string,
  ];
  const args = parseStateArgs(payload);
  if (args === undefined) return rejected('expired');
  if (!isStateArgs(args)) return rejected('garbled');
  return { kind: 'state', action, page: Number(page), owner: owner === '0' ? null : owner, command, args };
};

const decodeActionId = (raw: string): CustomId | Rejection => {
  const kept = /^([bsm])~([\w-]+)$/.exec(raw);
  if (kept) {
    const s = actionArgs.get(kept[2]!);
    if (!s) return rejected('expired');
    return s.from === SOURCE_OF_TAG.get(kept[1]!)
      ? { kind: 'action', from: s.from, action: s.action, args: [...s.args] }
      : rejected('garbled');
  }
  const [tag, action, ...args] = raw.split(':');
  const from = tag === 'a' ? null : SOURCE_OF_TAG.get(tag!);
  if (from === undefined || action === undefined || !ACTION_NAME.test(action)) return rejected('garbled');
  try {
    return { kind: 'action', from, action, args: args.map((p) => decodeURIComponent(p)) };
  } catch {
    return rejected('garbled');
  }
};

const CHOICE_ID = /^conv:(\d{1,20}):([^\n]{1,100})$/;

const decodeChoiceId = (raw: string): CustomId | Rejection => {
  const m = CHOICE_ID.exec(raw);
  return m ? { kind: 'choice', owner: m[1]!, query: m[2]! } : rejected('garbled');
};

/** The component each kind of id may come from (actions: see decodeCustomId). */
const ISSUED_FROM = { state: 'button', choice: 'button' } as const satisfies Record<'state' | 'choice', ActionSource>;

/**
 * What an id pressed, picked or submitted on a `from` component asks for, or why it is refused.
 * Never throws, whatever the text.
 */
export const decodeCustomId = (raw: unknown, from: ActionSource): CustomId | Rejection => {
  if (typeof raw !== 'string' || !fits(raw)) return rejected('garbled');
  const tag = /^[a-z]+(?=[:~])/.exec(raw)?.[0];
  const id =
    tag === 'pg' || tag === 'post' || tag === 'run'
      ? decodeStateId(raw)
      : tag === 'conv'
        ? decodeChoiceId(raw)
        : tag === 'a' || SOURCE_OF_TAG.has(tag ?? '')
          ? decodeActionId(raw)
          : rejected('garbled');
  if (id.kind === 'rejected') return id;
  const issuedFrom = id.kind === 'action' ? id.from : ISSUED_FROM[id.kind];
  return issuedFrom === null || issuedFrom === from ? id : rejected('wrong-component');
};

/** A paging/post/run button's state, or null (tests and tools; the router uses decodeCustomId). */
export const decodeState = (raw: string): ButtonState | null => {
  const id = decodeCustomId(raw, 'button');
  if (id.kind !== 'state') return null;
  const { kind: _kind, ...state } = id;
  return state;
};

/** A clarifying choice's asker and query, or null (tests and tools). */
export const decodeChoice = (raw: string): { owner: string; query: string } | null => {
  const id = decodeCustomId(raw, 'button');
  return id.kind === 'choice' ? { owner: id.owner, query: id.query } : null;
};

/** What an action id runs, from whichever component (tests and tools; the router uses decodeCustomId). */
export const decodeAction = (raw: string): { action: string; args: string[] } | null => {
  for (const from of Object.keys(ACTION_TAG) as ActionSource[]) {
    const id = decodeCustomId(raw, from);
    if (id.kind === 'action') return { action: id.action, args: id.args };
    if (id.kind !== 'rejected' || id.reason !== 'wrong-component') return null;
  }
  return null;
};
