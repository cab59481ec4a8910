/**
 * The REST side: records every request, applies injected faults and latency, refuses what Discord
 * cannot store, then hands the request to the first matching route. The route tables live in the
 * routes-*.ts modules; this file only knows how a route looks and what every route shares.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault } from './faults.js';
import type { Gateway } from './gateway.js';
import { parseBody, readRaw, sendJson, type RecordedFile } from './http.js';
import type { Recorder } from './recorder.js';
import { LONE_SURROGATE_ERROR, loneSurrogatePath } from './surrogates.js';
import type { MessageBody, RecordedRequest, ResolvedOptions } from './types.js';
import { validateMessageBody, type DiscordErrorBody } from './validate.js';
import { isObj, type World } from './world.js';

/** Everything a route may read or change: the parts of one fake Discord. */
export interface FakeContext {
  readonly opts: ResolvedOptions;
  readonly world: World;
  readonly recorder: Recorder;
  readonly gateway: Gateway;
  readonly faults: Fault[];
  /** What GET /gateway(/bot) returns; known only once the server listens. */
  gatewayUrl(): string;
}

export interface RouteContext {
  req: RecordedRequest;
  /** The `:name` segments of the route pattern, in order. */
  params: string[];
}

export type RouteResult = { status: number; body?: unknown; headers?: Record<string, string> };
export type RouteHandler = (ctx: RouteContext) => RouteResult | Promise<RouteResult>;
export interface Route {
  method: string;
  re: RegExp;
  handler: RouteHandler;
}

const API_PREFIX = /^\/api(?:\/v(\d+))?(?=\/)/;

/** A route for `pattern` (path without `/api/v10`, `:name` = one segment). */
export function route(method: string, pattern: string, handler: RouteHandler): Route {
  return { method, re: new RegExp(`^${pattern.replace(/:[a-zA-Z]+/g, '([^/]+)')}/?$`), handler };
}

export const discordError = (status: number, code: number, message: string): RouteResult => ({
  status,
  body: { message, code },
});
export const errorResult = (status: number, body: DiscordErrorBody): RouteResult => ({ status, body });

/** A 400 Invalid Form Body with one field error, shaped as Discord nests it. */
export function fieldError(field: string, code: string, message: string): RouteResult {
  return errorResult(400, {
    message: 'Invalid Form Body',
    code: 50035,
    errors: { [field]: { _errors: [{ code, message }] } },
  });
}

/** The JSON object body (or `{}`), as message routes read it. */
export function messageBody(req: RecordedRequest): MessageBody {
  return (isObj(req.body) ? req.body : {}) as MessageBody;
}

/** Discord's 400 for a message body it would reject, or null (always null with `validate: false`). */
export function invalidMessage(
  fake: FakeContext,
  body: unknown,
  files: RecordedFile[],
  create: boolean,
): RouteResult | null {
  if (!fake.opts.validate) return null;
  const error = validateMessageBody(body, { create, fileCount: files.length });
  return error ? errorResult(400, error) : null;
}

/** The HTTP handler for the fake's server. Never throws: internal errors answer 500 and become warnings. */
export function createRestHandler(
  fake: FakeContext,
  routes: Route[],
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { recorder } = fake;
  return async (req, res) => {
    try {
      const { record, underApi } = await recordRequest(fake, req);
      const result = await answer(fake, routes, record, underApi);
      record.status = result.status;
      record.response = result.body;
      if (!recorder.closed) sendJson(res, result.status, result.body, result.headers);
    } catch (err) {
      if (!res.headersSent && !recorder.closed)
        sendJson(res, 500, { message: `fake-discord internal error: ${(err as Error).message}`, code: 0 });
      recorder.warn(`internal error handling ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}`);
    }
    recorder.notify();
  };
}

async function recordRequest(
  fake: FakeContext,
  req: IncomingMessage,
): Promise<{ record: RecordedRequest; underApi: boolean }> {
  const at = performance.now();
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const raw = await readRaw(req);
  const parsed = await parseBody(raw, req.headers['content-type']);
  const prefix = API_PREFIX.exec(url.pathname);
  const record: RecordedRequest = {
    n: fake.recorder.next(),
    at,
    method: (req.method ?? 'GET').toUpperCase(),
    path: decodePath(prefix ? url.pathname.slice(prefix[0].length) : url.pathname),
    query: Object.fromEntries(url.searchParams.entries()),
    headers: req.headers,
    body: parsed.body,
    files: parsed.files,
    status: 0,
    response: undefined,
    unknownRoute: false,
  };
  fake.recorder.requests.push(record);
  return { record, underApi: prefix !== null };
}

function decodePath(path: string): string {
  return path
    .split('/')
    .map((seg) => {
      try {
        return decodeURIComponent(seg);
      } catch {
        return seg;
      }
    })
    .join('/');
}

async function answer(
  fake: FakeContext,
  routes: Route[],
  record: RecordedRequest,
  underApi: boolean,
): Promise<RouteResult> {
  const { recorder, opts } = fake;
  let result: RouteResult | undefined;
  const fault = fake.faults.find((f) => f.remaining > 0 && f.match(record));
  if (fault) {
    fault.remaining -= 1;
    if (fault.delayMs > 0) await recorder.schedule(fault.delayMs);
    if (fault.kind !== 'delay') {
      record.injected = fault.kind;
      result = { status: fault.status, body: fault.body, headers: fault.headers };
    }
  }
  if (opts.latencyMs > 0) await recorder.schedule(opts.latencyMs);
  if (result) return result;
  const lone = opts.validate ? loneSurrogatePath(record.body) : null;
  if (lone) {
    recorder.warn(`${record.method} ${record.path}: lone surrogate at ${lone}; Discord answers 500`);
    return { status: 500, body: LONE_SURROGATE_ERROR };
  }
  if (!underApi) {
    record.unknownRoute = true;
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }
  return dispatchRoute(fake, routes, record);
}

function dispatchRoute(fake: FakeContext, routes: Route[], req: RecordedRequest): RouteResult | Promise<RouteResult> {
  for (const r of routes) {
    if (r.method !== req.method) continue;
    const m = r.re.exec(req.path);
    if (!m) continue;
    // Interaction callbacks and webhooks are authenticated by their token in the path, as on Discord.
    const unauthenticated = req.path.startsWith('/interactions/') || req.path.startsWith('/webhooks/');
    if (!unauthenticated) {
      const auth = req.headers.authorization;
      if (!auth || (fake.opts.token !== undefined && auth !== `Bot ${fake.opts.token}`))
        return discordError(401, 0, '401: Unauthorized');
    }
    return r.handler({ req, params: m.slice(1) });
  }
  req.unknownRoute = true;
  return discordError(404, 0, 'Unknown route');
}
