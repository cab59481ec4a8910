/**
 * The invariants the fuzz holds the bot to, and the checks behind them: over every REST request
 * the bot made (rejections, pings, text Discord cannot encode) and over the SQLite file it leaves
 * (who wrote what, acknowledged FAQ writes, integrity).
 */
import Database from 'better-sqlite3';
import type { RecordedRequest } from '../support/fake-discord.js';
import type { FaqLedger } from './faq-ledger.js';
import { GUILDS, memberById } from './world.js';

export const INVARIANTS = {
  'no-crash': 'the bot keeps running: no crash, no client error, no error logged by a handler',
  'acknowledged-in-3s': 'every interaction is acknowledged within 3 s',
  'messages-handled': 'every mention, reply and DM is handled (its log line) within 3 s',
  'no-rejected-request': 'Discord accepts every request the bot makes (no 4xx/5xx)',
  'encodable-text': 'no body holds a lone surrogate (Discord answers 500)',
  'no-pings':
    'allowed_mentions in every body lets nobody be pinged: not @everyone/@here, roles, users or the replied-to member',
  'no-role-less-writes':
    'no FAQ entry, checklist item or setting was written by a member without the role (or Manage Server)',
  'no-lost-faq-writes':
    'every FAQ add and edit the bot acknowledged is in the store as acknowledged (unless removed or purged since)',
  'integrity-check': 'PRAGMA integrity_check returns ok',
} as const;
export type InvariantName = keyof typeof INVARIANTS;

export type Violation = { invariant: InvariantName; step: number; detail: string };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The JSON path of the first string holding a lone surrogate, or null. */
export const loneSurrogateAt = (value: unknown, path = '$'): string | null => {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const at = loneSurrogateAt(v, `${path}[${i}]`);
      if (at) return at;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = loneSurrogateAt(v, `${path}.${k}`);
      if (at) return at;
    }
  }
  return null;
};

type Body = {
  content?: unknown;
  embeds?: unknown;
  components?: unknown;
  allowed_mentions?: unknown;
  message_reference?: unknown;
};

/** The message a request carries (a callback's `data` for replies and updates), or null. */
const messageBodyOf = (req: RecordedRequest): Body | null => {
  const body = req.body as (Body & { type?: number; data?: Body }) | null;
  if (!body || typeof body !== 'object') return null;
  if (/^\/interactions\/[^/]+\/[^/]+\/callback$/.test(req.path))
    return body.type === 4 || body.type === 7 ? (body.data ?? {}) : null;
  if (/^\/webhooks\//.test(req.path) && req.method !== 'GET' && req.method !== 'DELETE') return body;
  if (/^\/channels\/[^/]+\/messages(\/[^/]+)?$/.test(req.path) && (req.method === 'POST' || req.method === 'PATCH'))
    return body;
  return null;
};

/**
 * Why a body could ping someone, or null. Every body with content must say `allowed_mentions`
 * (discord.js leaves it out only when the bot did not set it), allow no kind of mention, list
 * no user or role, and, for a reply, not ping the member replied to.
 */
export const pingProblem = (req: RecordedRequest): string | null => {
  const body = messageBodyOf(req);
  if (!body) return null;
  const am = body.allowed_mentions as
    { parse?: unknown; users?: unknown; roles?: unknown; replied_user?: unknown } | undefined;
  const hasText = typeof body.content === 'string' && body.content !== '';
  if (!am) return hasText ? 'content sent without allowed_mentions' : null;
  const parse = Array.isArray(am.parse) ? am.parse : [];
  const allowed = parse.filter((p) => p === 'everyone' || p === 'roles' || p === 'users');
  if (allowed.length) return `allowed_mentions.parse allows ${allowed.join(', ')}`;
  if (Array.isArray(am.users) && am.users.length) return `allowed_mentions.users lists ${am.users.join(', ')}`;
  if (Array.isArray(am.roles) && am.roles.length) return `allowed_mentions.roles lists ${am.roles.join(', ')}`;
  if (body.message_reference && req.method === 'POST' && am.replied_user !== false)
    return 'a reply without allowed_mentions.replied_user: false pings the member';
  return null;
};

/** Every problem with one request the bot made. */
export const requestProblems = (req: RecordedRequest): { invariant: InvariantName; detail: string }[] => {
  const problems: { invariant: InvariantName; detail: string }[] = [];
  const where = `${req.method} ${req.path.replace(/\/[\w-]{60,}/, '/<token>')}`;
  if (req.status >= 400)
    problems.push({
      invariant: 'no-rejected-request',
      detail: `${where} → ${req.status} ${JSON.stringify(req.response).slice(0, 300)}`,
    });
  const lone = loneSurrogateAt(req.body);
  if (lone) problems.push({ invariant: 'encodable-text', detail: `${where}: lone surrogate at ${lone}` });
  const ping = pingProblem(req);
  if (ping) problems.push({ invariant: 'no-pings', detail: `${where}: ${ping}` });
  return problems;
};

// ---------------------------------------------------------------------------------------------
// The store, read directly after the run
// ---------------------------------------------------------------------------------------------

const standingOf = (guildId: string, userId: string) => memberById(userId)?.standing[guildId];

export type StoreFindings = {
  violations: Omit<Violation, 'step'>[];
  counts: { faqEntries: number; customItems: number; settings: number };
};

export const checkStore = (dbPath: string, ledger: FaqLedger): StoreFindings => {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const violations: Omit<Violation, 'step'>[] = [];
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') violations.push({ invariant: 'integrity-check', detail: String(integrity) });

    const faq = db.prepare('SELECT id, guild_id, question, answer, author_id, updated_by FROM faq_entries').all() as {
      id: number;
      guild_id: string;
      question: string;
      answer: string;
      author_id: string;
      updated_by: string;
    }[];
    const items = db.prepare('SELECT id, guild_id, text, author_id FROM custom_items').all() as {
      id: number;
      guild_id: string;
      text: string;
      author_id: string;
    }[];
    const settings = db.prepare('SELECT guild_id, updated_by FROM guild_settings').all() as {
      guild_id: string;
      updated_by: string | null;
    }[];
    const known = new Set(GUILDS.map((g) => g.id));
    // A user the world does not know holds no role either.
    const roleLess = (guildId: string, userId: string | null) =>
      !known.has(guildId) || (userId !== null && (standingOf(guildId, userId) ?? 'outsider') === 'outsider');
    for (const e of faq) {
      for (const who of [e.author_id, e.updated_by]) {
        if (roleLess(e.guild_id, who))
          violations.push({
            invariant: 'no-role-less-writes',
            detail: `FAQ #${e.id} in ${e.guild_id} written by role-less ${who}: ${JSON.stringify(e.question).slice(0, 80)}`,
          });
      }
    }
    for (const i of items) {
      if (roleLess(i.guild_id, i.author_id))
        violations.push({
          invariant: 'no-role-less-writes',
          detail: `checklist item ${i.id} in ${i.guild_id} written by role-less ${i.author_id}`,
        });
    }
    // Settings need Manage Server: no role grants it.
    for (const s of settings) {
      if (s.updated_by !== null && standingOf(s.guild_id, s.updated_by) !== 'admin')
        violations.push({
          invariant: 'no-role-less-writes',
          detail: `settings of ${s.guild_id} written by ${s.updated_by}, who lacks Manage Server`,
        });
    }
    for (const lost of ledger.missingFrom(faq)) violations.push({ invariant: 'no-lost-faq-writes', detail: lost });
    return { violations, counts: { faqEntries: faq.length, customItems: items.length, settings: settings.length } };
  } finally {
    db.close();
  }
};
