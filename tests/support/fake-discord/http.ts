/** HTTP plumbing for the fake Discord: body parsing (JSON and multipart/form-data) and route matching. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RecordedFile {
  /** Form field name, e.g. `files[0]`. */
  field: string;
  /** File name as uploaded. */
  name: string;
  contentType: string;
  data: Buffer;
}

export interface ParsedBody {
  body: unknown;
  files: RecordedFile[];
  raw: Buffer;
}

export async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses JSON or multipart bodies the way Discord does: for multipart, `payload_json` is the body and `files[n]` are the files. */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  if (raw.length === 0) return { body: undefined, files: [], raw };
  const ct = (contentType ?? '').toLowerCase();
  if (ct.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType! } }).formData();
    let body: Record<string, unknown> = {};
    const files: RecordedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = { ...body, ...(JSON.parse(value) as Record<string, unknown>) };
        else body[field] = value;
      } else {
        files.push({
          field,
          name: value.name,
          contentType: value.type || 'application/octet-stream',
          data: Buffer.from(await value.arrayBuffer()),
        });
      }
    }
    return { body, files, raw };
  }
  const text = raw.toString('utf8');
  if (ct.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return { body: JSON.parse(text) as unknown, files: [], raw };
    } catch {
      return { body: text, files: [], raw };
    }
  }
  return { body: text, files: [], raw };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  if (body === undefined || status === 204) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload).toString(),
    ...headers,
  });
  res.end(payload);
}

/**
 * What tests use to pick REST requests:
 * - a RegExp tested against `"METHOD /path"` (path without `/api/v10`, percent-decoded, e.g. `/webhooks/1/tok/messages/@original`),
 * - a string template like `'POST /channels/:id/messages'` (`:name` = one segment, `*` = anything; method `*` = any),
 * - or a predicate over the request.
 */
export type RequestMatcher<R> = RegExp | string | ((req: R) => boolean);

export function compileMatcher<R extends { method: string; path: string }>(
  matcher: RequestMatcher<R>,
): (req: R) => boolean {
  if (typeof matcher === 'function') return matcher;
  if (matcher instanceof RegExp) return (req) => matcher.test(`${req.method} ${req.path}`);
  const [method, ...rest] = matcher.trim().split(/\s+/);
  const pathTemplate = rest.join(' ');
  if (!method || !pathTemplate)
    throw new Error(`fake-discord: request matcher must look like "POST /channels/:id/messages", got "${matcher}"`);
  const escaped = pathTemplate
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.split('*').map(escapeRegExp).join('.*')))
    .join('/');
  const re = new RegExp(`^${escaped}$`);
  return (req) => (method === '*' || req.method === method.toUpperCase()) && re.test(req.path);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
