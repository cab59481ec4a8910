/**
 * FakeDiscord: the object tests hold. It owns the server and wires the parts together (world,
 * recorder, gateway, REST routes); each method is the test-facing face of one of them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { APIApplicationCommand, APIMessage, APIUser, ClientOptions, GatewayIdentifyData } from 'discord.js';
import {
  DEFAULT_BOT_USER,
  DEFAULT_MEMBER_PERMISSIONS,
  Permission,
  type GuildPayload,
  type RawChannel,
} from '../payloads.js';
import { delayFault, errorFault, rateLimitFault, type Fault, type Matcher } from './faults.js';
import { PRIVILEGED, Gateway } from './gateway.js';
import { compileMatcher } from './http.js';
import { describeInteraction, prepareIncomingMessage, prepareInteraction } from './incoming.js';
import { orNone, Recorder } from './recorder.js';
import { createRestHandler, type FakeContext } from './rest.js';
import { channelRoutes } from './routes-channels.js';
import { commandRoutes } from './routes-commands.js';
import { coreRoutes } from './routes-core.js';
import { interactionRoutes } from './routes-interactions.js';
import type {
  DispatchRecord,
  FakeDiscordOptions,
  FaultOptions,
  GatewayEvent,
  InteractionCallback,
  InteractionRecord,
  RecordedRequest,
  ResolvedOptions,
  SentMessage,
  WaitOptions,
} from './types.js';
import { World } from './world.js';

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const discord = new FakeDiscord(options);
  await discord.listen();
  return discord;
}

function resolveOptions(options: FakeDiscordOptions): ResolvedOptions {
  return {
    token: options.token,
    privilegedIntents: options.privilegedIntents ?? PRIVILEGED,
    enforceIntents: options.enforceIntents ?? true,
    validate: options.validate ?? true,
    interactionDeadlineMs: options.interactionDeadlineMs === undefined ? 3000 : options.interactionDeadlineMs,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    timeoutMs: options.timeoutMs ?? 5000,
    latencyMs: options.latencyMs ?? 0,
    echoBotMessages: options.echoBotMessages ?? true,
  };
}

export class FakeDiscord {
  readonly botUser: APIUser;
  readonly applicationId: string;
  /** Live guild state (threads and members the fake learns are added here). */
  readonly guilds: GuildPayload[];

  /** Every REST request, in order. */
  readonly requests: RecordedRequest[];
  /** Every payload the client sent over the gateway (IDENTIFY, HEARTBEAT, RESUME, ...). */
  readonly gatewayEvents: GatewayEvent[];
  /** Every dispatch (op 0) the fake sent or dropped. */
  readonly dispatches: DispatchRecord[];
  /** Every interaction callback (initial responses), in order. */
  readonly callbacks: InteractionCallback[];
  /** Messages the bot created or edited through REST (channel messages, follow-ups, edits). */
  readonly sentMessages: SentMessage[];
  /** Things that are probably mistakes in the test (interaction in an unknown channel, late response, ...). */
  readonly warnings: string[];

  private readonly opts: ResolvedOptions;
  private readonly world: World;
  private readonly recorder: Recorder;
  private readonly gateway: Gateway;
  private readonly faults: Fault[] = [];
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private port = 0;

  constructor(options: FakeDiscordOptions = {}) {
    this.opts = resolveOptions(options);
    this.botUser = { ...DEFAULT_BOT_USER, ...options.botUser, bot: true } as APIUser;
    this.applicationId = options.applicationId ?? this.botUser.id;
    const botPermissions =
      options.botPermissions ?? DEFAULT_MEMBER_PERMISSIONS | Permission.ManageMessages | Permission.ManageThreads;
    this.world = new World(this.botUser, this.applicationId, botPermissions);
    for (const u of options.users ?? []) this.world.users.set(u.id, u);
    for (const init of options.guilds ?? []) this.world.addGuild(init);
    this.recorder = new Recorder(this.opts.timeoutMs);
    this.gateway = new Gateway(this.opts, this.world, this.recorder, () => this.resumeGatewayUrl);
    // The public arrays are the parts' own: tests read live state, not copies.
    this.guilds = this.world.guilds;
    this.requests = this.recorder.requests;
    this.gatewayEvents = this.recorder.gatewayEvents;
    this.dispatches = this.recorder.dispatches;
    this.callbacks = this.recorder.callbacks;
    this.sentMessages = this.recorder.sentMessages;
    this.warnings = this.recorder.warnings;

    const context: FakeContext = {
      opts: this.opts,
      world: this.world,
      recorder: this.recorder,
      gateway: this.gateway,
      faults: this.faults,
      gatewayUrl: () => this.gatewayUrl,
    };
    const routes = [
      ...coreRoutes(context),
      ...interactionRoutes(context),
      ...channelRoutes(context),
      ...commandRoutes(context),
    ];
    const handle = createRestHandler(context, routes);
    this.server = createServer((req, res) => void handle(req, res));
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (ws, req) => this.gateway.handleConnection(ws, req));
  }

  /** @internal use startFakeDiscord() */
  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  // --- addresses and client wiring ---------------------------------------------------------------

  /** `http://127.0.0.1:PORT/api`: pass as `rest.api`. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }
  /** What GET /gateway/bot returns. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }
  /** What READY's `resume_gateway_url` points at (a different path, so tests can tell a resume connection). */
  get resumeGatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway-resume`;
  }

  /**
   * Client options wiring a discord.js Client to this fake: REST base URL and a no-op identify throttler (so a
   * re-IDENTIFY after a disconnect does not wait 5 s). Spread into `new Client({ intents, ...discord.clientOptions() })`.
   */
  clientOptions(): Pick<ClientOptions, 'rest' | 'ws'> {
    return {
      rest: { api: this.apiBase },
      ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
    };
  }

  // --- state -------------------------------------------------------------------------------------

  /** A guild by id (default: the first one). Throws if unknown. */
  guild(id?: string): GuildPayload {
    const g = id === undefined ? this.guilds[0] : this.world.guildById(id);
    if (!g) throw new Error(`fake-discord: no guild ${id ?? '(none configured)'}`);
    return g;
  }

  /** A channel (guild channel, thread, DM) the fake knows, or undefined. */
  channel(id: string): RawChannel | undefined {
    return this.world.channels.get(id);
  }

  /** A message the fake knows (dispatched by the test or created by the bot), or undefined. */
  message(id: string): APIMessage | undefined {
    return this.world.messages.get(id);
  }

  /** Registered application commands: global (no argument) or for one guild. */
  registeredCommands(guildId?: string): APIApplicationCommand[] {
    return this.world.registeredCommands(guildId);
  }

  /** An interaction the fake dispatched, by id or token. */
  interaction(idOrToken: string): InteractionRecord | undefined {
    return this.world.interaction(idOrToken);
  }

  /** Whether a client socket is currently open on the gateway. */
  get connected(): boolean {
    return this.gateway.connected;
  }

  /** The current gateway session id (null before the first IDENTIFY or after a non-resumable INVALID_SESSION). */
  get sessionId(): string | null {
    return this.gateway.sessionId;
  }

  /** Requests that matched no route (answered 404 Unknown route). */
  get unexpectedRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.unknownRoute);
  }

  /** Throws listing any request that hit an unknown route. */
  assertNoUnexpectedRequests(): void {
    const unexpected = this.unexpectedRequests;
    if (unexpected.length > 0) {
      throw new Error(
        `fake-discord: unexpected REST requests:\n${unexpected.map((r) => `  ${r.method} ${r.path}`).join('\n')}`,
      );
    }
  }

  /** Current event counter; pass as `since` to wait only for later events. */
  mark(): number {
    return this.recorder.mark;
  }

  /** Requests matching `matcher` (see RequestMatcher), optionally after a mark. */
  requestsMatching(matcher: Matcher, since = 0): RecordedRequest[] {
    const match = compileMatcher(matcher);
    return this.requests.filter((r) => r.n > since && match(r));
  }

  // --- waiting -----------------------------------------------------------------------------------

  /**
   * Resolves with the first truthy value `probe` returns, re-checked whenever the fake records something
   * (request, gateway event, dispatch) and every 5 ms (so probes may read the test's own state). Rejects after `timeoutMs` (default 5 s) with `description` and recent activity.
   */
  waitFor<T>(
    probe: () => T | undefined | null | false,
    opts: { timeoutMs?: number; description?: string } = {},
  ): Promise<T> {
    return this.recorder.waitFor(probe, opts);
  }

  /** Resolves with the first record after `opts.since` that `match` accepts. */
  private waitForRecord<T extends { n: number }>(
    list: T[],
    match: (x: T) => boolean,
    opts: WaitOptions,
    description: string,
  ): Promise<T> {
    const since = opts.since ?? 0;
    return this.waitFor(() => list.find((x) => x.n > since && match(x)), { timeoutMs: opts.timeoutMs, description });
  }

  /** Resolves with an IDENTIFY payload (op 2) the client sent (after `since`). */
  async waitForIdentify(opts: WaitOptions = {}): Promise<GatewayIdentifyData> {
    return (await this.waitForGatewayOp(2, opts)).d as GatewayIdentifyData;
  }

  /** Resolves with a RESUME payload (op 6) the client sent (after `since`). */
  async waitForResume(opts: WaitOptions = {}): Promise<{ token: string; session_id: string; seq: number }> {
    return (await this.waitForGatewayOp(6, opts)).d as { token: string; session_id: string; seq: number };
  }

  /** Resolves with the first gateway payload with opcode `op` the client sent (after `since`). */
  waitForGatewayOp(op: number, opts: WaitOptions = {}): Promise<GatewayEvent> {
    return this.waitForRecord(this.gatewayEvents, (e) => e.op === op, opts, `gateway opcode ${op} from the client`);
  }

  /** Resolves when READY or RESUMED was delivered (after `since`): the client has a live session. */
  waitForSession(opts: WaitOptions = {}): Promise<DispatchRecord> {
    const live = (d: DispatchRecord) => d.delivered && (d.t === 'READY' || d.t === 'RESUMED');
    return this.waitForRecord(this.dispatches, live, opts, 'READY or RESUMED to be delivered');
  }

  /** Resolves with the first REST request matching `matcher` (after `since`). */
  waitForRequest(matcher: Matcher, opts: WaitOptions = {}): Promise<RecordedRequest> {
    return this.waitForRecord(
      this.requests,
      compileMatcher(matcher),
      opts,
      `a REST request matching ${String(matcher)}`,
    );
  }

  /** Resolves with the first callback for an interaction (id or token). */
  waitForCallback(idOrToken: string, opts: WaitOptions = {}): Promise<InteractionCallback> {
    const forIt = (c: InteractionCallback) => c.interactionId === idOrToken || c.token === idOrToken;
    return this.waitForRecord(this.callbacks, forIt, opts, `an interaction callback for ${idOrToken}`);
  }

  /** Resolves with the first edit of an interaction's @original (or of `messageId`) through its webhook token. */
  waitForEdit(token: string, opts: WaitOptions & { messageId?: string } = {}): Promise<SentMessage> {
    const target = opts.messageId ?? '@original';
    const edit = (m: SentMessage) => m.kind === 'edit' && m.token === token && m.target === target;
    return this.waitForRecord(
      this.sentMessages,
      edit,
      opts,
      `PATCH /webhooks/:app/${token}/messages/${target} (editReply)`,
    );
  }

  /** Resolves with the first follow-up (POST /webhooks/:app/:token) for an interaction token. */
  waitForFollowUp(token: string, opts: WaitOptions = {}): Promise<SentMessage> {
    const followUp = (m: SentMessage) => m.kind === 'followup' && m.token === token;
    return this.waitForRecord(this.sentMessages, followUp, opts, `a follow-up POST /webhooks/:app/${token}`);
  }

  /** Resolves with the first message the bot posted to a channel (POST /channels/:id/messages) matching `predicate`. */
  waitForChannelMessage(
    channelId: string,
    predicate?: (m: SentMessage) => boolean,
    opts: WaitOptions = {},
  ): Promise<SentMessage> {
    const posted = (m: SentMessage) =>
      m.kind === 'channel' && m.message.channel_id === channelId && (!predicate || predicate(m));
    return this.waitForRecord(
      this.sentMessages,
      posted,
      opts,
      `a message posted to channel ${channelId}${predicate ? ' matching the predicate' : ''}`,
    );
  }

  // --- driving the client ------------------------------------------------------------------------

  /**
   * Sends INTERACTION_CREATE and resolves with the FIRST callback recorded for it. Rejects after the timeout
   * with what the client did instead (REST calls, unknown routes), which usually points at the bug.
   */
  async interact(payload: object, opts: { timeoutMs?: number } = {}): Promise<InteractionCallback> {
    const record = this.sendInteraction(payload);
    const timeoutMs = opts.timeoutMs ?? this.opts.timeoutMs;
    const start = this.recorder.mark;
    try {
      return await this.waitFor(() => record.callbacks[0], {
        timeoutMs,
        description: `a callback for interaction ${record.id}`,
      });
    } catch (err) {
      if (this.recorder.closed) throw err;
      const since = this.requests.filter((r) => r.n > start).map((r) => `  ${r.method} ${r.path} → ${r.status}`);
      throw new Error(
        `fake-discord: no response to ${describeInteraction(record.payload)} (interaction ${record.id}) within ${timeoutMs}ms.\n` +
          `REST requests since it was dispatched:\n${orNone(since)}\n` +
          (this.warnings.length ? `Warnings:\n${this.recorder.describeWarnings()}\n` : '') +
          `Hint: an exception thrown by an async listener is emitted as the client's 'error' event.`,
      );
    }
  }

  /** Sends INTERACTION_CREATE without waiting; returns the live record (callbacks, original, follow-ups). */
  sendInteraction(payload: object): InteractionRecord {
    const record = this.dispatch('INTERACTION_CREATE', payload);
    return this.world.interactions.get((record.d as { id: string }).id)!;
  }

  /**
   * Sends any dispatch (op 0). MESSAGE_CREATE is stored (for replies/threads) and has mentions resolved;
   * INTERACTION_CREATE is registered (see `interact`). Events the client has no intent for are dropped, as on
   * Discord (see the returned record). Throws when no gateway session exists yet.
   */
  dispatch(t: string, data: object): DispatchRecord {
    let d = structuredClone(data) as Record<string, unknown>;
    const warn = (message: string) => this.recorder.warn(message);
    if (t === 'INTERACTION_CREATE') d = prepareInteraction(this.world, warn, d);
    if (t === 'MESSAGE_CREATE') d = prepareIncomingMessage(this.world, warn, d);
    if (t === 'GUILD_CREATE') this.world.addGuild(d as unknown as GuildPayload);
    return this.gateway.emit(t, d);
  }

  // --- fault injection ---------------------------------------------------------------------------

  /**
   * The next request matching `matcher` gets a 429 with `retry-after` and the `x-ratelimit-*` headers discord.js
   * reads (bucket exhausted, resets after `retryAfterMs`), so the client waits and retries.
   */
  rateLimitOnce(
    matcher: Matcher,
    retryAfterMs = 100,
    opts: { global?: boolean; scope?: 'user' | 'shared' } = {},
  ): void {
    this.faults.push(rateLimitFault(matcher, retryAfterMs, opts));
  }

  /** The next `times` (default 1) requests matching `matcher` fail with the given status/code (default 500). */
  failNext(matcher: Matcher, opts: FaultOptions = {}): void {
    this.faults.push(errorFault(matcher, opts));
  }

  /** The next `times` (default 1) requests matching `matcher` are answered normally but after `delayMs`. */
  delayNext(matcher: Matcher, delayMs: number, times = 1): void {
    this.faults.push(delayFault(matcher, delayMs, times));
  }

  // --- gateway control ---------------------------------------------------------------------------

  /**
   * Closes the client's gateway socket with `code`. discord.js resumes after 4000 (default) and most 4xxx codes,
   * re-identifies after 1000/4007/4009, and gives up on 4004/4010-4014. 1006 drops the TCP connection without a close frame.
   */
  disconnect(code = 4000, reason = 'fake-discord disconnect'): void {
    this.gateway.disconnect(code, reason);
  }

  /** Sends op 7 RECONNECT: the client closes and resumes. */
  requestReconnect(): void {
    this.gateway.requestReconnect();
  }

  /** Sends op 9 INVALID_SESSION. With `resumable` false (default) the session is forgotten and the client re-identifies. */
  invalidateSession(resumable = false): void {
    this.gateway.invalidateSession(resumable);
  }

  // --- lifecycle ---------------------------------------------------------------------------------

  /** Stops everything: pending waits reject, sockets are terminated, the port is released. Idempotent. */
  async close(): Promise<void> {
    if (this.recorder.closed) return;
    this.recorder.close();
    this.gateway.close();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
