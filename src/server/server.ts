/**
 * The request pipeline of the reference server. Every request goes, in order, through:
 * route (404) → method (405) → credentials (401) → OS1 headers (400) → the token's tenant (403) → path parameters (400) →
 * media type (415) → size (413) → UTF-8 and JSON (400) → schema (400) → the operation
 * (404 for unknown ids, 202/200). Anything unexpected is a 500 with an envelope; the process never dies.
 *
 * The pipeline is a request handler (`Pipeline`): `listen` serves it on node:http, reading each
 * body itself; a web framework may mount it instead, behind its own body parser (`mount`), and
 * hand it the body that parser read: the reference behaviour through a stack nobody here wrote.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Behaviour, MethodKnobs, Reply } from './behaviour.ts';
import type { Operation } from '../contract/index.ts';
import { Tokens, type Credentials } from './auth.ts';
import { serverContract } from './contract.ts';
import { handlers } from './handlers.ts';
import { randomUUID } from 'node:crypto';
import { acceptedReply, errorReply, isJsonContentType, MAX_BODY_BYTES, parseJson, readBody, writeReply, type RequestEcho } from './http.ts';
import { buildRoutes, matchRoute } from './router.ts';
import { Store } from './store.ts';
import { PEER_SEEDED_IDS, SEEDED_IDS, type SeededKind } from './seed.ts';
import type { ReplyContext } from './profiles.ts';
import type { ConnectionDropper } from './drop.ts';
import { bodyValidator, type BodyValidator } from './validate.ts';
import { isRecord } from '../shared/json.ts';

/** The base path of the Jobs API, as in OS1's public reference. */
export const BASE_PATH = '/core/api/v2/dispatch-service';
/** OS1's client-credentials token endpoint. */
export const AUTH_PATH = '/core/api/v1/aaa/auth/client-credentials';
/**
 * The reference server's own admin hook (no OS1 endpoint), so that the suite can see a revoked
 * token refused: `POST` with `{"token": "..."}` (RFC 7009's one token) revokes that token; with
 * no body, every token the client-credentials endpoint issued.
 */
export const REVOKE_PATH = '/reference/revoke-tokens';

export interface PipelineOptions {
  host: string;
  port: number;
  lagMs: number;
  credentials: Credentials;
  behaviour: Behaviour;
  log?: (line: string) => void;
  /** Loses the connection of every Nth request on purpose (see drop.ts). */
  dropper?: ConnectionDropper;
  /** The clock the lag is measured on (default Date.now). */
  clock?: () => number;
  /**
   * Serves the pipeline through another request listener, such as a web framework's app whose
   * own body parser reads the body and hands it on (see Pipeline); default: node:http's, the
   * pipeline reading each body itself.
   */
  mount?: (pipeline: Pipeline) => http.RequestListener;
}

/** What a body parser in front of the pipeline read: a value (undefined: no body it would parse). */
export interface ParsedBody {
  value: unknown;
}

/** The reference server's request handling, for node:http or a framework in front of it. */
export interface Pipeline {
  /** Serves a request; with `body`, the body a parser in front already read (the pipeline reads none). */
  serve(req: IncomingMessage, res: ServerResponse, body?: ParsedBody): void;
  /** Answers a request the parser in front refused (its status, an error code and why), in the server's envelope. */
  refuse(req: IncomingMessage, res: ServerResponse, status: number, code: string, description: string): void;
}

/** Starts listening; resolves with the server once it is bound. */
export function listen(options: PipelineOptions): Promise<http.Server> {
  const pipeline = createPipeline(options);
  const server = http.createServer({ keepAliveTimeout: 10_000 }, options.mount ? options.mount(pipeline) : (req, res) => pipeline.serve(req, res));
  // A request node cannot even parse (bad request line, headers too large) gets an answer too.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = JSON.stringify({ error: { code: status === 431 ? 'HEADERS_TOO_LARGE' : 'BAD_REQUEST', description: 'the request could not be parsed as HTTP' }, request: {} });
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** The pipeline on its store, tokens and behaviour. */
export function createPipeline(options: Omit<PipelineOptions, 'host' | 'port' | 'mount'>): Pipeline {
  const { contract } = serverContract();
  const behaviour = options.behaviour;
  const routes = buildRoutes(contract.operations, BASE_PATH);
  const validators = new Map<string, BodyValidator>();
  for (const [operationId, schema] of behaviour.schemas) validators.set(operationId, bodyValidator(operationId, schema));
  const store = new Store({ lagMs: options.lagMs, staleReads: behaviour.staleReads, loseUpdates: behaviour.loseUpdates, clock: options.clock });
  const tokens = new Tokens(options.credentials, behaviour.access);
  const hooks = behaviour.replyHooks;
  const sets = (ids: { jobType: readonly string[]; jobWorkflow: readonly string[] }) => ({ jobType: new Set(ids.jobType), jobWorkflow: new Set(ids.jobWorkflow) });
  const mainSeeds = sets(SEEDED_IDS);
  const peerSeeds = sets(PEER_SEEDED_IDS);
  /** Job types and workflows of a tenant: the peer's own, the seeded ones for any other; all of them when they are shared. */
  const seededFor = (tenant: string) => (kind: SeededKind, id: string) =>
    behaviour.access.jobTypesByTenant ? (tenant === options.credentials.peerTenantId ? peerSeeds : mainSeeds)[kind].has(id) : mainSeeds[kind].has(id) || peerSeeds[kind].has(id);

  /** Reads and parses a JSON body, or returns the reply that refuses it. */
  async function jsonBody(req: IncomingMessage, echo: RequestEcho): Promise<{ value: unknown } | { reply: Reply; close?: boolean }> {
    if (!behaviour.json.anyContentType && !isJsonContentType(req.headers['content-type'])) {
      return { reply: errorReply(415, 'UNSUPPORTED_MEDIA_TYPE', `Content-Type must be application/json (got ${JSON.stringify(req.headers['content-type'] ?? null)})`, echo) };
    }
    const read = await readBody(req);
    if (read.kind === 'too-large') return { reply: errorReply(413, 'PAYLOAD_TOO_LARGE', `the body is larger than ${MAX_BODY_BYTES} bytes`, echo), close: read.closeAfter };
    // The 500-over-32KiB fault: a buffer the server cannot hold, for a body any target should take.
    if (read.bytes.length > behaviour.state.serverErrorOverBytes) throw new RangeError(`body of ${read.bytes.length} bytes overflows the request buffer`);
    const parsed = parseJson(read.bytes, behaviour.json);
    // The malformed-json-202 fault: a body that is not JSON is answered as if it had been taken.
    if (parsed.kind !== 'ok' && behaviour.malformedJson === 'accept') return { reply: acceptedReply(`job:${randomUUID()}`, echo) };
    if (parsed.kind === 'bad-encoding') return { reply: errorReply(400, 'INVALID_ENCODING', 'the body is not valid UTF-8', echo) };
    if (parsed.kind === 'malformed') {
      if (behaviour.malformedJson === 'crash') throw new SyntaxError(parsed.message);
      return { reply: errorReply(400, 'MALFORMED_JSON', `the body is not JSON: ${parsed.message}`, echo) };
    }
    // The number-exponent-refused fault: a hand-written number reader that knows digits, a sign and a point.
    if (behaviour.state.refuseExponents && hasExponent(read.bytes.toString('utf8'))) return { reply: errorReply(400, 'MALFORMED_JSON', 'the body is not JSON: a number in exponent form', echo) };
    const strict = behaviour.state.strictIntegerMembers.find((name) => writtenAsFloat(read.bytes.toString('utf8'), name));
    if (strict) return { reply: errorReply(400, 'INVALID_BODY', `cannot unmarshal number into field ${strict} of type int64`, echo, { member: strict }) };
    return { value: parsed.value };
  }

  async function serve(req: IncomingMessage, echo: RequestEcho, info: ReplyContext, parsed?: ParsedBody): Promise<{ reply: Reply; close?: boolean }> {
    const method = echo.method;
    if (echo.path === AUTH_PATH) {
      if (method !== 'POST') return { reply: { ...errorReply(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here; use POST`, echo), headers: { allow: 'POST' } } };
      const body = parsed ?? (await jsonBody(req, echo));
      if ('value' in body) info.body = body.value;
      return 'reply' in body ? body : { reply: tokens.exchange(body.value, echo) };
    }
    if (echo.path === REVOKE_PATH) {
      if (method !== 'POST') return { reply: { ...errorReply(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here; use POST`, echo), headers: { allow: 'POST' } } };
      const revoked = (n: number): Reply => ({ status: 200, headers: {}, body: { data: { revoked: n }, request: echo } });
      if (parsed === undefined && !isJsonContentType(req.headers['content-type'])) return { reply: revoked(tokens.revokeIssued()) };
      const body = parsed ?? (await jsonBody(req, echo));
      if ('reply' in body) return body;
      if (body.value === undefined) return { reply: revoked(tokens.revokeIssued()) };
      const token = body.value !== null && typeof body.value === 'object' ? (body.value as { token?: unknown }).token : undefined;
      if (typeof token !== 'string') return { reply: errorReply(400, 'INVALID_BODY', 'token: a string is required (or no body, to revoke every issued token)', echo, { member: 'token', keyword: token === undefined ? 'required' : 'type' }) };
      return { reply: revoked(tokens.revoke(token) ? 1 : 0) };
    }
    const match = matchRoute(routes, behaviour.paths.decodeBeforeRouting ? resolvedPath(echo.path) : echo.path);
    if (!match) return { reply: errorReply(404, 'NOT_FOUND', `no such path: ${echo.path}`, echo) };
    const allow = [...match.route.operations.keys()].join(', ');
    const notAllowed = (): Reply => ({ ...errorReply(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${match.route.template}; use ${allow}`, echo), headers: behaviour.methods.allowHeader ? { allow } : {} });
    // A method the path does not support is refused, unless a method fault serves it as one the path has.
    const served = match.route.operations.get(method) ? { op: match.route.operations.get(method)!, refuse: false } : standIn(behaviour.methods, method, match.route.operations);
    if (!served) return { reply: notAllowed() };
    const op = served.op;
    info.operationId = op.operationId;
    let access = req.headers['x-coreos-access'];
    // The token travels in X-COREOS-ACCESS, never as Authorization: Bearer (unless a fault takes it from there).
    if ((access === undefined || access === '') && behaviour.access.bearer) access = /^Bearer\s+(\S+)$/i.exec(header(req, 'authorization') ?? '')?.[1];
    if (behaviour.auth !== 'off') {
      if (typeof access !== 'string' || access === '') return { reply: errorReply(401, 'UNAUTHORIZED', 'missing X-COREOS-ACCESS (the access token)', echo) };
      if (behaviour.auth === 'token' && !tokens.isValid(access)) return { reply: errorReply(401, 'UNAUTHORIZED', 'X-COREOS-ACCESS is not a valid access token', echo) };
    }
    const headerProblem = checkHeaders(req, op.requiredHeaders.filter((h) => !behaviour.optionalHeaders.includes(h)));
    if (headerProblem) return { reply: errorReply(400, 'INVALID_HEADER', headerProblem, echo) };
    // Every token belongs to one tenant: a request naming another tenant in X-COREOS-TID is refused.
    const tid = header(req, 'x-coreos-tid');
    const tokenTenant = typeof access === 'string' ? tokens.tenantOf(access) : undefined;
    const bound = behaviour.auth === 'token' && !behaviour.access.trustTidHeader;
    if (bound && tid !== undefined && tid !== tokenTenant) return { reply: errorReply(403, 'FORBIDDEN', 'X-COREOS-TID names another tenant than the access token belongs to', echo) };
    const tenant = (bound ? tokenTenant : tid) ?? tokenTenant ?? options.credentials.tenantId;
    if ('badParam' in match) {
      if (behaviour.paths.badEncoding === 'crash') throw new URIError('URI malformed');
      return { reply: errorReply(400, 'INVALID_PARAMETER', `${match.badParam}: not a valid percent-encoded path segment`, echo, { member: match.badParam }) };
    }
    const tooLong = Object.values(match.params).find((v) => [...v].length > behaviour.paths.crashOverLength);
    if (tooLong !== undefined) throw new RangeError(`value too long for type character varying(${behaviour.paths.crashOverLength})`);
    let body: unknown;
    const validate = validators.get(op.operationId);
    if (validate) {
      const read = parsed ?? (await jsonBody(req, echo));
      if ('reply' in read) return read;
      body = read.value;
      info.body = body;
      const views = behaviour.validationViews.get(op.operationId) ?? [];
      const violations = validate(views.reduce((b, view) => view(b), body));
      if (violations.length > 0) {
        if (behaviour.invalidBody === 'crash-on-missing' && violations.some((v) => v.keyword === 'required')) {
          throw new TypeError(`Cannot read properties of undefined (reading '${violations.find((v) => v.keyword === 'required')!.member}')`);
        }
        await actOnRefused(op, body, validate, (b) => handlers[op.operationId]!({ operationId: op.operationId, params: match.params, body: b, echo, behaviour, store, tenant, isSeeded: seededFor(tenant) }));
        const [first] = violations;
        return {
          reply: errorReply(400, 'INVALID_BODY', violations.map((v) => v.message).join('; '), echo, {
            member: first!.member,
            keyword: first!.keyword,
            ...(first!.constraint ? { constraint: first!.constraint } : {}),
            violations,
          }),
        };
      }
    }
    // The max-8-objectives fault: a limit no page documents.
    const objectives = isRecord(body) ? body.objectives : undefined;
    if (Array.isArray(objectives) && objectives.length > behaviour.state.maxObjectives) {
      return { reply: errorReply(400, 'INVALID_BODY', `objectives: at most ${behaviour.state.maxObjectives} items`, echo, { member: 'objectives', keyword: 'maxItems' }) };
    }
    // The duplicate-items-500 fault: a unique index over each array's items.
    if (behaviour.state.duplicateItemsCrash && isRecord(body) && Object.values(body).some(hasEqualItems)) throw new Error('duplicate key value violates unique constraint');
    const reply = await handlers[op.operationId]!({ operationId: op.operationId, params: match.params, body, echo, behaviour, store, tenant, isSeeded: seededFor(tenant) });
    return { reply: served.refuse ? notAllowed() : reply };
  }

  /**
   * What a write refused for its body does before its 400 under a refused-write fault: its handler
   * runs on the body, or on the bulk items that are valid alone. What that handler answers is dropped.
   */
  async function actOnRefused(op: Operation, body: unknown, validate: BodyValidator, run: (body: unknown) => unknown): Promise<void> {
    const mode = behaviour.state.refusedWrite;
    if (mode === 'nothing' || op.operationId === 'createJob') return;
    let acted = body;
    if (mode === 'valid-items-applied') {
      if (op.operationId !== 'changeJobsSubStatus' || !isRecord(body) || !Array.isArray(body.jobs)) return;
      acted = { ...body, jobs: body.jobs.filter((item) => validate({ ...body, jobs: [item] }).length === 0) };
    }
    try {
      await run(acted);
    } catch {
      // A handler that cannot make sense of an invalid body changes nothing.
    }
  }

  /** The identity of a request, echoed in every envelope, and what a profile may look at. */
  const identify = (req: IncomingMessage) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const requestId = header(req, 'x-coreos-request-id');
    const echo: RequestEcho = { requestId, tenantId: header(req, 'x-coreos-tid'), method: req.method ?? 'GET', path: q < 0 ? url : url.slice(0, q) };
    const info: ReplyContext = { echo, query: q < 0 ? '' : url.slice(q + 1), headers: req.headers };
    return { requestId, echo, info };
  };

  const answer = (req: IncomingMessage, res: ServerResponse, requestId: string | undefined, info: ReplyContext, started: number) => (contractReply: Reply, close?: boolean) => {
    if (res.headersSent || res.destroyed) return;
    // The profile shapes the reply first; faults (reply hooks) then break the shaped one.
    let reply = behaviour.profile.shape(contractReply, info);
    for (const hook of hooks) reply = hook(reply, info);
    if (close) reply = { ...reply, headers: { ...reply.headers, connection: 'close' } };
    const status = writeReply(res, reply, requestId);
    if (close) res.on('finish', () => req.destroy());
    options.log?.(`${info.echo.method} ${info.echo.path} ${status} ${(performance.now() - started).toFixed(1)}ms${requestId ? ` ${requestId}` : ''}`);
  };

  return {
    serve(req, res, parsed) {
      const started = options.log ? performance.now() : 0;
      const { requestId, echo, info } = identify(req);
      const finish = answer(req, res, requestId, info, started);
      const drop = options.dropper?.next() ? options.dropper.when : undefined;
      const lose = () => {
        options.log?.(`${echo.method} ${echo.path} connection dropped ${drop} carrying it out${requestId ? ` ${requestId}` : ''}`);
        req.socket.destroy();
      };
      if (drop === 'before') return lose();
      serve(req, echo, info, parsed).then(
        (r) => (drop === 'after' ? lose() : finish(r.reply, r.close)),
        (e: unknown) => {
          // Body stream errors (a client that went away) have no one to answer; anything else is a 500.
          if (req.destroyed && (e as NodeJS.ErrnoException)?.code === 'ECONNRESET') return;
          finish(errorReply(500, 'INTERNAL', `internal error: ${String((e as Error)?.message ?? e).split('\n')[0]}`, echo));
        },
      );
    },
    refuse(req, res, status, code, description) {
      const { requestId, echo, info } = identify(req);
      answer(req, res, requestId, info, options.log ? performance.now() : 0)(errorReply(status, code, description, echo));
    },
  };
}

/**
 * The path as a server that decodes before it routes sees it (the path-decoded-before-routing
 * fault): percent-decoded, dot segments resolved, each segment encoded again for the router.
 */
function resolvedPath(raw: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return raw;
  }
  const out: string[] = [];
  for (const segment of decoded.split('/')) {
    if (segment === '..') out.pop();
    else if (segment !== '.') out.push(segment);
  }
  return out.map(encodeURIComponent).join('/');
}

/**
 * The operation a method fault serves a method the path does not support as: an alias (`PATCH` as
 * the path's `PUT`), answered as that operation answers; or, acting then refusing, the path's
 * writing operation (its PUT, else its POST) for a body-carrying method, answered 405 all the same.
 */
function standIn(knobs: MethodKnobs, method: string, operations: Map<string, Operation>): { op: Operation; refuse: boolean } | undefined {
  const alias = knobs.aliases[method];
  if (alias && operations.has(alias)) return { op: operations.get(alias)!, refuse: false };
  if (!knobs.actThenRefuse || !['POST', 'PUT', 'PATCH'].includes(method)) return undefined;
  const writer = operations.get('PUT') ?? operations.get('POST');
  return writer ? { op: writer, refuse: true } : undefined;
}

/** Whether JSON text holds a number written with an exponent (outside its strings). */
function hasExponent(text: string): boolean {
  return /-?\d+(?:\.\d+)?[eE][+-]?\d+/.test(text.replace(/"(?:[^"\\]|\\.)*"/g, '""'));
}

/** Whether JSON text gives the member `name` a number with a fraction or an exponent (1E2, 100.0). */
function writtenAsFloat(text: string, name: string): boolean {
  return new RegExp(`"${name}"\\s*:\\s*-?\\d+(?:\\.\\d+)?[.eE]`).test(text);
}

/** Whether a value is an array with two equal items. */
function hasEqualItems(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  const seen = value.map((v) => JSON.stringify(v));
  return new Set(seen).size < seen.length;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

/** The OS1 headers an API request must carry (the operation's required header parameters); returns what is wrong, if anything. */
function checkHeaders(req: IncomingMessage, required: readonly string[]): string | undefined {
  for (const name of required) {
    if (!header(req, name.toLowerCase())) return `missing ${name}`;
  }
  const userInfo = header(req, 'x-coreos-userinfo');
  if (userInfo === undefined) return undefined;
  let info: unknown;
  try {
    info = JSON.parse(userInfo);
  } catch {
    info = undefined;
  }
  if (info === null || typeof info !== 'object' || Array.isArray(info)) return 'X-COREOS-USERINFO must be a JSON object, such as {"id":"qa","name":"conformance"}';
  return undefined;
}

