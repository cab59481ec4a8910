/**
 * The fuzz driver: from a seed, sends `count` steps (interactions, mentions, DMs…) one after the
 * other to a running bot through the fake Discord, checks every request the bot makes as it
 * goes, then stops the bot and checks the SQLite file it leaves. The bot may run in this process
 * (the vitest test) or as its own (npm run fuzz): the driver only needs the fake Discord, the
 * bot's log lines and its database path.
 */
import type { FakeDiscord, InteractionCallback } from '../support/fake-discord.js';
import { FaqLedger } from './faq-ledger.js';
import { checkStore, INVARIANTS, requestProblems, type InvariantName, type Violation } from './invariants.js';
import { createRandom } from './random.js';
import { Seen } from './seen.js';
import { StepMaker, type Step } from './steps.js';
import { GUILDS } from './world.js';

export const ACK_DEADLINE_MS = 3000;
/** Roles are set again this often: the fuzz may clear or change them, and writers should keep writing. */
const RESTORE_ROLES_EVERY = 40;

export type FuzzTarget = {
  discord: FakeDiscord;
  /** The bot's JSON log lines, appended as they are written. */
  logLines: readonly string[];
  dbPath: string;
  /** Why the bot stopped on its own (a crash), or null while it runs. */
  crashed: () => string | null;
  /** Stops the bot, letting it finish what is in flight. */
  stop: () => Promise<void>;
};

export type FuzzOptions = { seed: number; count: number; onProgress?: (done: number) => void };

export type FuzzReport = {
  seed: number;
  steps: number;
  interactions: number;
  messages: number;
  /** Steps by what drew them (slash, press, forged, dm…). */
  families: Record<string, number>;
  /** What the bot logged it did: `command refused`, `button info stale:garbled`, `message cooldown`… */
  outcomes: Record<string, number>;
  /** Acknowledgement times in ms (interaction dispatched → first callback). */
  ack: { p50: number; p99: number; max: number };
  /** Requests the bot made, by route (`POST /channels/:id/messages`…). */
  routes: Record<string, number>;
  faqAcknowledged: number;
  store: { faqEntries: number; customItems: number; settings: number } | null;
  violations: Violation[];
  /** Error-level log lines (also counted under no-crash). */
  errorLogs: string[];
  durationMs: number;
};

const percentile = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : 0;

/** Everything a member reads in a callback: content, embed titles, descriptions, fields, footers. */
const textOf = (cb: InteractionCallback): string => {
  const embeds = (cb.data.embeds ?? []) as {
    title?: string;
    description?: string;
    fields?: { name: string; value: string }[];
    footer?: { text: string };
  }[];
  return [
    cb.data.content ?? '',
    ...embeds.flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      e.footer?.text ?? '',
    ]),
  ].join('\n');
};

type LogLine = {
  level?: number;
  msg?: string;
  messageId?: string;
  type?: string;
  outcome?: string;
  stale?: string;
  reason?: string;
  err?: { message?: string; stack?: string };
};

/** A JSON log line, or null for anything else on the bot's stderr (a Node warning, a diagnostic). */
const parseLogLine = (raw: string): LogLine | null => {
  try {
    return JSON.parse(raw) as LogLine;
  } catch {
    return null;
  }
};

const tally = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** A log line's outcome as one short key, or null for lines that are not about an interaction or message. */
/** `POST /interactions/:id/:token/callback`: a request's route, its ids and tokens left out. */
const routeOf = (method: string, path: string) =>
  `${method} ${path.replace(/\/(?:\d{5,}|[\w-]{40,}|@original)(?=\/|$)/g, '/:id')}`;

const outcomeKey = (l: LogLine): string | null => {
  if (l.msg === 'interaction') return `${l.type} ${l.outcome}${l.stale ? ` stale:${l.stale}` : ''}`;
  if (l.msg === 'message') return `message ${l.outcome}${l.reason ? ` (${l.reason})` : ''}`;
  return null;
};

export const runFuzz = async (target: FuzzTarget, { seed, count, onProgress }: FuzzOptions): Promise<FuzzReport> => {
  const started = performance.now();
  const { discord } = target;
  const rng = createRandom(seed);
  const seen = new Seen();
  const maker = new StepMaker(rng, discord, seen);
  const ledger = new FaqLedger();
  const violations: Violation[] = [];
  const errorLogs: string[] = [];
  const ackTimes: number[] = [];
  const families: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  const routes: Record<string, number> = {};
  let interactions = 0;
  let messages = 0;
  let checkedRequests = 0;
  let readLogLines = 0;
  let step = 0;

  const violation = (invariant: InvariantName, detail: string) => violations.push({ invariant, step, detail });

  /** Checks the requests and log lines that arrived since the last look. */
  const checkNew = () => {
    for (; checkedRequests < discord.requests.length; checkedRequests++) {
      const req = discord.requests[checkedRequests]!;
      tally(routes, routeOf(req.method, req.path));
      for (const p of requestProblems(req)) violation(p.invariant, p.detail);
    }
    for (; readLogLines < target.logLines.length; readLogLines++) {
      const raw = target.logLines[readLogLines]!;
      const line = parseLogLine(raw);
      if (!line) continue;
      const outcome = outcomeKey(line);
      if (outcome) tally(outcomes, outcome);
      if ((line.level ?? 0) >= 50) {
        errorLogs.push(raw.slice(0, 2000));
        violation('no-crash', `logged: ${line.msg} ${line.err?.message ?? ''}`.trim());
      }
    }
  };

  /** Resolves with the log line for a message, or null after the deadline. */
  const messageLogged = async (messageId: string, from: number): Promise<boolean> => {
    const until = performance.now() + ACK_DEADLINE_MS;
    while (performance.now() < until) {
      for (let i = from; i < target.logLines.length; i++) {
        const l = target.logLines[i]!;
        if (l.includes(messageId) && parseLogLine(l)?.messageId === messageId) return true;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    return false;
  };

  const runInteraction = async (s: Extract<Step, { kind: 'interaction' }>) => {
    interactions += 1;
    const record = discord.sendInteraction(s.payload);
    let cb: InteractionCallback;
    try {
      // A little past the deadline: a late answer is then seen as late, not as missing.
      cb = await discord.waitForCallback(record.id, { timeoutMs: ACK_DEADLINE_MS + 500 });
    } catch {
      violation('acknowledged-in-3s', `no acknowledgement of ${s.label}`);
      return;
    }
    const ms = cb.at - record.dispatchedAt;
    ackTimes.push(ms);
    if (ms > ACK_DEADLINE_MS) violation('acknowledged-in-3s', `${s.label} acknowledged after ${Math.round(ms)} ms`);
    ledger.record(step, s.guildId, textOf(cb), s.fields);
  };

  const runMessage = async (s: Extract<Step, { kind: 'message' }>) => {
    messages += 1;
    const from = target.logLines.length;
    discord.dispatch(s.event, s.payload);
    if (s.expectLog && !(await messageLogged(s.payload.id, from)))
      violation('messages-handled', `no log line for ${s.label} within ${ACK_DEADLINE_MS} ms`);
  };

  try {
    for (step = 0; step < count; step++) {
      const crash = target.crashed();
      if (crash) {
        violation('no-crash', crash);
        break;
      }
      const s =
        step % RESTORE_ROLES_EVERY === 0
          ? maker.restoreRoles(GUILDS[(step / RESTORE_ROLES_EVERY) % GUILDS.length]!)
          : maker.next();
      tally(families, s.family);
      const mark = discord.mark();
      if (s.kind === 'interaction') await runInteraction(s);
      else await runMessage(s);
      seen.gather(discord, mark);
      checkNew();
      onProgress?.(step + 1);
    }
  } finally {
    const crash = target.crashed();
    if (crash && !violations.some((v) => v.invariant === 'no-crash' && v.detail === crash))
      violation('no-crash', crash);
    await target.stop();
    checkNew();
  }

  const store = checkStore(target.dbPath, ledger);
  for (const v of store.violations) violations.push({ ...v, step: count });
  return {
    seed,
    steps: step,
    interactions,
    messages,
    families,
    outcomes,
    ack: { p50: percentile(ackTimes, 50), p99: percentile(ackTimes, 99), max: Math.max(0, ...ackTimes) },
    routes,
    faqAcknowledged: ledger.acknowledged,
    store: store.counts,
    violations,
    errorLogs,
    durationMs: performance.now() - started,
  };
};

/** The report as lines: one per invariant (✓ or ✗ with a count), then the first violations of each. */
export const formatReport = (r: FuzzReport, examples = 3): string[] => {
  const lines = [
    `seed ${r.seed}: ${r.steps} steps (${r.interactions} interactions, ${r.messages} messages), ${(r.durationMs / 1000).toFixed(1)} s`,
    `steps by kind: ${Object.entries(r.families)
      .sort(([, a], [, b]) => b - a)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
    `requests to Discord: ${Object.entries(r.routes)
      .sort(([, a], [, b]) => b - a)
      .map(([k, n]) => `${k} ×${n}`)
      .join(', ')}`,
    `the bot logged: ${Object.entries(r.outcomes)
      .sort(([, a], [, b]) => b - a)
      .map(([k, n]) => `${k} ×${n}`)
      .join(', ')}`,
    `acknowledgements: p50 ${r.ack.p50.toFixed(1)} ms, p99 ${r.ack.p99.toFixed(1)} ms, max ${r.ack.max.toFixed(1)} ms`,
    `FAQ writes acknowledged: ${r.faqAcknowledged}; store afterwards: ${r.store ? `${r.store.faqEntries} FAQ entries, ${r.store.customItems} checklist items, ${r.store.settings} servers' settings` : 'not read'}`,
  ];
  for (const [name, what] of Object.entries(INVARIANTS) as [InvariantName, string][]) {
    const hits = r.violations.filter((v) => v.invariant === name);
    lines.push(
      `${hits.length === 0 ? '✓' : '✗'} ${name}: ${what}${hits.length ? ` — ${hits.length} violation${hits.length === 1 ? '' : 's'}` : ''}`,
    );
    for (const v of hits.slice(0, examples)) lines.push(`    step ${v.step}: ${v.detail}`);
  }
  return lines;
};
