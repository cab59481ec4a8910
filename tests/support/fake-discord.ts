/**
 * A small fake Discord (REST + gateway) on 127.0.0.1, so a REAL discord.js `Client` can be tested and
 * benchmarked fully offline.
 *
 *   const discord = await startFakeDiscord({ guilds: [{ name: 'Test', channels: [{ name: 'general' }] }] });
 *   const client = new Client({ intents, ...discord.clientOptions() });
 *   client.on('error', ...);                                 // see "Gotchas" below
 *   await client.login('fake-token');                        // any token unless `token` is set
 *   const res = await discord.interact(payloads.slashCommand({ name: 'ask', guild: discord.guild() }));
 *   expect(res.data.content).toBe('...');
 *   await client.destroy(); await discord.close();
 *
 * What is emulated (enough of Discord for a bot's happy and unhappy paths):
 * - gateway v10 JSON: HELLO, IDENTIFY → READY + GUILD_CREATE per guild, HEARTBEAT/ACK, RESUME (with replay of
 *   missed dispatches) → RESUMED, RECONNECT (op 7), INVALID_SESSION (op 9), close codes 4001–4014, intent filtering
 *   (events the client did not subscribe to are not sent; without MessageContent, guild message content is
 *   blanked unless the bot is mentioned) and privileged intents (4014).
 * - REST v10 for interactions (callback, @original, follow-ups), channel messages, threads, typing, reactions,
 *   DMs, users, guild members/roles/channels, application commands (global and guild, with validation).
 *   Bodies are parsed as JSON or multipart (`payload_json` + `files[n]`).
 * - Discord's validation for common mistakes (content > 2000, empty message, embed/component limits, modal and
 *   autocomplete limits, allowed_mentions conflicts) → 400 with Discord's error JSON.
 * - Interaction rules: one initial callback (second → 40060), 3 s deadline (→ 10062), callback type must fit
 *   the interaction type, the first follow-up after a deferred reply replaces the loading message.
 * - Fault injection: rate limits (429 with the headers discord.js reads), errors, latency.
 * - Unknown routes → 404 `{ message: 'Unknown route', code: 0 }` and listed in `unexpectedRequests`.
 *
 * Gotchas (discord.js 14.28):
 * - A rejected async `interactionCreate`/`messageCreate` listener is re-emitted as the client's `'error'`
 *   event; without an `'error'` listener the process exits. Always add one in tests.
 * - Listen to `clientReady` (the `ready` event is deprecated and prints a warning).
 * - A re-IDENTIFY within 5 s of the previous one waits in @discordjs/ws' identify throttler (up to 6.5 s, not
 *   cancelled by `client.destroy()`); `clientOptions()` installs a no-op throttler.
 * - Call `client.destroy()` before `discord.close()` (otherwise the client tries to reconnect).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type {
  APIApplicationCommand,
  APIApplicationCommandOptionChoice,
  APIAttachment,
  APIGuildMember,
  APIMessage,
  APIUser,
  ClientOptions,
  GatewayIdentifyData,
  RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import {
  ALL_PERMISSIONS,
  DEFAULT_BOT_USER,
  DEFAULT_MEMBER_PERMISSIONS,
  Intent,
  MessageFlag,
  Permission,
  dmChannel,
  guild as buildGuild,
  member as buildMember,
  role as buildRole,
  snowflake,
  threadChannel,
  type GuildInit,
  type GuildPayload,
  type RawChannel,
} from './payloads.js';
import { compileMatcher, parseBody, readRaw, sendJson, type RecordedFile, type RequestMatcher } from './fake-discord/http.js';
import { computePermissions } from './fake-discord/permissions.js';
import {
  LONE_SURROGATE_ERROR,
  loneSurrogatePath,
  validateAutocompleteResult,
  validateCommandList,
  validateMessageBody,
  validateModal,
  validateSingleCommand,
  type DiscordErrorBody,
} from './fake-discord/validate.js';

export type { RecordedFile, RequestMatcher } from './fake-discord/http.js';
export type { DiscordErrorBody } from './fake-discord/validate.js';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/** Message-ish JSON body (channel message, interaction reply/update data, webhook edit). Unknown keys allowed. */
export type MessageBody = Partial<RESTPostAPIChannelMessageJSONBody> & { [key: string]: unknown };

/** `data` of an interaction callback: message fields, plus autocomplete `choices` or modal `title`/`custom_id`/`components`. */
export type CallbackData = MessageBody & {
  choices?: APIApplicationCommandOptionChoice[];
  title?: string;
  custom_id?: string;
};

export interface FakeDiscordOptions {
  /** Guilds the bot is in (sent as GUILD_CREATE after READY). Accepts `payloads.guild()` inits or finished payloads. */
  guilds?: Array<GuildInit | GuildPayload>;
  /** Overrides for the bot user (default DEFAULT_BOT_USER). */
  botUser?: Partial<APIUser>;
  /** Default: the bot user's id (as for real bots). */
  applicationId?: string;
  /** When set, REST `Authorization: Bot <token>` and the IDENTIFY token must match (401 / close 4004). */
  token?: string;
  /** Permissions of the bot's managed role in every guild. Default: member defaults + ManageMessages + ManageThreads. */
  botPermissions?: bigint;
  /** Privileged intents enabled "in the developer portal" (bitfield). Default: all (GuildMembers | GuildPresences | MessageContent). */
  privilegedIntents?: number;
  /** Drop dispatches the client has no intent for and blank message content without MessageContent. Default true. */
  enforceIntents?: boolean;
  /** Reject bodies Discord would reject (limits, empty messages, ...). Default true. */
  validate?: boolean;
  /** Initial interaction response deadline, like Discord's 3 s. `null` disables. Default 3000. */
  interactionDeadlineMs?: number | null;
  /** HELLO heartbeat interval. Default 41250 (Discord's). */
  heartbeatIntervalMs?: number;
  /** Default timeout for every waitFor… and interact() call. Default 5000. */
  timeoutMs?: number;
  /** Artificial latency added to every REST response (benchmarks). Default 0. */
  latencyMs?: number;
  /** Send MESSAGE_CREATE over the gateway for messages the bot creates (as Discord does). Default true. */
  echoBotMessages?: boolean;
  /** Extra users the fake knows (GET /users/:id, mention resolution). */
  users?: APIUser[];
}

export interface RecordedRequest {
  /** Global event counter (see `mark()`). */
  n: number;
  /** performance.now() when received. */
  at: number;
  method: string;
  /** Path without `/api/v10`, percent-decoded: `/webhooks/1/tok/messages/@original`. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or `payload_json` of a multipart body. */
  body: unknown;
  files: RecordedFile[];
  status: number;
  response: unknown;
  /** No route matched; answered 404 Unknown route. */
  unknownRoute: boolean;
  /** Answered by an injected fault (`rateLimitOnce`, `failNext`). */
  injected?: 'rate-limit' | 'error';
}

export interface GatewayEvent {
  n: number;
  at: number;
  /** Connection number (1 for the first socket, 2 after a reconnect, ...). */
  connection: number;
  op: number;
  d: unknown;
}

export interface DispatchRecord {
  n: number;
  at: number;
  t: string;
  /** Sequence number, or null when dropped. */
  s: number | null;
  d: unknown;
  /** Written to a live socket (possibly later, as a RESUME replay). */
  delivered: boolean;
  /** Why it was not sent (missing intent). */
  droppedReason?: string;
}

export interface InteractionCallback {
  n: number;
  at: number;
  interactionId: string;
  token: string;
  /** 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete result, 9 modal. */
  type: number;
  /** Always an object (empty when the callback had no data). */
  data: CallbackData;
  files: RecordedFile[];
  request: RecordedRequest;
}

export interface SentMessage {
  n: number;
  at: number;
  /** channel: POST /channels/:id/messages · edit: PATCH of a webhook/channel message · followup: POST /webhooks/:app/:token. */
  kind: 'channel' | 'edit' | 'followup';
  /** The stored message after the operation. */
  message: APIMessage;
  body: MessageBody;
  files: RecordedFile[];
  request: RecordedRequest;
  /** Interaction token for webhook operations. */
  token?: string;
  /** For edits: `@original` or the edited message id. */
  target?: string;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  /** The INTERACTION_CREATE data as sent (after the fake filled application_id, channel, permissions, command id). */
  payload: Record<string, unknown>;
  dispatchedAt: number;
  callbacks: InteractionCallback[];
  /** The response message (@original): the reply, or the component's message after an update. */
  original: APIMessage | null;
  /** True between a deferred reply (type 5) and its first edit / follow-up. */
  loading: boolean;
  originalDeleted: boolean;
  followUps: APIMessage[];
}

export interface WaitOptions {
  timeoutMs?: number;
  /** Only consider events recorded after this mark (`discord.mark()`). */
  since?: number;
}

export interface FaultOptions {
  /** HTTP status. Default 500. */
  status?: number;
  /** Discord error code in the JSON body. Default 0. */
  code?: number;
  message?: string;
  /** Full JSON body instead of `{ message, code }`. */
  body?: unknown;
  headers?: Record<string, string>;
  /** How many matching requests to fail. Default 1. */
  times?: number;
  /** Wait this long before answering. */
  delayMs?: number;
}

interface Fault {
  match: (req: RecordedRequest) => boolean;
  remaining: number;
  kind: 'rate-limit' | 'error' | 'delay';
  status: number;
  body?: unknown;
  headers: Record<string, string>;
  delayMs: number;
}

interface Waiter {
  check: () => void;
  fail: (err: Error) => void;
}

interface Connection {
  id: number;
  ws: WebSocket;
  url: string;
  identified: boolean;
  /** Set once READY or RESUMED was sent on this socket: dispatches flow. */
  sessionId: string | null;
}

interface Session {
  id: string;
  seq: number;
  intents: number;
  buffer: Array<{ s: number; t: string; d: unknown; record: DispatchRecord }>;
}

interface RouteContext {
  req: RecordedRequest;
  params: string[];
}

type RouteResult = { status: number; body?: unknown; headers?: Record<string, string> };
type RouteHandler = (ctx: RouteContext) => RouteResult | Promise<RouteResult>;

const POLL_MS = 5;
const API_PREFIX = /^\/api(?:\/v(\d+))?(?=\/)/;
const PRIVILEGED = Intent.GuildMembers | Intent.GuildPresences | Intent.MessageContent;
const DM_APP_PERMISSIONS =
  Permission.AddReactions | Permission.ViewChannel | Permission.SendMessages | Permission.EmbedLinks | Permission.AttachFiles |
  Permission.ReadMessageHistory | Permission.UseExternalEmojis | Permission.UseApplicationCommands;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const discordError = (status: number, code: number, message: string): RouteResult => ({ status, body: { message, code } });
const errorResult = (status: number, body: DiscordErrorBody): RouteResult => ({ status, body });

// ---------------------------------------------------------------------------------------------
// FakeDiscord
// ---------------------------------------------------------------------------------------------

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const discord = new FakeDiscord(options);
  await discord.listen();
  return discord;
}

export class FakeDiscord {
  readonly botUser: APIUser;
  readonly applicationId: string;
  /** Live guild state (threads and members the fake learns are added here). */
  readonly guilds: GuildPayload[] = [];

  /** Every REST request, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Every payload the client sent over the gateway (IDENTIFY, HEARTBEAT, RESUME, ...). */
  readonly gatewayEvents: GatewayEvent[] = [];
  /** Every dispatch (op 0) the fake sent or dropped. */
  readonly dispatches: DispatchRecord[] = [];
  /** Every interaction callback (initial responses), in order. */
  readonly callbacks: InteractionCallback[] = [];
  /** Messages the bot created or edited through REST (channel messages, follow-ups, edits). */
  readonly sentMessages: SentMessage[] = [];
  /** Things that are probably mistakes in the test (interaction in an unknown channel, late response, ...). */
  readonly warnings: string[] = [];

  private readonly options: Required<Omit<FakeDiscordOptions, 'guilds' | 'botUser' | 'applicationId' | 'token' | 'users' | 'botPermissions'>> &
    Pick<FakeDiscordOptions, 'token'>;
  private readonly botPermissions: bigint;
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private port = 0;
  private counter = 0;
  private closed = false;
  private readonly waiters = new Set<Waiter>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly faults: Fault[] = [];
  private readonly routes: Array<{ method: string; re: RegExp; handler: RouteHandler }> = [];

  private readonly channels = new Map<string, RawChannel>();
  private readonly users = new Map<string, APIUser>();
  private readonly messages = new Map<string, APIMessage>();
  private readonly interactions = new Map<string, InteractionRecord>();
  private readonly interactionsByToken = new Map<string, InteractionRecord>();
  private readonly commands = new Map<string, APIApplicationCommand[]>();

  private readonly connections = new Map<number, Connection>();
  private connectionCounter = 0;
  private session: Session | null = null;
  private activeConnection: Connection | null = null;

  constructor(options: FakeDiscordOptions = {}) {
    this.botUser = { ...DEFAULT_BOT_USER, ...options.botUser, bot: true } as APIUser;
    this.applicationId = options.applicationId ?? this.botUser.id;
    this.botPermissions = options.botPermissions ?? DEFAULT_MEMBER_PERMISSIONS | Permission.ManageMessages | Permission.ManageThreads;
    this.options = {
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
    this.users.set(this.botUser.id, this.botUser);
    for (const u of options.users ?? []) this.users.set(u.id, u);
    for (const init of options.guilds ?? []) this.addGuild(init);
    this.registerRoutes();

    this.server = createServer((req, res) => void this.handleHttp(req, res));
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (ws, req) => this.handleConnection(ws, req));
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

  // -------------------------------------------------------------------------------------------
  // Addresses and client wiring
  // -------------------------------------------------------------------------------------------

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

  // -------------------------------------------------------------------------------------------
  // State accessors
  // -------------------------------------------------------------------------------------------

  /** A guild by id (default: the first one). Throws if unknown. */
  guild(id?: string): GuildPayload {
    const g = id === undefined ? this.guilds[0] : this.guilds.find((x) => x.id === id);
    if (!g) throw new Error(`fake-discord: no guild ${id ?? '(none configured)'}`);
    return g;
  }

  /** A channel (guild channel, thread, DM) the fake knows, or undefined. */
  channel(id: string): RawChannel | undefined {
    return this.channels.get(id);
  }

  /** A message the fake knows (dispatched by the test or created by the bot), or undefined. */
  message(id: string): APIMessage | undefined {
    return this.messages.get(id);
  }

  /** Registered application commands: global (no argument) or for one guild. */
  registeredCommands(guildId?: string): APIApplicationCommand[] {
    return this.commands.get(guildId ?? 'global') ?? [];
  }

  /** An interaction the fake dispatched, by id or token. */
  interaction(idOrToken: string): InteractionRecord | undefined {
    return this.interactions.get(idOrToken) ?? this.interactionsByToken.get(idOrToken);
  }

  /** Whether a client socket is currently open on the gateway. */
  get connected(): boolean {
    return this.activeConnection !== null && this.activeConnection.ws.readyState === WebSocket.OPEN;
  }

  /** The current gateway session id (null before the first IDENTIFY or after a non-resumable INVALID_SESSION). */
  get sessionId(): string | null {
    return this.session?.id ?? null;
  }

  /** Requests that matched no route (answered 404 Unknown route). */
  get unexpectedRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.unknownRoute);
  }

  /** Throws listing any request that hit an unknown route. */
  assertNoUnexpectedRequests(): void {
    const unexpected = this.unexpectedRequests;
    if (unexpected.length > 0) {
      throw new Error(`fake-discord: unexpected REST requests:\n${unexpected.map((r) => `  ${r.method} ${r.path}`).join('\n')}`);
    }
  }

  /** Current event counter; pass as `since` to wait only for later events. */
  mark(): number {
    return this.counter;
  }

  /** Requests matching `matcher` (see RequestMatcher), optionally after a mark. */
  requestsMatching(matcher: RequestMatcher<RecordedRequest>, since = 0): RecordedRequest[] {
    const match = compileMatcher(matcher);
    return this.requests.filter((r) => r.n > since && match(r));
  }

  // -------------------------------------------------------------------------------------------
  // Waiting
  // -------------------------------------------------------------------------------------------

  /**
   * Resolves with the first truthy value `probe` returns, re-checked whenever the fake records something
   * (request, gateway event, dispatch) and every 5 ms (so probes may read the test's own state). Rejects after `timeoutMs` (default 5 s) with `description` and recent activity.
   */
  waitFor<T>(probe: () => T | undefined | null | false, opts: { timeoutMs?: number; description?: string } = {}): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? this.options.timeoutMs;
    const description = opts.description ?? 'a condition';
    return new Promise<T>((resolve, reject) => {
      if (this.closed) {
        reject(new Error(`fake-discord: closed while waiting for ${description}`));
        return;
      }
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      let poll: NodeJS.Timeout | undefined;
      const finish = (): void => {
        settled = true;
        this.waiters.delete(waiter);
        for (const t of [timer, poll]) {
          if (t) {
            clearTimeout(t);
            this.timers.delete(t);
          }
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
      // Re-checked on every recorded event, and polled so probes over the test's own state work too.
      poll = setInterval(waiter.check, POLL_MS);
      this.timers.add(poll);
      timer = setTimeout(() => {
        finish();
        reject(new Error(`fake-discord: timed out after ${timeoutMs}ms waiting for ${description}.\n${this.describeRecent()}`));
      }, timeoutMs);
      this.timers.add(timer);
    });
  }

  /** Resolves with an IDENTIFY payload (op 2) the client sent (after `since`). */
  async waitForIdentify(opts: WaitOptions = {}): Promise<GatewayIdentifyData> {
    const ev = await this.waitForGatewayOp(2, opts);
    return ev.d as GatewayIdentifyData;
  }

  /** Resolves with a RESUME payload (op 6) the client sent (after `since`). */
  async waitForResume(opts: WaitOptions = {}): Promise<{ token: string; session_id: string; seq: number }> {
    const ev = await this.waitForGatewayOp(6, opts);
    return ev.d as { token: string; session_id: string; seq: number };
  }

  /** Resolves with the first gateway payload with opcode `op` the client sent (after `since`). */
  waitForGatewayOp(op: number, opts: WaitOptions = {}): Promise<GatewayEvent> {
    const since = opts.since ?? 0;
    return this.waitFor(() => this.gatewayEvents.find((e) => e.n > since && e.op === op), {
      timeoutMs: opts.timeoutMs,
      description: `gateway opcode ${op} from the client`,
    });
  }

  /** Resolves when READY or RESUMED was delivered (after `since`): the client has a live session. */
  waitForSession(opts: WaitOptions = {}): Promise<DispatchRecord> {
    const since = opts.since ?? 0;
    return this.waitFor(
      () => this.dispatches.find((d) => d.n > since && d.delivered && (d.t === 'READY' || d.t === 'RESUMED')),
      { timeoutMs: opts.timeoutMs, description: 'READY or RESUMED to be delivered' },
    );
  }

  /** Resolves with the first REST request matching `matcher` (after `since`). */
  waitForRequest(matcher: RequestMatcher<RecordedRequest>, opts: WaitOptions = {}): Promise<RecordedRequest> {
    const match = compileMatcher(matcher);
    const since = opts.since ?? 0;
    return this.waitFor(() => this.requests.find((r) => r.n > since && match(r)), {
      timeoutMs: opts.timeoutMs,
      description: `a REST request matching ${String(matcher)}`,
    });
  }

  /** Resolves with the first callback for an interaction (id or token). */
  waitForCallback(idOrToken: string, opts: WaitOptions = {}): Promise<InteractionCallback> {
    const since = opts.since ?? 0;
    return this.waitFor(
      () => this.callbacks.find((c) => c.n > since && (c.interactionId === idOrToken || c.token === idOrToken)),
      { timeoutMs: opts.timeoutMs, description: `an interaction callback for ${idOrToken}` },
    );
  }

  /** Resolves with the first edit of an interaction's @original (or of `messageId`) through its webhook token. */
  waitForEdit(token: string, opts: WaitOptions & { messageId?: string } = {}): Promise<SentMessage> {
    const since = opts.since ?? 0;
    const target = opts.messageId ?? '@original';
    return this.waitFor(
      () => this.sentMessages.find((m) => m.n > since && m.kind === 'edit' && m.token === token && m.target === target),
      { timeoutMs: opts.timeoutMs, description: `PATCH /webhooks/:app/${token}/messages/${target} (editReply)` },
    );
  }

  /** Resolves with the first follow-up (POST /webhooks/:app/:token) for an interaction token. */
  waitForFollowUp(token: string, opts: WaitOptions = {}): Promise<SentMessage> {
    const since = opts.since ?? 0;
    return this.waitFor(() => this.sentMessages.find((m) => m.n > since && m.kind === 'followup' && m.token === token), {
      timeoutMs: opts.timeoutMs,
      description: `a follow-up POST /webhooks/:app/${token}`,
    });
  }

  /** Resolves with the first message the bot posted to a channel (POST /channels/:id/messages) matching `predicate`. */
  waitForChannelMessage(channelId: string, predicate?: (m: SentMessage) => boolean, opts: WaitOptions = {}): Promise<SentMessage> {
    const since = opts.since ?? 0;
    return this.waitFor(
      () =>
        this.sentMessages.find(
          (m) => m.n > since && m.kind === 'channel' && m.message.channel_id === channelId && (!predicate || predicate(m)),
        ),
      { timeoutMs: opts.timeoutMs, description: `a message posted to channel ${channelId}${predicate ? ' matching the predicate' : ''}` },
    );
  }

  // -------------------------------------------------------------------------------------------
  // Driving the client
  // -------------------------------------------------------------------------------------------

  /**
   * Sends INTERACTION_CREATE and resolves with the FIRST callback recorded for it. Rejects after the timeout
   * with what the client did instead (REST calls, unknown routes), which usually points at the bug.
   */
  async interact(payload: object, opts: { timeoutMs?: number } = {}): Promise<InteractionCallback> {
    const record = this.sendInteraction(payload);
    const timeoutMs = opts.timeoutMs ?? this.options.timeoutMs;
    const start = this.counter;
    try {
      return await this.waitFor(() => record.callbacks[0], { timeoutMs, description: `a callback for interaction ${record.id}` });
    } catch (err) {
      if (this.closed) throw err;
      const since = this.requests.filter((r) => r.n > start).map((r) => `  ${r.method} ${r.path} → ${r.status}`);
      throw new Error(
        `fake-discord: no response to ${describeInteraction(record.payload)} (interaction ${record.id}) within ${timeoutMs}ms.\n` +
          `REST requests since it was dispatched:\n${since.length ? since.join('\n') : '  (none)'}\n` +
          (this.warnings.length ? `Warnings:\n${this.warnings.map((w) => `  ${w}`).join('\n')}\n` : '') +
          `Hint: an exception thrown by an async listener is emitted as the client's 'error' event.`,
      );
    }
  }

  /** Sends INTERACTION_CREATE without waiting; returns the live record (callbacks, original, follow-ups). */
  sendInteraction(payload: object): InteractionRecord {
    const record = this.dispatch('INTERACTION_CREATE', payload);
    const id = (record.d as { id: string }).id;
    return this.interactions.get(id)!;
  }

  /**
   * Sends any dispatch (op 0). MESSAGE_CREATE is stored (for replies/threads) and has mentions resolved;
   * INTERACTION_CREATE is registered (see `interact`). Events the client has no intent for are dropped, as on
   * Discord (see the returned record). Throws when no gateway session exists yet.
   */
  dispatch(t: string, data: object): DispatchRecord {
    let d: Record<string, unknown> = structuredClone(data) as Record<string, unknown>;
    if (t === 'INTERACTION_CREATE') d = this.prepareInteraction(d);
    if (t === 'MESSAGE_CREATE') d = this.prepareIncomingMessage(d);
    if (t === 'GUILD_CREATE') this.addGuild(d as unknown as GuildPayload);
    return this.emitDispatch(t, d);
  }

  // -------------------------------------------------------------------------------------------
  // Fault injection
  // -------------------------------------------------------------------------------------------

  /**
   * The next request matching `matcher` gets a 429 with `retry-after` and the `x-ratelimit-*` headers discord.js
   * reads (bucket exhausted, resets after `retryAfterMs`), so the client waits and retries.
   */
  rateLimitOnce(matcher: RequestMatcher<RecordedRequest>, retryAfterMs = 100, opts: { global?: boolean; scope?: 'user' | 'shared' } = {}): void {
    const seconds = (retryAfterMs / 1000).toFixed(3);
    const headers: Record<string, string> = {
      'retry-after': seconds,
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': seconds,
      'x-ratelimit-reset': ((Date.now() + retryAfterMs) / 1000).toFixed(3),
      'x-ratelimit-bucket': 'fakebucket' + Math.random().toString(16).slice(2, 10),
      'x-ratelimit-scope': opts.global ? 'global' : (opts.scope ?? 'user'),
      ...(opts.global ? { 'x-ratelimit-global': 'true' } : {}),
    };
    this.faults.push({
      match: compileMatcher(matcher),
      remaining: 1,
      kind: 'rate-limit',
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: retryAfterMs / 1000, global: opts.global ?? false },
      headers,
      delayMs: 0,
    });
  }

  /** The next `times` (default 1) requests matching `matcher` fail with the given status/code (default 500). */
  failNext(matcher: RequestMatcher<RecordedRequest>, opts: FaultOptions = {}): void {
    this.faults.push({
      match: compileMatcher(matcher),
      remaining: opts.times ?? 1,
      kind: 'error',
      status: opts.status ?? 500,
      body: opts.body ?? { message: opts.message ?? 'Internal Server Error', code: opts.code ?? 0 },
      headers: opts.headers ?? {},
      delayMs: opts.delayMs ?? 0,
    });
  }

  /** The next `times` (default 1) requests matching `matcher` are answered normally but after `delayMs`. */
  delayNext(matcher: RequestMatcher<RecordedRequest>, delayMs: number, times = 1): void {
    this.faults.push({ match: compileMatcher(matcher), remaining: times, kind: 'delay', status: 0, headers: {}, delayMs });
  }

  // -------------------------------------------------------------------------------------------
  // Gateway control
  // -------------------------------------------------------------------------------------------

  /**
   * Closes the client's gateway socket with `code`. discord.js resumes after 4000 (default) and most 4xxx codes,
   * re-identifies after 1000/4007/4009, and gives up on 4004/4010-4014. 1006 drops the TCP connection without a close frame.
   */
  disconnect(code = 4000, reason = 'fake-discord disconnect'): void {
    const conn = this.activeConnection;
    if (!conn) throw new Error('fake-discord: disconnect() with no gateway connection');
    this.activeConnection = null;
    conn.sessionId = null;
    if (code === 1006) conn.ws.terminate();
    else conn.ws.close(code, reason);
  }

  /** Sends op 7 RECONNECT: the client closes and resumes. */
  requestReconnect(): void {
    const conn = this.activeConnection;
    if (!conn) throw new Error('fake-discord: requestReconnect() with no gateway connection');
    this.send(conn, { op: 7, d: null });
  }

  /** Sends op 9 INVALID_SESSION. With `resumable` false (default) the session is forgotten and the client re-identifies. */
  invalidateSession(resumable = false): void {
    const conn = this.activeConnection;
    if (!conn) throw new Error('fake-discord: invalidateSession() with no gateway connection');
    if (!resumable) this.session = null;
    conn.sessionId = null;
    this.send(conn, { op: 9, d: resumable });
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle
  // -------------------------------------------------------------------------------------------

  /** Stops everything: pending waits reject, sockets are terminated, the port is released. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of [...this.waiters]) waiter.fail(new Error('fake-discord: closed while waiting'));
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const conn of this.connections.values()) conn.ws.terminate();
    this.connections.clear();
    this.activeConnection = null;
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // =============================================================================================
  // Internals: bookkeeping
  // =============================================================================================

  private next(): number {
    this.counter += 1;
    return this.counter;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }

  private warn(message: string): void {
    this.warnings.push(message);
  }

  private describeRecent(): string {
    const lines: string[] = [];
    const reqs = this.requests.slice(-10).map((r) => `  ${r.method} ${r.path} → ${r.status}${r.unknownRoute ? ' (unknown route)' : ''}`);
    lines.push(`Last REST requests:\n${reqs.length ? reqs.join('\n') : '  (none)'}`);
    const gw = this.gatewayEvents.slice(-5).map((e) => `  #${e.connection} op ${e.op}`);
    lines.push(`Last gateway payloads from the client:\n${gw.length ? gw.join('\n') : '  (none)'}`);
    const ds = this.dispatches.slice(-5).map((d) => `  ${d.t}${d.delivered ? '' : d.droppedReason ? ` (dropped: ${d.droppedReason})` : ' (not delivered yet)'}`);
    lines.push(`Last dispatches:\n${ds.length ? ds.join('\n') : '  (none)'}`);
    if (this.warnings.length) lines.push(`Warnings:\n${this.warnings.map((w) => `  ${w}`).join('\n')}`);
    return lines.join('\n');
  }

  private schedule(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  // =============================================================================================
  // Internals: world state
  // =============================================================================================

  private addGuild(init: GuildInit | GuildPayload): GuildPayload {
    const g: GuildPayload = 'roles' in init && Array.isArray(init.roles) && 'member_count' in init ? (init as GuildPayload) : buildGuild(init as GuildInit);
    // The bot's managed role and member, as Discord creates them when the bot joins.
    let botRole = g.roles.find((r) => r.tags?.bot_id === this.botUser.id);
    if (!botRole) {
      botRole = buildRole(
        { name: this.botUser.username, managed: true, position: 1, permissions: this.botPermissions },
        { tags: { bot_id: this.botUser.id } },
      );
      g.roles.push(botRole);
    }
    if (!g.members.some((m) => m.user?.id === this.botUser.id)) {
      g.members.push(buildMember({ user: this.botUser, roles: [botRole.id], joinedAt: g.joined_at }));
    }
    g.member_count = Math.max(g.member_count, g.members.length);
    const existing = this.guilds.findIndex((x) => x.id === g.id);
    if (existing >= 0) this.guilds[existing] = g;
    else this.guilds.push(g);
    for (const c of [...g.channels, ...g.threads]) this.channels.set(c.id, { ...c, guild_id: g.id } as RawChannel);
    for (const m of g.members) if (m.user) this.users.set(m.user.id, m.user);
    return g;
  }

  private guildOf(channel: RawChannel | undefined): GuildPayload | undefined {
    const gid = (channel as { guild_id?: string } | undefined)?.guild_id;
    return gid ? this.guilds.find((g) => g.id === gid) : undefined;
  }

  private memberOf(g: GuildPayload, userId: string): APIGuildMember | undefined {
    return g.members.find((m) => m.user?.id === userId);
  }

  private botMember(g: GuildPayload): APIGuildMember {
    return this.memberOf(g, this.botUser.id)!;
  }

  private rememberUser(u: unknown): void {
    if (isObj(u) && typeof u.id === 'string' && typeof u.username === 'string') {
      if (!this.users.has(u.id)) this.users.set(u.id, u as unknown as APIUser);
    }
  }

  private storeMessage(m: APIMessage): void {
    this.messages.set(m.id, m);
  }

  private mentionsFor(content: string, allowed: unknown, guildId?: string): Pick<APIMessage, 'mentions' | 'mention_roles' | 'mention_everyone'> {
    const am = isObj(allowed) ? allowed : undefined;
    const parse = Array.isArray(am?.parse) ? (am.parse as string[]) : undefined;
    const allowUser = (id: string): boolean => !am || parse?.includes('users') === true || (Array.isArray(am.users) && am.users.includes(id));
    const allowRole = (id: string): boolean => !am || parse?.includes('roles') === true || (Array.isArray(am.roles) && am.roles.includes(id));
    const userIds = [...new Set([...content.matchAll(/<@!?(\d{15,21})>/g)].map((m) => m[1]!))].filter(allowUser);
    const roleIds = [...new Set([...content.matchAll(/<@&(\d{15,21})>/g)].map((m) => m[1]!))].filter(allowRole);
    const g = guildId ? this.guilds.find((x) => x.id === guildId) : undefined;
    return {
      mentions: userIds.map((id) => this.users.get(id) ?? { id, username: `user-${id}`, discriminator: '0', global_name: null, avatar: null }),
      mention_roles: g ? roleIds.filter((id) => g.roles.some((r) => r.id === id)) : [],
      mention_everyone: /@(everyone|here)\b/.test(content) && (!am || parse?.includes('everyone') === true),
    };
  }

  private attachmentsFor(channelId: string, body: MessageBody, files: RecordedFile[], existing: APIAttachment[] = []): APIAttachment[] {
    const described = Array.isArray(body.attachments) ? (body.attachments as unknown as Array<Record<string, unknown>>) : undefined;
    const kept = described ? existing.filter((a) => described.some((d) => String(d.id) === a.id)) : existing;
    const added = files.map((f, index): APIAttachment => {
      const id = snowflake();
      const meta = described?.find((d) => String(d.id) === String(index) || d.filename === f.name);
      const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(f.name)}`;
      return {
        id,
        filename: f.name,
        size: f.data.length,
        url,
        proxy_url: url.replace('cdn.discordapp.com', 'media.discordapp.net'),
        content_type: f.contentType,
        ...(typeof meta?.description === 'string' ? { description: meta.description } : {}),
      };
    });
    return [...kept, ...added];
  }

  /** Builds a message the bot sends (channel message, interaction response or follow-up). */
  private buildBotMessage(channelId: string, body: MessageBody, files: RecordedFile[], extra: Partial<APIMessage> = {}): APIMessage {
    const channel = this.channels.get(channelId);
    const guildId = (channel as { guild_id?: string } | undefined)?.guild_id;
    const content = typeof body.content === 'string' ? body.content : '';
    const message: APIMessage = {
      id: snowflake(),
      channel_id: channelId,
      author: this.botUser,
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: body.tts === true,
      ...this.mentionsFor(content, body.allowed_mentions, guildId),
      attachments: this.attachmentsFor(channelId, body, files),
      embeds: (body.embeds ?? []) as APIMessage['embeds'],
      pinned: false,
      type: 0,
      flags: (typeof body.flags === 'number' ? body.flags : 0) as APIMessage['flags'],
      components: (body.components ?? []) as APIMessage['components'],
      ...(body.nonce !== undefined ? { nonce: body.nonce as string } : {}),
      ...(body.poll ? { poll: body.poll as unknown as APIMessage['poll'] } : {}),
      ...extra,
    };
    return message;
  }

  private applyEdit(message: APIMessage, body: MessageBody, files: RecordedFile[], markEdited: boolean): APIMessage {
    const updated: APIMessage = { ...message };
    if (body.content !== undefined) {
      updated.content = body.content ?? '';
      const guildId = (this.channels.get(message.channel_id) as { guild_id?: string } | undefined)?.guild_id;
      Object.assign(updated, this.mentionsFor(updated.content, body.allowed_mentions, guildId));
    }
    if (body.embeds !== undefined) updated.embeds = (body.embeds ?? []) as APIMessage['embeds'];
    if (body.components !== undefined) updated.components = (body.components ?? []) as APIMessage['components'];
    if (body.attachments !== undefined || files.length > 0) {
      updated.attachments = this.attachmentsFor(message.channel_id, body, files, message.attachments);
    }
    if (typeof body.flags === 'number') {
      // Only some flags are editable (suppress embeds, components v2); ephemeral/loading stay as they were.
      const keep = (message.flags ?? 0) & (MessageFlag.Ephemeral | MessageFlag.Loading);
      updated.flags = keep | (body.flags & ~(MessageFlag.Ephemeral | MessageFlag.Loading));
    }
    if (markEdited) updated.edited_timestamp = new Date().toISOString();
    return updated;
  }

  private isEmpty(m: APIMessage): boolean {
    return !m.content && m.embeds.length === 0 && (m.components?.length ?? 0) === 0 && m.attachments.length === 0 && !m.poll;
  }

  // =============================================================================================
  // Internals: gateway
  // =============================================================================================

  private handleConnection(ws: WebSocket, req: IncomingMessage): void {
    const url = req.url ?? '/';
    if (this.closed || !(url.startsWith('/gateway') || url.startsWith('/gateway-resume'))) {
      ws.close(4000, 'Unknown gateway path');
      return;
    }
    this.connectionCounter += 1;
    const conn: Connection = { id: this.connectionCounter, ws, url, identified: false, sessionId: null };
    this.connections.set(conn.id, conn);
    this.activeConnection = conn;
    ws.on('message', (raw: RawData, isBinary: boolean) => this.handleGatewayMessage(conn, raw, isBinary));
    ws.on('close', () => {
      this.connections.delete(conn.id);
      if (this.activeConnection === conn) this.activeConnection = null;
      this.notify();
    });
    ws.on('error', () => {
      /* the close handler cleans up */
    });
    this.send(conn, { op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs, _trace: ['["fake-discord",{"micros":0}]'] } });
  }

  private send(conn: Connection, payload: object): void {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(JSON.stringify(payload));
  }

  private handleGatewayMessage(conn: Connection, raw: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary');
      payload = JSON.parse(raw.toString()) as { op?: unknown; d?: unknown };
    } catch {
      conn.ws.close(4002, 'Error while decoding payload.');
      return;
    }
    const op = typeof payload.op === 'number' ? payload.op : -1;
    this.gatewayEvents.push({ n: this.next(), at: performance.now(), connection: conn.id, op, d: payload.d ?? null });
    switch (op) {
      case 1:
        this.send(conn, { op: 11 });
        break;
      case 2:
        this.handleIdentify(conn, payload.d);
        break;
      case 6:
        this.handleResume(conn, payload.d);
        break;
      case 3:
      case 4:
        if (!conn.identified) conn.ws.close(4003, 'Not authenticated.');
        break;
      case 8:
        if (!conn.identified) conn.ws.close(4003, 'Not authenticated.');
        else this.handleRequestGuildMembers(payload.d);
        break;
      default:
        conn.ws.close(4001, 'Unknown opcode.');
    }
    this.notify();
  }

  private handleIdentify(conn: Connection, d: unknown): void {
    const data = (isObj(d) ? d : {}) as Partial<GatewayIdentifyData>;
    if (conn.identified) {
      conn.ws.close(4005, 'Already authenticated.');
      return;
    }
    if (this.options.token !== undefined && data.token !== this.options.token) {
      conn.ws.close(4004, 'Authentication failed.');
      return;
    }
    const intents = Number(data.intents ?? 0);
    if ((intents & PRIVILEGED & ~this.options.privilegedIntents) !== 0) {
      conn.ws.close(4014, 'Disallowed intent(s).');
      return;
    }
    conn.identified = true;
    this.session = { id: snowflake().slice(-16), seq: 0, intents, buffer: [] };
    this.activeConnection = conn;
    const guildsIntent = !this.options.enforceIntents || (intents & Intent.Guilds) !== 0;
    this.emitDispatch('READY', {
      v: 10,
      user: { ...this.botUser, verified: true, mfa_enabled: false, flags: 0 },
      guilds: this.guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: this.session.id,
      session_type: 'normal',
      resume_gateway_url: this.resumeGatewayUrl,
      shard: data.shard ?? [0, 1],
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      auth: {},
      _trace: ['["fake-discord",{"micros":0}]'],
    }, conn);
    if (guildsIntent) {
      for (const g of this.guilds) this.emitDispatch('GUILD_CREATE', this.guildCreatePayload(g, intents));
    }
  }

  private guildCreatePayload(g: GuildPayload, intents: number): GuildPayload {
    const payload = structuredClone(g);
    // Without GUILD_PRESENCES, Discord only includes the bot's own member in GUILD_CREATE.
    if (this.options.enforceIntents && (intents & Intent.GuildPresences) === 0) {
      payload.members = payload.members.filter((m) => m.user?.id === this.botUser.id);
    }
    return payload;
  }

  private handleResume(conn: Connection, d: unknown): void {
    const data = (isObj(d) ? d : {}) as { token?: string; session_id?: string; seq?: number };
    const session = this.session;
    if (this.options.token !== undefined && data.token !== this.options.token) {
      conn.ws.close(4004, 'Authentication failed.');
      return;
    }
    if (!session || session.id !== data.session_id) {
      this.send(conn, { op: 9, d: false });
      return;
    }
    conn.identified = true;
    conn.sessionId = session.id;
    this.activeConnection = conn;
    const from = typeof data.seq === 'number' ? data.seq : 0;
    for (const entry of session.buffer) {
      if (entry.s > from) {
        this.send(conn, { op: 0, t: entry.t, s: entry.s, d: entry.d });
        entry.record.delivered = true;
      }
    }
    this.emitDispatch('RESUMED', { _trace: ['["fake-discord",{"micros":0}]'] }, conn);
  }

  private handleRequestGuildMembers(d: unknown): void {
    const data = isObj(d) ? d : {};
    const g = this.guilds.find((x) => x.id === data.guild_id);
    if (!g || !this.session) return;
    const query = typeof data.query === 'string' ? data.query.toLowerCase() : undefined;
    const ids = Array.isArray(data.user_ids) ? (data.user_ids as string[]) : typeof data.user_ids === 'string' ? [data.user_ids] : undefined;
    const limit = typeof data.limit === 'number' && data.limit > 0 ? data.limit : Infinity;
    const members = g.members
      .filter((m) => (ids ? ids.includes(m.user!.id) : query === undefined || query === '' || m.user!.username.toLowerCase().startsWith(query)))
      .slice(0, limit);
    this.emitDispatch('GUILD_MEMBERS_CHUNK', {
      guild_id: g.id,
      members,
      chunk_index: 0,
      chunk_count: 1,
      ...(ids ? { not_found: ids.filter((id) => !members.some((m) => m.user!.id === id)) } : {}),
      ...(data.nonce !== undefined ? { nonce: data.nonce } : {}),
    });
  }

  private intentDropReason(t: string, d: Record<string, unknown>, intents: number): string | undefined {
    if (!this.options.enforceIntents) return undefined;
    const inGuild = typeof d.guild_id === 'string';
    const need = (bit: number, name: string): string | undefined => ((intents & bit) === 0 ? `client has no ${name} intent` : undefined);
    if (/^(GUILD_(CREATE|UPDATE|DELETE|ROLE_.*)|CHANNEL_.*|THREAD_.*|STAGE_INSTANCE_.*)$/.test(t)) return need(Intent.Guilds, 'Guilds');
    if (/^GUILD_MEMBER_(ADD|UPDATE|REMOVE)$/.test(t) || t === 'THREAD_MEMBERS_UPDATE') return need(Intent.GuildMembers, 'GuildMembers');
    if (/^MESSAGE_(CREATE|UPDATE|DELETE|DELETE_BULK)$/.test(t)) {
      return inGuild ? need(Intent.GuildMessages, 'GuildMessages') : need(Intent.DirectMessages, 'DirectMessages');
    }
    if (/^MESSAGE_REACTION_/.test(t)) {
      return inGuild ? need(Intent.GuildMessageReactions, 'GuildMessageReactions') : need(Intent.DirectMessageReactions, 'DirectMessageReactions');
    }
    if (t === 'TYPING_START') {
      return inGuild ? need(Intent.GuildMessageTyping, 'GuildMessageTyping') : need(Intent.DirectMessageTyping, 'DirectMessageTyping');
    }
    if (t === 'PRESENCE_UPDATE') return need(Intent.GuildPresences, 'GuildPresences');
    return undefined;
  }

  /** Without MESSAGE_CONTENT, guild messages from others arrive blank unless they mention the bot. */
  private applyMessageContentIntent(t: string, d: Record<string, unknown>, intents: number): Record<string, unknown> {
    if (!this.options.enforceIntents || (intents & Intent.MessageContent) !== 0) return d;
    if (t !== 'MESSAGE_CREATE' && t !== 'MESSAGE_UPDATE') return d;
    if (typeof d.guild_id !== 'string') return d;
    const author = d.author as { id?: string } | undefined;
    if (author?.id === this.botUser.id) return d;
    const mentions = Array.isArray(d.mentions) ? (d.mentions as Array<{ id?: string }>) : [];
    if (mentions.some((m) => m.id === this.botUser.id)) return d;
    return { ...d, content: '', embeds: [], attachments: [], components: [], poll: undefined };
  }

  private emitDispatch(t: string, d: Record<string, unknown> | object, via?: Connection): DispatchRecord {
    const session = this.session;
    if (!session) {
      throw new Error(`fake-discord: dispatch(${t}) with no gateway session — wait for the client to be ready (clientReady) first`);
    }
    const data = d as Record<string, unknown>;
    const reason = t === 'READY' || t === 'RESUMED' ? undefined : this.intentDropReason(t, data, session.intents);
    const record: DispatchRecord = { n: this.next(), at: performance.now(), t, s: null, d: data, delivered: false };
    if (reason) {
      record.droppedReason = reason;
      this.dispatches.push(record);
      this.notify();
      return record;
    }
    const payload = this.applyMessageContentIntent(t, data, session.intents);
    session.seq += 1;
    record.s = session.seq;
    record.d = payload;
    if (t !== 'READY' && t !== 'RESUMED') {
      session.buffer.push({ s: session.seq, t, d: payload, record });
      if (session.buffer.length > 1000) session.buffer.shift();
    }
    const conn = via ?? this.activeConnection;
    if (conn && conn.ws.readyState === WebSocket.OPEN && (via !== undefined || conn.sessionId === session.id)) {
      this.send(conn, { op: 0, t, s: session.seq, d: payload });
      record.delivered = true;
      if (t === 'READY' || t === 'RESUMED') conn.sessionId = session.id;
    }
    this.dispatches.push(record);
    this.notify();
    return record;
  }

  /** Echo of a message the bot created, as Discord sends it to every client with the right intents. */
  private echoBotMessage(message: APIMessage): void {
    if (!this.options.echoBotMessages || !this.session || (message.flags ?? 0) & MessageFlag.Ephemeral) return;
    const channel = this.channels.get(message.channel_id);
    const guildId = (channel as { guild_id?: string } | undefined)?.guild_id;
    const g = guildId ? this.guilds.find((x) => x.id === guildId) : undefined;
    const echo: Record<string, unknown> = { ...message, channel_type: channel?.type };
    if (g) {
      const { user: _user, ...memberNoUser } = this.botMember(g);
      echo.guild_id = g.id;
      echo.member = memberNoUser;
    }
    setImmediate(() => {
      if (!this.closed && this.session) this.emitDispatch('MESSAGE_CREATE', echo);
    });
  }

  // =============================================================================================
  // Internals: preparing test-sent payloads
  // =============================================================================================

  private prepareInteraction(d: Record<string, unknown>): Record<string, unknown> {
    if (typeof d.id !== 'string' || typeof d.token !== 'string') {
      throw new Error('fake-discord: INTERACTION_CREATE needs string id and token (use payloads.*)');
    }
    d.application_id ??= this.applicationId;
    const guildId = typeof d.guild_id === 'string' ? d.guild_id : undefined;
    const g = guildId ? this.guilds.find((x) => x.id === guildId) : undefined;
    const channelData = isObj(d.channel) ? d.channel : undefined;
    const channelId = (typeof d.channel_id === 'string' ? d.channel_id : undefined) ?? (channelData?.id as string | undefined);
    let channel = channelId ? this.channels.get(channelId) : undefined;
    if (channelId && !channel) {
      if (guildId) {
        this.warn(`interaction ${String(d.id)} in channel ${channelId}, which is not a channel of guild ${guildId} known to the fake (interaction.channel will be null)`);
      } else if (channelData) {
        channel = { ...channelData } as unknown as RawChannel;
        this.channels.set(channelId, channel);
      }
    }
    if (guildId && !g) this.warn(`interaction ${String(d.id)} in guild ${guildId}, which the fake does not know`);
    if (channel) {
      d.channel = { ...channel };
      d.channel_id = channel.id;
    }
    const invoker = (isObj(d.member) ? (d.member.user as APIUser | undefined) : undefined) ?? (d.user as APIUser | undefined);
    this.rememberUser(invoker);
    if (g && isObj(d.member)) {
      const m = d.member as unknown as APIGuildMember & { permissions?: string };
      if (invoker && !this.memberOf(g, invoker.id)) {
        const { permissions: _p, ...stored } = m;
        g.members.push(stored as APIGuildMember);
      }
      m.permissions ??= computePermissions(g, invoker?.id ?? '', m.roles ?? [], channel).toString();
    } else if (isObj(d.member)) {
      (d.member as { permissions?: string }).permissions ??= DEFAULT_MEMBER_PERMISSIONS.toString();
    }
    if (d.app_permissions === undefined) {
      d.app_permissions = (g ? computePermissions(g, this.botUser.id, this.botMember(g).roles, channel) : guildId ? ALL_PERMISSIONS : DM_APP_PERMISSIONS).toString();
    }
    // Use the id of a registered command with the same name, as Discord would.
    const data = isObj(d.data) ? d.data : undefined;
    if ((d.type === 2 || d.type === 4) && data && typeof data.name === 'string') {
      const scoped = guildId ? this.registeredCommands(guildId).find((c) => c.name === data.name) : undefined;
      const cmd = scoped ?? this.registeredCommands().find((c) => c.name === data.name);
      if (cmd) {
        data.id = cmd.id;
        if (scoped) data.guild_id = guildId;
      }
    }
    if (isObj(d.message)) this.storeMessage(d.message as unknown as APIMessage);
    const record: InteractionRecord = {
      id: d.id,
      token: d.token,
      type: Number(d.type),
      payload: d,
      dispatchedAt: performance.now(),
      callbacks: [],
      original: null,
      loading: false,
      originalDeleted: false,
      followUps: [],
    };
    this.interactions.set(record.id, record);
    this.interactionsByToken.set(record.token, record);
    return d;
  }

  private prepareIncomingMessage(d: Record<string, unknown>): Record<string, unknown> {
    const channelId = String(d.channel_id);
    const guildId = typeof d.guild_id === 'string' ? d.guild_id : undefined;
    this.rememberUser(d.author);
    if (!this.channels.has(channelId)) {
      if (guildId) {
        this.warn(`MESSAGE_CREATE in channel ${channelId}, which is not a channel of guild ${guildId} known to the fake (discord.js drops it unless partials include Channel)`);
      } else {
        this.channels.set(channelId, dmChannel({ id: channelId, recipient: d.author as APIUser }));
      }
    }
    // Discord resolves mentions server-side: upgrade known users to their full objects.
    if (Array.isArray(d.mentions)) {
      d.mentions = (d.mentions as Array<Record<string, unknown>>).map((m) => {
        const known = typeof m.id === 'string' ? this.users.get(m.id) : undefined;
        return known ? { ...m, ...known } : m;
      });
    }
    this.storeMessage(d as unknown as APIMessage);
    const ch = this.channels.get(channelId) as { message_count?: number; total_message_sent?: number; last_message_id?: string } | undefined;
    if (ch) {
      ch.last_message_id = String(d.id);
      if (typeof ch.message_count === 'number') ch.message_count += 1;
    }
    return d;
  }

  // =============================================================================================
  // Internals: HTTP
  // =============================================================================================

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = await readRaw(req);
      const parsed = await parseBody(raw, req.headers['content-type']);
      const prefix = API_PREFIX.exec(url.pathname);
      const rest = prefix ? url.pathname.slice(prefix[0].length) : url.pathname;
      const path = rest
        .split('/')
        .map((seg) => {
          try {
            return decodeURIComponent(seg);
          } catch {
            return seg;
          }
        })
        .join('/');
      const record: RecordedRequest = {
        n: this.next(),
        at,
        method: (req.method ?? 'GET').toUpperCase(),
        path,
        query: Object.fromEntries(url.searchParams.entries()),
        headers: req.headers,
        body: parsed.body,
        files: parsed.files,
        status: 0,
        response: undefined,
        unknownRoute: false,
      };
      this.requests.push(record);

      let result: RouteResult | undefined;
      const fault = this.faults.find((f) => f.remaining > 0 && f.match(record));
      if (fault) {
        fault.remaining -= 1;
        if (fault.delayMs > 0) await this.schedule(fault.delayMs);
        if (fault.kind !== 'delay') {
          record.injected = fault.kind;
          result = { status: fault.status, body: fault.body, headers: fault.headers };
        }
      }
      if (this.options.latencyMs > 0) await this.schedule(this.options.latencyMs);
      const lone = !result && this.options.validate ? loneSurrogatePath(parsed.body) : null;
      if (lone) {
        this.warn(`${record.method} ${record.path}: lone surrogate at ${lone}; Discord answers 500`);
        result = { status: 500, body: LONE_SURROGATE_ERROR };
      }
      if (!result) {
        if (!prefix) {
          result = { status: 404, body: { message: '404: Not Found', code: 0 } };
          record.unknownRoute = true;
        } else {
          result = await this.route(record);
        }
      }
      record.status = result.status;
      record.response = result.body;
      if (!this.closed) sendJson(res, result.status, result.body, result.headers);
      this.notify();
    } catch (err) {
      if (!res.headersSent && !this.closed) sendJson(res, 500, { message: `fake-discord internal error: ${(err as Error).message}`, code: 0 });
      this.warn(`internal error handling ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}`);
      this.notify();
    }
  }

  private async route(req: RecordedRequest): Promise<RouteResult> {
    for (const route of this.routes) {
      if (route.method !== req.method) continue;
      const m = route.re.exec(req.path);
      if (!m) continue;
      const unauthenticated = req.path.startsWith('/interactions/') || req.path.startsWith('/webhooks/');
      if (!unauthenticated) {
        const auth = req.headers.authorization;
        if (!auth || (this.options.token !== undefined && auth !== `Bot ${this.options.token}`)) {
          return discordError(401, 0, '401: Unauthorized');
        }
      }
      return route.handler({ req, params: m.slice(1) });
    }
    req.unknownRoute = true;
    return discordError(404, 0, 'Unknown route');
  }

  private on(method: string, pattern: string, handler: RouteHandler): void {
    const re = new RegExp(`^${pattern.replace(/:[a-zA-Z]+/g, '([^/]+)')}/?$`);
    this.routes.push({ method, re, handler });
  }

  private validateMessage(body: unknown, files: RecordedFile[], create: boolean): RouteResult | null {
    if (!this.options.validate) return null;
    const error = validateMessageBody(body, { create, fileCount: files.length });
    return error ? errorResult(400, error) : null;
  }

  // =============================================================================================
  // Routes
  // =============================================================================================

  private registerRoutes(): void {
    // --- gateway / identity
    this.on('GET', '/gateway/bot', () => ({
      status: 200,
      body: {
        url: this.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      },
    }));
    this.on('GET', '/gateway', () => ({ status: 200, body: { url: this.gatewayUrl } }));
    this.on('GET', '/users/@me', () => ({ status: 200, body: { ...this.botUser, verified: true, mfa_enabled: false, flags: 0 } }));
    this.on('GET', '/users/:id', ({ params }) => {
      const u = this.users.get(params[0]!);
      return u ? { status: 200, body: u } : discordError(404, 10013, 'Unknown User');
    });
    this.on('GET', '/applications/@me', () => ({ status: 200, body: this.applicationObject() }));
    this.on('GET', '/oauth2/applications/@me', () => ({ status: 200, body: this.applicationObject() }));
    this.on('POST', '/users/@me/channels', ({ req }) => this.openDm(req));

    // --- interactions
    this.on('POST', '/interactions/:id/:token/callback', (ctx) => this.interactionCallback(ctx));
    this.on('POST', '/webhooks/:app/:token', (ctx) => this.followUp(ctx));
    this.on('GET', '/webhooks/:app/:token/messages/:mid', (ctx) => this.webhookMessage(ctx, 'GET'));
    this.on('PATCH', '/webhooks/:app/:token/messages/:mid', (ctx) => this.webhookMessage(ctx, 'PATCH'));
    this.on('DELETE', '/webhooks/:app/:token/messages/:mid', (ctx) => this.webhookMessage(ctx, 'DELETE'));

    // --- channels and messages
    this.on('GET', '/channels/:cid', ({ params }) => {
      const c = this.channels.get(params[0]!);
      return c ? { status: 200, body: c } : discordError(404, 10003, 'Unknown Channel');
    });
    this.on('POST', '/channels/:cid/typing', ({ params }) =>
      this.channels.has(params[0]!) ? { status: 204 } : discordError(404, 10003, 'Unknown Channel'),
    );
    this.on('GET', '/channels/:cid/messages', (ctx) => this.listMessages(ctx));
    this.on('POST', '/channels/:cid/messages', (ctx) => this.createChannelMessage(ctx));
    this.on('GET', '/channels/:cid/messages/:mid', ({ params }) => {
      const m = this.messages.get(params[1]!);
      return m && m.channel_id === params[0] ? { status: 200, body: m } : discordError(404, 10008, 'Unknown Message');
    });
    this.on('PATCH', '/channels/:cid/messages/:mid', (ctx) => this.editChannelMessage(ctx));
    this.on('DELETE', '/channels/:cid/messages/:mid', ({ params }) => {
      const m = this.messages.get(params[1]!);
      if (!m || m.channel_id !== params[0]) return discordError(404, 10008, 'Unknown Message');
      this.messages.delete(m.id);
      return { status: 204 };
    });
    this.on('PUT', '/channels/:cid/messages/:mid/reactions/:emoji/@me', (ctx) => this.react(ctx, true));
    this.on('DELETE', '/channels/:cid/messages/:mid/reactions/:emoji/@me', (ctx) => this.react(ctx, false));
    this.on('POST', '/channels/:cid/messages/:mid/threads', (ctx) => this.startThread(ctx, true));
    this.on('POST', '/channels/:cid/threads', (ctx) => this.startThread(ctx, false));

    // --- guilds
    this.on('GET', '/guilds/:gid', ({ params }) => {
      const g = this.guilds.find((x) => x.id === params[0]);
      if (!g) return discordError(404, 10004, 'Unknown Guild');
      const { members: _m, channels: _c, threads: _t, presences: _p, voice_states: _v, ...rest } = g;
      return { status: 200, body: { ...rest, approximate_member_count: g.member_count, approximate_presence_count: 0 } };
    });
    this.on('GET', '/guilds/:gid/channels', ({ params }) => {
      const g = this.guilds.find((x) => x.id === params[0]);
      return g ? { status: 200, body: g.channels } : discordError(404, 10004, 'Unknown Guild');
    });
    this.on('GET', '/guilds/:gid/roles', ({ params }) => {
      const g = this.guilds.find((x) => x.id === params[0]);
      return g ? { status: 200, body: g.roles } : discordError(404, 10004, 'Unknown Guild');
    });
    this.on('GET', '/guilds/:gid/members', ({ params, req }) => {
      const g = this.guilds.find((x) => x.id === params[0]);
      if (!g) return discordError(404, 10004, 'Unknown Guild');
      const limit = Number(req.query.limit ?? 1);
      return { status: 200, body: g.members.slice(0, limit) };
    });
    this.on('GET', '/guilds/:gid/members/:uid', ({ params }) => {
      const g = this.guilds.find((x) => x.id === params[0]);
      if (!g) return discordError(404, 10004, 'Unknown Guild');
      const uid = params[1] === '@me' ? this.botUser.id : params[1]!;
      const m = this.memberOf(g, uid);
      return m ? { status: 200, body: m } : discordError(404, 10007, 'Unknown Member');
    });

    // --- application commands (global and guild)
    for (const scope of ['', '/guilds/:gid'] as const) {
      const base = `/applications/:app${scope}/commands`;
      const scopeOf = (params: string[]): string | RouteResult => {
        if (params[0] !== this.applicationId) return discordError(403, 50001, 'Missing Access');
        if (!scope) return 'global';
        return this.guilds.some((g) => g.id === params[1]) ? params[1]! : discordError(403, 50001, 'Missing Access');
      };
      this.on('GET', base, ({ params }) => {
        const s = scopeOf(params);
        return typeof s === 'string' ? { status: 200, body: this.registeredCommands(s === 'global' ? undefined : s) } : s;
      });
      this.on('PUT', base, ({ params, req }) => {
        const s = scopeOf(params);
        if (typeof s !== 'string') return s;
        if (!Array.isArray(req.body)) return discordError(400, 50035, 'Invalid Form Body');
        const invalid = this.options.validate ? validateCommandList(req.body) : null;
        if (invalid) return errorResult(400, invalid);
        const previous = this.commands.get(s) ?? [];
        const next = (req.body as Array<Record<string, unknown>>).map((body) => this.toCommand(body, s, previous));
        this.commands.set(s, next);
        return { status: 200, body: next };
      });
      this.on('POST', base, ({ params, req }) => {
        const s = scopeOf(params);
        if (typeof s !== 'string') return s;
        const invalid = this.options.validate ? validateSingleCommand(req.body) : null;
        if (invalid) return errorResult(400, invalid);
        const list = this.commands.get(s) ?? [];
        const cmd = this.toCommand(req.body as Record<string, unknown>, s, list);
        const existed = list.some((c) => c.id === cmd.id);
        this.commands.set(s, [...list.filter((c) => c.id !== cmd.id), cmd]);
        return { status: existed ? 200 : 201, body: cmd };
      });
      const single = `${base}/:cmd`;
      const cmdIndex = scope ? 2 : 1;
      this.on('GET', single, ({ params }) => {
        const s = scopeOf(params);
        if (typeof s !== 'string') return s;
        const cmd = (this.commands.get(s) ?? []).find((c) => c.id === params[cmdIndex]);
        return cmd ? { status: 200, body: cmd } : discordError(404, 10063, 'Unknown application command');
      });
      this.on('PATCH', single, ({ params, req }) => {
        const s = scopeOf(params);
        if (typeof s !== 'string') return s;
        const list = this.commands.get(s) ?? [];
        const cmd = list.find((c) => c.id === params[cmdIndex]);
        if (!cmd) return discordError(404, 10063, 'Unknown application command');
        const updated = { ...cmd, ...(req.body as object), id: cmd.id, version: snowflake() } as APIApplicationCommand;
        this.commands.set(s, list.map((c) => (c.id === cmd.id ? updated : c)));
        return { status: 200, body: updated };
      });
      this.on('DELETE', single, ({ params }) => {
        const s = scopeOf(params);
        if (typeof s !== 'string') return s;
        const list = this.commands.get(s) ?? [];
        if (!list.some((c) => c.id === params[cmdIndex])) return discordError(404, 10063, 'Unknown application command');
        this.commands.set(s, list.filter((c) => c.id !== params[cmdIndex]));
        return { status: 204 };
      });
    }
  }

  private applicationObject(): Record<string, unknown> {
    return {
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      owner: { id: '1100000000000000002', username: 'owner', global_name: 'Owner', discriminator: '0', avatar: null },
      team: null,
      bot: this.botUser,
      approximate_guild_count: this.guilds.length,
      integration_types_config: { '0': {} },
    };
  }

  private toCommand(body: Record<string, unknown>, scope: string, previous: APIApplicationCommand[]): APIApplicationCommand {
    const type = typeof body.type === 'number' ? body.type : 1;
    const existing = previous.find((c) => c.name === body.name && (c.type ?? 1) === type);
    const base = {
      id: existing?.id ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      type,
      name: body.name,
      name_localizations: body.name_localizations ?? null,
      description: body.description ?? '',
      description_localizations: body.description_localizations ?? null,
      options: body.options ?? [],
      default_member_permissions: body.default_member_permissions ?? null,
      dm_permission: body.dm_permission ?? true,
      contexts: body.contexts ?? null,
      integration_types: body.integration_types ?? [0],
      nsfw: body.nsfw ?? false,
      ...(scope === 'global' ? {} : { guild_id: scope }),
    };
    return base as unknown as APIApplicationCommand;
  }

  private openDm(req: RecordedRequest): RouteResult {
    const body = isObj(req.body) ? req.body : {};
    const recipientId = String(body.recipient_id ?? '');
    const recipient = this.users.get(recipientId);
    if (!recipient) return discordError(400, 50033, 'Invalid Recipient(s)');
    const existing = [...this.channels.values()].find(
      (c) => c.type === 1 && ((c as { recipients?: APIUser[] }).recipients ?? []).some((u) => u.id === recipientId),
    );
    if (existing) return { status: 200, body: existing };
    const ch = dmChannel({ recipient });
    this.channels.set(ch.id, ch);
    return { status: 200, body: ch };
  }

  // --- interactions ----------------------------------------------------------------------------

  private interactionCallback({ req, params }: RouteContext): RouteResult {
    const [id, token] = params as [string, string];
    const interaction = this.interactions.get(id);
    if (!interaction || interaction.token !== token) return discordError(404, 10062, 'Unknown interaction');
    if (interaction.callbacks.length > 0) return discordError(400, 40060, 'Interaction has already been acknowledged.');
    const deadline = this.options.interactionDeadlineMs;
    const elapsed = req.at - interaction.dispatchedAt;
    if (deadline !== null && elapsed > deadline) {
      this.warn(`interaction ${id} answered after ${Math.round(elapsed)}ms (deadline ${deadline}ms): Discord answers 10062 Unknown interaction`);
      return discordError(404, 10062, 'Unknown interaction');
    }
    const body = isObj(req.body) ? req.body : {};
    const type = Number(body.type);
    const data = (isObj(body.data) ? body.data : {}) as CallbackData;
    const itype = interaction.type;
    const componentMessage = isObj(interaction.payload.message) ? (interaction.payload.message as unknown as APIMessage) : undefined;

    const allowed: Record<number, boolean> = {
      4: itype === 2 || itype === 3 || itype === 5,
      5: itype === 2 || itype === 3 || itype === 5,
      6: itype === 3 || (itype === 5 && componentMessage !== undefined),
      7: itype === 3 || (itype === 5 && componentMessage !== undefined),
      8: itype === 4,
      9: itype === 2 || itype === 3,
    };
    if (!allowed[type]) {
      return errorResult(400, {
        message: 'Invalid Form Body',
        code: 50035,
        errors: { type: { _errors: [{ code: 'INTERACTION_CALLBACK_TYPE_INVALID', message: `Callback type ${type} is not valid for interaction type ${itype}` }] } },
      });
    }
    if (this.options.validate) {
      const invalid =
        type === 4
          ? validateMessageBody(data, { create: true, fileCount: req.files.length, nestUnder: 'data' })
          : type === 7
            ? validateMessageBody(data, { create: false, fileCount: req.files.length, nestUnder: 'data' })
            : type === 8
              ? validateAutocompleteResult(data)
              : type === 9
                ? validateModal(data)
                : null;
      if (invalid) return errorResult(400, invalid);
    }

    const channelId = String(interaction.payload.channel_id ?? (interaction.payload.channel as { id?: string } | undefined)?.id);
    const invoker = ((interaction.payload.member as { user?: APIUser } | undefined)?.user ?? interaction.payload.user) as APIUser;
    const interactionMetadata = {
      id: interaction.id,
      type: itype,
      user: invoker,
      authorizing_integration_owners: interaction.payload.authorizing_integration_owners ?? {},
    } as APIMessage['interaction_metadata'];
    const messageType = itype === 2 ? 20 : 0;
    let message: APIMessage | undefined;
    if (type === 4) {
      message = this.buildBotMessage(channelId, data, req.files, {
        type: messageType,
        webhook_id: this.applicationId,
        application_id: this.applicationId,
        interaction_metadata: interactionMetadata,
      });
      interaction.original = message;
      this.storeMessage(message);
      this.echoBotMessage(message);
    } else if (type === 5) {
      const flags = (typeof data.flags === 'number' ? data.flags : 0) & MessageFlag.Ephemeral;
      message = this.buildBotMessage(channelId, {}, [], {
        type: messageType,
        flags: flags | MessageFlag.Loading,
        webhook_id: this.applicationId,
        application_id: this.applicationId,
        interaction_metadata: interactionMetadata,
      });
      interaction.original = message;
      interaction.loading = true;
      this.storeMessage(message);
    } else if ((type === 6 || type === 7) && componentMessage) {
      const current = this.messages.get(componentMessage.id) ?? componentMessage;
      message = type === 7 ? this.applyEdit(current, data, req.files, true) : current;
      interaction.original = message;
      this.storeMessage(message);
    }

    const callback: InteractionCallback = {
      n: this.next(),
      at: performance.now(),
      interactionId: interaction.id,
      token: interaction.token,
      type,
      data,
      files: req.files,
      request: req,
    };
    interaction.callbacks.push(callback);
    this.callbacks.push(callback);

    if (req.query.with_response !== 'true') return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: interaction.id,
          type: itype,
          ...(message
            ? {
                response_message_id: message.id,
                response_message_loading: type === 5,
                response_message_ephemeral: ((message.flags ?? 0) & MessageFlag.Ephemeral) !== 0,
              }
            : {}),
        },
        resource: { type, ...(message && type !== 6 ? { message } : {}) },
      },
    };
  }

  private webhookInteraction(app: string, token: string): InteractionRecord | RouteResult {
    const interaction = this.interactionsByToken.get(token);
    if (!interaction || app !== this.applicationId) return discordError(404, 10015, 'Unknown Webhook');
    return interaction;
  }

  private followUp({ req, params }: RouteContext): RouteResult {
    const found = this.webhookInteraction(params[0]!, params[1]!);
    if ('status' in found) return found;
    const interaction = found;
    if (interaction.callbacks.length === 0) return discordError(404, 10015, 'Unknown Webhook');
    const body = (isObj(req.body) ? req.body : {}) as MessageBody;
    const invalid = this.validateMessage(body, req.files, true);
    if (invalid) return invalid;
    let message: APIMessage;
    if (interaction.loading && interaction.original) {
      // Discord: the first follow-up after a deferred reply replaces the "thinking…" message.
      message = this.applyEdit(interaction.original, body, req.files, false);
      message.flags = (message.flags ?? 0) & ~MessageFlag.Loading;
      interaction.loading = false;
      interaction.original = message;
      this.echoBotMessage(message);
    } else {
      const channelId = String(interaction.payload.channel_id);
      message = this.buildBotMessage(channelId, body, req.files, {
        webhook_id: this.applicationId,
        application_id: this.applicationId,
        type: 0,
      });
      interaction.followUps.push(message);
      this.echoBotMessage(message);
    }
    this.storeMessage(message);
    this.sentMessages.push({ n: this.next(), at: performance.now(), kind: 'followup', message, body, files: req.files, request: req, token: interaction.token });
    return req.query.wait === 'true' ? { status: 200, body: message } : { status: 204 };
  }

  private webhookMessage({ req, params }: RouteContext, method: 'GET' | 'PATCH' | 'DELETE'): RouteResult {
    const found = this.webhookInteraction(params[0]!, params[1]!);
    if ('status' in found) return found;
    const interaction = found;
    const target = params[2]!;
    const isOriginal = target === '@original';
    const current = isOriginal
      ? interaction.originalDeleted
        ? undefined
        : (interaction.original ?? undefined)
      : interaction.followUps.find((m) => m.id === target) ??
        (interaction.original?.id === target ? interaction.original : undefined);
    if (!current) return discordError(404, 10008, 'Unknown Message');
    const latest = this.messages.get(current.id) ?? current;
    if (method === 'GET') return { status: 200, body: latest };
    if (method === 'DELETE') {
      if (isOriginal || latest.id === interaction.original?.id) interaction.originalDeleted = true;
      interaction.followUps = interaction.followUps.filter((m) => m.id !== latest.id);
      this.messages.delete(latest.id);
      return { status: 204 };
    }
    const body = (isObj(req.body) ? req.body : {}) as MessageBody;
    const invalid = this.validateMessage(body, req.files, false);
    if (invalid) return invalid;
    const wasLoading = ((latest.flags ?? 0) & MessageFlag.Loading) !== 0;
    const updated = this.applyEdit(latest, body, req.files, !wasLoading);
    updated.flags = (updated.flags ?? 0) & ~MessageFlag.Loading;
    if (wasLoading && this.options.validate && this.isEmpty(updated)) {
      return discordError(400, 50006, 'Cannot send an empty message');
    }
    this.storeMessage(updated);
    if (latest.id === interaction.original?.id) {
      interaction.original = updated;
      interaction.loading = false;
      if (wasLoading) this.echoBotMessage(updated);
    } else {
      interaction.followUps = interaction.followUps.map((m) => (m.id === updated.id ? updated : m));
    }
    this.sentMessages.push({
      n: this.next(),
      at: performance.now(),
      kind: 'edit',
      message: updated,
      body,
      files: req.files,
      request: req,
      token: interaction.token,
      target,
    });
    return { status: 200, body: updated };
  }

  // --- channels --------------------------------------------------------------------------------

  private listMessages({ params, req }: RouteContext): RouteResult {
    if (!this.channels.has(params[0]!)) return discordError(404, 10003, 'Unknown Channel');
    const limit = Math.min(Number(req.query.limit ?? 50), 100);
    let list = [...this.messages.values()].filter((m) => m.channel_id === params[0]);
    if (req.query.before) list = list.filter((m) => BigInt(m.id) < BigInt(req.query.before!));
    if (req.query.after) list = list.filter((m) => BigInt(m.id) > BigInt(req.query.after!));
    list.sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    return { status: 200, body: list.slice(0, limit) };
  }

  private createChannelMessage({ params, req }: RouteContext): RouteResult {
    const channelId = params[0]!;
    const channel = this.channels.get(channelId);
    if (!channel) return discordError(404, 10003, 'Unknown Channel');
    if (channel.type === 4) return discordError(400, 50008, 'Cannot send messages in a non-text channel');
    const body = (isObj(req.body) ? req.body : {}) as MessageBody;
    const invalid = this.validateMessage(body, req.files, true);
    if (invalid) return invalid;
    const guildId = (channel as { guild_id?: string }).guild_id;
    const extra: Partial<APIMessage> = {};
    const ref = isObj(body.message_reference) ? (body.message_reference as Record<string, unknown>) : undefined;
    if (ref && typeof ref.message_id === 'string') {
      const referenced = this.messages.get(ref.message_id);
      if (!referenced && ref.fail_if_not_exists !== false) {
        return errorResult(400, {
          message: 'Invalid Form Body',
          code: 50035,
          errors: { message_reference: { _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }] } },
        });
      }
      const isForward = ref.type === 1;
      extra.type = isForward ? 0 : 19;
      extra.message_reference = {
        type: isForward ? 1 : 0,
        message_id: ref.message_id,
        channel_id: (ref.channel_id as string | undefined) ?? referenced?.channel_id ?? channelId,
        ...(guildId ? { guild_id: guildId } : {}),
      } as APIMessage['message_reference'];
      if (!isForward) extra.referenced_message = referenced ?? null;
    }
    const message = this.buildBotMessage(channelId, body, req.files, extra);
    // Replying pings the replied-to author unless allowed_mentions.replied_user is false.
    const am = isObj(body.allowed_mentions) ? body.allowed_mentions : undefined;
    if (extra.referenced_message && (!am || am.replied_user !== false) && !message.mentions.some((u) => u.id === extra.referenced_message!.author.id)) {
      message.mentions = [...message.mentions, extra.referenced_message.author];
    }
    this.storeMessage(message);
    const ch = channel as { last_message_id?: string; message_count?: number; total_message_sent?: number };
    ch.last_message_id = message.id;
    if (typeof ch.message_count === 'number') ch.message_count += 1;
    this.sentMessages.push({ n: this.next(), at: performance.now(), kind: 'channel', message, body, files: req.files, request: req });
    this.echoBotMessage(message);
    return { status: 200, body: message };
  }

  private editChannelMessage({ params, req }: RouteContext): RouteResult {
    const m = this.messages.get(params[1]!);
    if (!m || m.channel_id !== params[0]) return discordError(404, 10008, 'Unknown Message');
    const body = (isObj(req.body) ? req.body : {}) as MessageBody;
    if (m.author.id !== this.botUser.id && (body.content !== undefined || body.embeds !== undefined)) {
      return discordError(403, 50005, 'Cannot edit a message authored by another user');
    }
    const invalid = this.validateMessage(body, req.files, false);
    if (invalid) return invalid;
    const updated = this.applyEdit(m, body, req.files, true);
    this.storeMessage(updated);
    this.sentMessages.push({ n: this.next(), at: performance.now(), kind: 'edit', message: updated, body, files: req.files, request: req, target: m.id });
    return { status: 200, body: updated };
  }

  private react({ params }: RouteContext, add: boolean): RouteResult {
    const m = this.messages.get(params[1]!);
    if (!m || m.channel_id !== params[0]) return discordError(404, 10008, 'Unknown Message');
    const emoji = params[2]!;
    const [name, id] = emoji.includes(':') ? emoji.split(':') : [emoji, null];
    const reactions = [...(m.reactions ?? [])];
    const idx = reactions.findIndex((r) => (id ? r.emoji.id === id : r.emoji.name === name));
    if (add) {
      if (idx >= 0) {
        const r = reactions[idx]!;
        if (!r.me) reactions[idx] = { ...r, count: r.count + 1, me: true };
      } else {
        reactions.push({
          count: 1,
          count_details: { burst: 0, normal: 1 },
          me: true,
          me_burst: false,
          burst_colors: [],
          emoji: { id: id ?? null, name: name ?? null },
        });
      }
    } else if (idx >= 0) {
      const r = reactions[idx]!;
      if (r.me) {
        if (r.count <= 1) reactions.splice(idx, 1);
        else reactions[idx] = { ...r, count: r.count - 1, me: false };
      }
    }
    this.storeMessage({ ...m, reactions });
    return { status: 204 };
  }

  private startThread({ params, req }: RouteContext, fromMessage: boolean): RouteResult {
    const parentId = params[0]!;
    const parent = this.channels.get(parentId);
    if (!parent) return discordError(404, 10003, 'Unknown Channel');
    const g = this.guildOf(parent);
    if (!g || ![0, 5, 15, 16].includes(parent.type)) return discordError(400, 50024, 'Cannot execute action on this channel type');
    const body = isObj(req.body) ? req.body : {};
    const name = typeof body.name === 'string' ? body.name : '';
    if (this.options.validate && (name.length < 1 || name.length > 100)) {
      return errorResult(400, {
        message: 'Invalid Form Body',
        code: 50035,
        errors: { name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] } },
      });
    }
    let id: string;
    let type = 11;
    if (fromMessage) {
      const m = this.messages.get(params[1]!);
      if (!m || m.channel_id !== parentId) return discordError(404, 10008, 'Unknown Message');
      if (this.channels.has(m.id)) return discordError(400, 160004, 'A thread has already been created for this message');
      id = m.id; // Discord: a thread started from a message has the message's id.
      type = parent.type === 5 ? 10 : 11;
    } else {
      id = snowflake();
      type = typeof body.type === 'number' ? body.type : 12;
    }
    const thread = threadChannel(
      { id, name, guildId: g.id, parentId, type, ownerId: this.botUser.id },
      {
        rate_limit_per_user: typeof body.rate_limit_per_user === 'number' ? body.rate_limit_per_user : 0,
        thread_metadata: { auto_archive_duration: typeof body.auto_archive_duration === 'number' ? body.auto_archive_duration : 1440 },
        member: { id, user_id: this.botUser.id, join_timestamp: new Date().toISOString(), flags: 1 },
      },
    );
    this.channels.set(id, thread);
    g.threads.push(thread as GuildPayload['threads'][number]);
    if (fromMessage) {
      const m = this.messages.get(params[1]!)!;
      this.storeMessage({ ...m, thread: thread as APIMessage['thread'] });
    }
    if (this.session) {
      const created = { ...thread, newly_created: true };
      setImmediate(() => {
        if (!this.closed && this.session) this.emitDispatch('THREAD_CREATE', created);
      });
    }
    return { status: 201, body: thread };
  }
}

function describeInteraction(p: Record<string, unknown>): string {
  const data = isObj(p.data) ? p.data : {};
  const sub = (opts: unknown): string => {
    const first = Array.isArray(opts) ? (opts[0] as { type?: number; name?: string; options?: unknown } | undefined) : undefined;
    return first && (first.type === 1 || first.type === 2) ? ` ${first.name}${sub(first.options)}` : '';
  };
  switch (p.type) {
    case 2:
      return `the slash command /${String(data.name)}${sub(data.options)}`;
    case 3:
      return `the ${data.component_type === 2 ? 'button' : 'select menu'} "${String(data.custom_id)}"`;
    case 4:
      return `autocomplete for /${String(data.name)}`;
    case 5:
      return `the modal submit "${String(data.custom_id)}"`;
    default:
      return `interaction type ${String(p.type)}`;
  }
}

