/**
 * The fake Discord's public record and option types: what tests pass in and what they read back.
 * Kept apart from the behaviour so every module (and every test) can import them without cycles.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type {
  APIApplicationCommandOptionChoice,
  APIMessage,
  APIUser,
  RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import type { GuildInit, GuildPayload } from '../payloads.js';
import type { RecordedFile } from './http.js';

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

/** The options after defaults, as the modules read them. */
export type ResolvedOptions = Required<
  Omit<FakeDiscordOptions, 'guilds' | 'botUser' | 'applicationId' | 'token' | 'users' | 'botPermissions'>
> &
  Pick<FakeDiscordOptions, 'token'>;
