/**
 * The gateway (v10, JSON): HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME with replay,
 * member requests, intent filtering. A class because a session outlives its sockets: a resume on a new
 * socket continues the same sequence and replays what the old one missed.
 */
import type { IncomingMessage } from 'node:http';
import { WebSocket, type RawData } from 'ws';
import type { APIMessage, GatewayIdentifyData } from 'discord.js';
import { Intent, MessageFlag, snowflake, type GuildPayload } from '../payloads.js';
import type { Recorder } from './recorder.js';
import type { DispatchRecord, ResolvedOptions } from './types.js';
import { isObj, type World } from './world.js';

export const PRIVILEGED = Intent.GuildMembers | Intent.GuildPresences | Intent.MessageContent;
const TRACE = ['["fake-discord",{"micros":0}]'];

interface Connection {
  id: number;
  ws: WebSocket;
  identified: boolean;
  /** Set once READY or RESUMED was sent on this socket: dispatches flow. */
  sessionId: string | null;
}

interface Session {
  id: string;
  seq: number;
  intents: number;
  /** Sent dispatches kept for a RESUME to replay. */
  buffer: Array<{ s: number; t: string; d: unknown; record: DispatchRecord }>;
}

export class Gateway {
  private readonly connections = new Map<number, Connection>();
  private connectionCounter = 0;
  private session: Session | null = null;
  private active: Connection | null = null;

  constructor(
    private readonly opts: ResolvedOptions,
    private readonly world: World,
    private readonly recorder: Recorder,
    private readonly resumeGatewayUrl: () => string,
  ) {}

  get connected(): boolean {
    return this.active !== null && this.active.ws.readyState === WebSocket.OPEN;
  }

  get sessionId(): string | null {
    return this.session?.id ?? null;
  }

  get hasSession(): boolean {
    return this.session !== null;
  }

  handleConnection(ws: WebSocket, req: IncomingMessage): void {
    const url = req.url ?? '/';
    if (this.recorder.closed || !url.startsWith('/gateway')) {
      ws.close(4000, 'Unknown gateway path');
      return;
    }
    this.connectionCounter += 1;
    const conn: Connection = { id: this.connectionCounter, ws, identified: false, sessionId: null };
    this.connections.set(conn.id, conn);
    this.active = conn;
    ws.on('message', (raw: RawData, isBinary: boolean) => this.handleMessage(conn, raw, isBinary));
    ws.on('close', () => {
      this.connections.delete(conn.id);
      if (this.active === conn) this.active = null;
      this.recorder.notify();
    });
    ws.on('error', () => {
      /* the close handler cleans up */
    });
    this.send(conn, { op: 10, d: { heartbeat_interval: this.opts.heartbeatIntervalMs, _trace: TRACE } });
  }

  /** Closes the client's socket with `code` (1006: drop TCP without a close frame). */
  disconnect(code: number, reason: string): void {
    const conn = this.requireActive('disconnect');
    this.active = null;
    conn.sessionId = null;
    if (code === 1006) conn.ws.terminate();
    else conn.ws.close(code, reason);
  }

  requestReconnect(): void {
    this.send(this.requireActive('requestReconnect'), { op: 7, d: null });
  }

  invalidateSession(resumable: boolean): void {
    const conn = this.requireActive('invalidateSession');
    if (!resumable) this.session = null;
    conn.sessionId = null;
    this.send(conn, { op: 9, d: resumable });
  }

  close(): void {
    for (const conn of this.connections.values()) conn.ws.terminate();
    this.connections.clear();
    this.active = null;
  }

  /**
   * Sends a dispatch (op 0) on the live session, or records it as dropped when the client lacks the
   * intent. Buffered for RESUME; `via` forces the socket (READY/RESUMED go out before the session flows).
   */
  emit(t: string, d: object, via?: Connection): DispatchRecord {
    const session = this.session;
    if (!session) {
      throw new Error(
        `fake-discord: dispatch(${t}) with no gateway session — wait for the client to be ready (clientReady) first`,
      );
    }
    const data = d as Record<string, unknown>;
    const handshake = t === 'READY' || t === 'RESUMED';
    const reason = handshake ? undefined : this.intentDropReason(t, data, session.intents);
    const record: DispatchRecord = {
      n: this.recorder.next(),
      at: performance.now(),
      t,
      s: null,
      d: data,
      delivered: false,
    };
    if (!reason) {
      const payload = this.applyMessageContentIntent(t, data, session.intents);
      session.seq += 1;
      record.s = session.seq;
      record.d = payload;
      if (!handshake) {
        session.buffer.push({ s: session.seq, t, d: payload, record });
        if (session.buffer.length > 1000) session.buffer.shift();
      }
      const conn = via ?? this.active;
      if (conn && conn.ws.readyState === WebSocket.OPEN && (via !== undefined || conn.sessionId === session.id)) {
        this.send(conn, { op: 0, t, s: session.seq, d: payload });
        record.delivered = true;
        if (handshake) conn.sessionId = session.id;
      }
    } else {
      record.droppedReason = reason;
    }
    this.recorder.dispatches.push(record);
    this.recorder.notify();
    return record;
  }

  /** Emits on the next tick, as Discord's own events follow the REST answer that caused them. */
  emitSoon(t: string, d: object): void {
    if (!this.session) return;
    setImmediate(() => {
      if (!this.recorder.closed && this.session) this.emit(t, d);
    });
  }

  /** Echo of a message the bot created, as Discord sends it to every client with the right intents. */
  echoBotMessage(message: APIMessage): void {
    if (!this.opts.echoBotMessages || (message.flags ?? 0) & MessageFlag.Ephemeral) return;
    const channel = this.world.channels.get(message.channel_id);
    const g = this.world.guildOf(channel);
    const echo: Record<string, unknown> = { ...message, channel_type: channel?.type };
    if (g) {
      const { user: _user, ...memberNoUser } = this.world.botMember(g);
      echo.guild_id = g.id;
      echo.member = memberNoUser;
    }
    this.emitSoon('MESSAGE_CREATE', echo);
  }

  // --- inbound ---------------------------------------------------------------------------------

  private requireActive(what: string): Connection {
    if (!this.active) throw new Error(`fake-discord: ${what}() with no gateway connection`);
    return this.active;
  }

  private send(conn: Connection, payload: object): void {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(JSON.stringify(payload));
  }

  private handleMessage(conn: Connection, raw: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary');
      payload = JSON.parse(raw.toString()) as { op?: unknown; d?: unknown };
    } catch {
      conn.ws.close(4002, 'Error while decoding payload.');
      return;
    }
    const op = typeof payload.op === 'number' ? payload.op : -1;
    this.recorder.gatewayEvents.push({
      n: this.recorder.next(),
      at: performance.now(),
      connection: conn.id,
      op,
      d: payload.d ?? null,
    });
    switch (op) {
      case 1:
        this.send(conn, { op: 11 });
        break;
      case 2:
        this.identify(conn, payload.d);
        break;
      case 6:
        this.resume(conn, payload.d);
        break;
      case 3:
      case 4:
        if (!conn.identified) conn.ws.close(4003, 'Not authenticated.');
        break;
      case 8:
        if (!conn.identified) conn.ws.close(4003, 'Not authenticated.');
        else this.requestGuildMembers(payload.d);
        break;
      default:
        conn.ws.close(4001, 'Unknown opcode.');
    }
    this.recorder.notify();
  }

  private identify(conn: Connection, d: unknown): void {
    const data = (isObj(d) ? d : {}) as Partial<GatewayIdentifyData>;
    if (conn.identified) {
      conn.ws.close(4005, 'Already authenticated.');
      return;
    }
    if (this.opts.token !== undefined && data.token !== this.opts.token) {
      conn.ws.close(4004, 'Authentication failed.');
      return;
    }
    const intents = Number(data.intents ?? 0);
    if ((intents & PRIVILEGED & ~this.opts.privilegedIntents) !== 0) {
      conn.ws.close(4014, 'Disallowed intent(s).');
      return;
    }
    conn.identified = true;
    this.session = { id: snowflake().slice(-16), seq: 0, intents, buffer: [] };
    this.active = conn;
    const { world } = this;
    const ready = {
      v: 10,
      user: { ...world.botUser, verified: true, mfa_enabled: false, flags: 0 },
      guilds: world.guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: this.session.id,
      session_type: 'normal',
      resume_gateway_url: this.resumeGatewayUrl(),
      shard: data.shard ?? [0, 1],
      application: { id: world.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      auth: {},
      _trace: TRACE,
    };
    this.emit('READY', ready, conn);
    if (!this.opts.enforceIntents || (intents & Intent.Guilds) !== 0) {
      for (const g of world.guilds) this.emit('GUILD_CREATE', this.guildCreatePayload(g, intents));
    }
  }

  private guildCreatePayload(g: GuildPayload, intents: number): GuildPayload {
    const payload = structuredClone(g);
    // Without GUILD_PRESENCES, Discord only includes the bot's own member in GUILD_CREATE.
    if (this.opts.enforceIntents && (intents & Intent.GuildPresences) === 0) {
      payload.members = payload.members.filter((m) => m.user?.id === this.world.botUser.id);
    }
    return payload;
  }

  private resume(conn: Connection, d: unknown): void {
    const data = (isObj(d) ? d : {}) as { token?: string; session_id?: string; seq?: number };
    const session = this.session;
    if (this.opts.token !== undefined && data.token !== this.opts.token) {
      conn.ws.close(4004, 'Authentication failed.');
      return;
    }
    if (!session || session.id !== data.session_id) {
      this.send(conn, { op: 9, d: false });
      return;
    }
    conn.identified = true;
    conn.sessionId = session.id;
    this.active = conn;
    const from = typeof data.seq === 'number' ? data.seq : 0;
    for (const entry of session.buffer) {
      if (entry.s > from) {
        this.send(conn, { op: 0, t: entry.t, s: entry.s, d: entry.d });
        entry.record.delivered = true;
      }
    }
    this.emit('RESUMED', { _trace: TRACE }, conn);
  }

  private requestGuildMembers(d: unknown): void {
    const data = isObj(d) ? d : {};
    const g = this.world.guilds.find((x) => x.id === data.guild_id);
    if (!g || !this.session) return;
    const query = typeof data.query === 'string' ? data.query.toLowerCase() : undefined;
    const ids = Array.isArray(data.user_ids)
      ? (data.user_ids as string[])
      : typeof data.user_ids === 'string'
        ? [data.user_ids]
        : undefined;
    const limit = typeof data.limit === 'number' && data.limit > 0 ? data.limit : Infinity;
    const members = g.members
      .filter((m) =>
        ids
          ? ids.includes(m.user!.id)
          : query === undefined || query === '' || m.user!.username.toLowerCase().startsWith(query),
      )
      .slice(0, limit);
    this.emit('GUILD_MEMBERS_CHUNK', {
      guild_id: g.id,
      members,
      chunk_index: 0,
      chunk_count: 1,
      ...(ids ? { not_found: ids.filter((id) => !members.some((m) => m.user!.id === id)) } : {}),
      ...(data.nonce !== undefined ? { nonce: data.nonce } : {}),
    });
  }

  // --- intents ---------------------------------------------------------------------------------

  private intentDropReason(t: string, d: Record<string, unknown>, intents: number): string | undefined {
    if (!this.opts.enforceIntents) return undefined;
    const inGuild = typeof d.guild_id === 'string';
    const need = (bit: number, name: string): string | undefined =>
      (intents & bit) === 0 ? `client has no ${name} intent` : undefined;
    const needScoped = (guild: keyof typeof Intent, dm: keyof typeof Intent): string | undefined =>
      inGuild ? need(Intent[guild], guild) : need(Intent[dm], dm);
    if (/^(GUILD_(CREATE|UPDATE|DELETE|ROLE_.*)|CHANNEL_.*|THREAD_.*|STAGE_INSTANCE_.*)$/.test(t))
      return need(Intent.Guilds, 'Guilds');
    if (/^GUILD_MEMBER_(ADD|UPDATE|REMOVE)$/.test(t) || t === 'THREAD_MEMBERS_UPDATE')
      return need(Intent.GuildMembers, 'GuildMembers');
    if (/^MESSAGE_(CREATE|UPDATE|DELETE|DELETE_BULK)$/.test(t)) return needScoped('GuildMessages', 'DirectMessages');
    if (/^MESSAGE_REACTION_/.test(t)) return needScoped('GuildMessageReactions', 'DirectMessageReactions');
    if (t === 'TYPING_START') return needScoped('GuildMessageTyping', 'DirectMessageTyping');
    if (t === 'PRESENCE_UPDATE') return need(Intent.GuildPresences, 'GuildPresences');
    return undefined;
  }

  /** Without MESSAGE_CONTENT, guild messages from others arrive blank unless they mention the bot. */
  private applyMessageContentIntent(t: string, d: Record<string, unknown>, intents: number): Record<string, unknown> {
    if (!this.opts.enforceIntents || (intents & Intent.MessageContent) !== 0) return d;
    if (t !== 'MESSAGE_CREATE' && t !== 'MESSAGE_UPDATE') return d;
    if (typeof d.guild_id !== 'string') return d;
    const botId = this.world.botUser.id;
    if ((d.author as { id?: string } | undefined)?.id === botId) return d;
    const mentions = Array.isArray(d.mentions) ? (d.mentions as Array<{ id?: string }>) : [];
    if (mentions.some((m) => m.id === botId)) return d;
    return { ...d, content: '', embeds: [], attachments: [], components: [], poll: undefined };
  }
}
