/**
 * The HTTP plumbing of the reference server: reading a bounded body, checking its media type,
 * decoding UTF-8 and parsing JSON (strictly, or with the leeway a profile or fault gives), and
 * writing replies in OS1's envelopes.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A reply before it is written: hooks may rewrite it. `body` is JSON unless `text` is set. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  /** A plain-text body (written as is, instead of JSON). */
  text?: string;
}

/** Bodies above this size get a 413. A server policy, not a contract limit. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this much, a too-large body is not even drained: the connection is closed. */
const MAX_DRAIN_BYTES = 64 * MAX_BODY_BYTES;

/** The `request` member of every envelope: the request's identity, echoed. */
export interface RequestEcho {
  requestId: string | undefined;
  tenantId: string | undefined;
  method: string;
  path: string;
}

export type BodyResult = { kind: 'ok'; bytes: Buffer } | { kind: 'too-large'; closeAfter: boolean };

/** Reads the body, keeping at most MAX_BODY_BYTES; a larger body is drained and reported. */
export function readBody(req: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (r: BodyResult) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) {
        req.pause();
        settle({ kind: 'too-large', closeAfter: true });
      }
    });
    req.on('end', () => settle(size > MAX_BODY_BYTES ? { kind: 'too-large', closeAfter: false } : { kind: 'ok', bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }));
    const fail = (e: Error) => {
      if (!settled) {
        settled = true;
        reject(e);
      }
    };
    req.on('error', fail);
    // A client that goes away mid-body ends the wait (node may report it as 'close' only).
    req.on('close', () => fail(Object.assign(new Error('the client went away'), { code: 'ECONNRESET' })));
  });
}

/** True for `application/json`, with no charset or a UTF-8 one. */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [media, ...params] = header.split(';');
  if (media!.trim().toLowerCase() !== 'application/json') return false;
  for (const p of params) {
    const [k, v = ''] = p.split('=');
    if (k!.trim().toLowerCase() === 'charset' && !/^"?utf-?8"?$/i.test(v.trim())) return false;
  }
  return true;
}

/**
 * How a body's bytes are read as JSON. The contract's server reads strictly (RFC 8259: one JSON
 * value of UTF-8 text); RFC 8259 section 9 lets a parser accept non-JSON forms, and mainstream
 * stacks take some of them. Each knob is one such leeway (the lenient profile turns them all on).
 */
export interface JsonReading {
  /** Invalid UTF-8 sequences become U+FFFD (Node's Buffer, Go's encoding/json), instead of a 400. */
  replaceInvalidUtf8: boolean;
  /** A leading byte-order mark is dropped (RFC 8259 section 8.1 lets a parser ignore it). */
  ignoreBom: boolean;
  /** The first JSON value is read and what follows it ignored (Jackson's default, Go's json.Decoder). */
  firstValueOnly: boolean;
  /** NaN, Infinity and -Infinity are numbers (Python's json). */
  nonFiniteNumbers: boolean;
  /** The body is read as JSON whatever its Content-Type says (many Go handlers). */
  anyContentType: boolean;
}

/** The contract's reading: strict RFC 8259, application/json only. */
export const STRICT_JSON: Readonly<JsonReading> = Object.freeze({ replaceInvalidUtf8: false, ignoreBom: false, firstValueOnly: false, nonFiniteNumbers: false, anyContentType: false });

// ignoreBOM keeps a byte-order mark in the text, where JSON.parse refuses it (the BOM is no JSON text's).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Replacing = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export type ParseResult = { kind: 'ok'; value: unknown } | { kind: 'bad-encoding' } | { kind: 'malformed'; message: string };

/** Decodes UTF-8 and parses JSON as `reading` says (strictly by default); never throws (a too-deep document is malformed too). */
export function parseJson(bytes: Buffer, reading: Readonly<JsonReading> = STRICT_JSON): ParseResult {
  let text: string;
  try {
    text = (reading.replaceInvalidUtf8 ? utf8Replacing : utf8).decode(bytes);
  } catch {
    return { kind: 'bad-encoding' };
  }
  if (reading.ignoreBom && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (reading.firstValueOnly) text = firstValue(text);
  try {
    return { kind: 'ok', value: reading.nonFiniteNumbers ? parseWithNonFinite(text) : JSON.parse(text) };
  } catch (e) {
    return { kind: 'malformed', message: e instanceof RangeError ? 'the document is nested too deeply' : (e as Error).message };
  }
}

/** The text of the first JSON value in `text` (an object or array up to its matching close; a scalar up to white space). */
function firstValue(text: string): string {
  const start = text.search(/\S/);
  if (start < 0) return text;
  if (text[start] !== '{' && text[start] !== '[') return text.slice(start).split(/\s/)[0]!;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return text.slice(start, i + 1);
  }
  return text;
}

const NON_FINITE: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };
/** Where a bare NaN or Infinity stood: a string no request can guess. */
const NON_FINITE_MARK = `\u0000non-finite-${randomUUID()}:`;

/** JSON.parse that also takes bare NaN, Infinity and -Infinity outside strings, as Python's json does. */
function parseWithNonFinite(text: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    const word = /^(-?Infinity|NaN)/.exec(text.slice(i, i + 9))?.[1];
    if (word) {
      out += JSON.stringify(NON_FINITE_MARK + word);
      i += word.length - 1;
    } else out += c;
  }
  return JSON.parse(out, (_k, v: unknown) => (typeof v === 'string' && v.startsWith(NON_FINITE_MARK) ? NON_FINITE[v.slice(NON_FINITE_MARK.length)] : v));
}

/** A 4xx (or 5xx) reply in OS1's error envelope. */
export function errorReply(status: number, code: string, description: string, echo: RequestEcho, extra: Record<string, unknown> = {}): Reply {
  return { status, headers: {}, body: { error: { code, description, ...extra }, request: echo } };
}

/** A 202 for an accepted write. */
export function acceptedReply(id: string, echo: RequestEcho): Reply {
  return { status: 202, headers: {}, body: { data: { id }, request: echo } };
}

/** A 200 for a read. */
export function readReply(data: unknown, echo: RequestEcho): Reply {
  return { status: 200, headers: {}, body: { data, request: echo } };
}

/** Writes a reply; returns the status written. */
export function writeReply(res: ServerResponse, reply: Reply, requestId: string | undefined): number {
  let r = reply;
  let payload: string;
  let type: string;
  if (r.text !== undefined) {
    payload = r.text;
    type = 'text/plain; charset=utf-8';
  } else {
    try {
      payload = JSON.stringify(r.body);
    } catch {
      r = errorReply(500, 'INTERNAL', 'the reply could not be serialised', r.body && typeof r.body === 'object' ? ((r.body as { request?: RequestEcho }).request as RequestEcho) : ({} as RequestEcho));
      payload = JSON.stringify(r.body);
    }
    type = 'application/json; charset=utf-8';
  }
  // A reply hook may label the body otherwise (the json-as-text-plain fault); the length is always the body's.
  const headers: Record<string, string | number> = { 'content-type': type, ...r.headers, 'content-length': Buffer.byteLength(payload) };
  if (requestId !== undefined) headers['x-coreos-request-id'] = requestId;
  res.writeHead(r.status, headers);
  res.end(payload);
  return r.status;
}
