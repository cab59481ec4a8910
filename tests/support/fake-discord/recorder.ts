/**
 * What happened, in order: every REST request, gateway payload, dispatch, interaction callback and
 * message the bot sent, on one event counter so tests can ask "after this mark". Waiting lives here
 * too, because a wait is only ever re-checked when something is recorded.
 */
import type { DispatchRecord, GatewayEvent, InteractionCallback, RecordedRequest, SentMessage } from './types.js';

/** Probes are also polled, so a wait can depend on the test's own state, not only on recorded events. */
const POLL_MS = 5;

interface Waiter {
  check: () => void;
  fail: (err: Error) => void;
}

type Probe<T> = () => T | undefined | null | false;

export class Recorder {
  readonly requests: RecordedRequest[] = [];
  readonly gatewayEvents: GatewayEvent[] = [];
  readonly dispatches: DispatchRecord[] = [];
  readonly callbacks: InteractionCallback[] = [];
  readonly sentMessages: SentMessage[] = [];
  readonly warnings: string[] = [];
  /** Set by close(): new waits reject at once and late responses are not written. */
  closed = false;

  private counter = 0;
  private readonly waiters = new Set<Waiter>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly defaultTimeoutMs: number) {}

  /** The current event number (a test's `mark()`). */
  get mark(): number {
    return this.counter;
  }

  /** The next event number: every record takes one, so `since` filters work across kinds. */
  next(): number {
    this.counter += 1;
    return this.counter;
  }

  /** Re-checks every pending wait; call after recording anything. */
  notify(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  /** A sent message, numbered now and announced to the waits. */
  recordSent(sent: Omit<SentMessage, 'n' | 'at'>): void {
    this.sentMessages.push({ n: this.next(), at: performance.now(), ...sent });
  }

  /** Resolves with the first truthy value of `probe`; rejects after the timeout with recent activity. */
  waitFor<T>(probe: Probe<T>, opts: { timeoutMs?: number; description?: string } = {}): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? this.defaultTimeoutMs;
    const description = opts.description ?? 'a condition';
    return new Promise<T>((resolve, reject) => {
      if (this.closed) {
        reject(new Error(`fake-discord: closed while waiting for ${description}`));
        return;
      }
      let settled = false;
      const owned: NodeJS.Timeout[] = [];
      const finish = (): void => {
        settled = true;
        this.waiters.delete(waiter);
        for (const t of owned) {
          clearTimeout(t);
          this.timers.delete(t);
        }
      };
      const waiter: Waiter = {
        check: () => {
          if (settled) return;
          let value: T | undefined | null | false;
          try {
            value = probe();
          } catch (err) {
            finish();
            reject(err as Error);
            return;
          }
          if (value !== undefined && value !== null && value !== false) {
            finish();
            resolve(value);
          }
        },
        fail: (err) => {
          if (settled) return;
          finish();
          reject(err);
        },
      };
      waiter.check();
      if (settled) return;
      this.waiters.add(waiter);
      owned.push(
        setInterval(waiter.check, POLL_MS),
        setTimeout(() => {
          finish();
          reject(
            new Error(
              `fake-discord: timed out after ${timeoutMs}ms waiting for ${description}.\n${this.describeRecent()}`,
            ),
          );
        }, timeoutMs),
      );
      for (const t of owned) this.timers.add(t);
    });
  }

  /** Resolves after `ms`, unless close() comes first (then never: the server is gone anyway). */
  schedule(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  /** The last few requests, gateway payloads and dispatches: what a timed-out wait reports. */
  describeRecent(): string {
    const lines: string[] = [];
    const reqs = this.requests
      .slice(-10)
      .map((r) => `  ${r.method} ${r.path} → ${r.status}${r.unknownRoute ? ' (unknown route)' : ''}`);
    lines.push(`Last REST requests:\n${orNone(reqs)}`);
    const gw = this.gatewayEvents.slice(-5).map((e) => `  #${e.connection} op ${e.op}`);
    lines.push(`Last gateway payloads from the client:\n${orNone(gw)}`);
    const ds = this.dispatches
      .slice(-5)
      .map(
        (d) =>
          `  ${d.t}${d.delivered ? '' : d.droppedReason ? ` (dropped: ${d.droppedReason})` : ' (not delivered yet)'}`,
      );
    lines.push(`Last dispatches:\n${orNone(ds)}`);
    if (this.warnings.length) lines.push(`Warnings:\n${this.describeWarnings()}`);
    return lines.join('\n');
  }

  describeWarnings(): string {
    return this.warnings.map((w) => `  ${w}`).join('\n');
  }

  /** Rejects every pending wait and cancels every timer. Idempotent. */
  close(): void {
    this.closed = true;
    for (const waiter of [...this.waiters]) waiter.fail(new Error('fake-discord: closed while waiting'));
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

export function orNone(lines: string[]): string {
  return lines.length ? lines.join('\n') : '  (none)';
}
