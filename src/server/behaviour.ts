/**
 * The knobs of the reference server. A correct server uses `correctBehaviour()`; each fault is a
 * small definition that turns one knob (or edits the server's own copy of one request schema).
 * Handlers read these knobs and know nothing of any single fault.
 */
import { withReadings, type JsonSchema } from '../contract/index.ts';
import { serverContract } from './contract.ts';
import type { JsonReading, Reply } from './http.ts';
import { PROFILES, type Profile, type ProfileName, type ReplyContext } from './profiles.ts';

// The reply's shape is the HTTP plumbing's (http.ts imports nothing of the server's): re-exported
// here for the handlers and faults that read it beside the knobs.
export type { Reply } from './http.ts';

export interface Behaviour {
  /** How the server answers (the contract's envelopes, or OS1's) and which readings of the pages it follows. */
  profile: Profile;
  /** The request schema each operation validates with (the contract's, the profile's reading of it, or a faulted copy). */
  schemas: Map<string, JsonSchema>;
  /**
   * Members (`<operationId>.<path>`, path as in the catalogue) whose referential check is off:
   * a faulted member accepts what its schema no longer rejects, instead of a 400/404 for
   * "unknown id" masking the fault.
   */
  relaxedMembers: string[];
  /** Check X-COREOS-ACCESS: 'token' (a known token), 'present' (any non-empty value), 'off'. */
  auth: 'token' | 'present' | 'off';
  /** What an unknown id (job, jobRef, jobTypeId) gets: a 404, a made-up 2xx, or a crash. */
  unknownId: 'reject' | 'accept' | 'crash';
  /** Operations that answer an unknown id with a 2xx `{data:{updated:0}}` and change nothing, whatever `unknownId` says. */
  acceptsUnknownIn: string[];
  /** What a body that fails its schema gets: a 400, or a crash when a required member is missing. */
  invalidBody: 'reject' | 'crash-on-missing';
  /** What a body that is not JSON gets: a 400, a 500, or a 202 with nothing done (the parser's error swallowed). */
  malformedJson: 'reject' | 'crash' | 'accept';
  /** How a body's bytes are read as JSON: strictly, or with a leeway RFC 8259 section 9 allows (the profile's, or a fault's). */
  json: JsonReading;
  /** Reads show the first version of a job forever. */
  staleReads: boolean;
  /** Updates to an existing job are acknowledged and dropped. */
  loseUpdates: boolean;
  /** createJob keeps a jobRef of its own making instead of the one given. */
  dropsJobRef: boolean;
  /**
   * What each operation's body validator is shown instead of the whole body (a fault may hide array
   * items from it, as validation code that looks at item 0 only). The handler still gets the whole body.
   */
  validationViews: Map<string, ((body: unknown) => unknown)[]>;
  /** The bulk sub-status change applies its first item only (the others are answered for and dropped). */
  bulkFirstItemOnly: boolean;
  /** OS1 headers (upper case) the server does not require, though the spec marks them required. */
  optionalHeaders: string[];
  /** How tenants are kept apart; the security faults (faults/security.ts) turn these. */
  access: AccessKnobs;
  /** Rewrite every reply just before it is written, after the profile shaped it (envelope and status faults). */
  replyHooks: ((reply: Reply, ctx: ReplyContext) => Reply)[];
  /** Run after every fault is applied (schema edits that must see the final tree). */
  finalizers: (() => void)[];
  /** What the server keeps of a write, how it parses, and where it may race; the state faults (faults/state.ts) turn these. */
  state: StateKnobs;
  /** How a method the path does not support is answered; the method faults (faults/methods.ts) turn these. */
  methods: MethodKnobs;
  /** How path parameters are read; the path faults (faults/paths.ts) turn these. */
  paths: PathKnobs;
}

export interface PathKnobs {
  /** A path parameter that does not percent-decode: a 400, or a crash (the decoder's error let through). */
  badEncoding: 'reject' | 'crash';
  /** The whole path is percent-decoded and its dot segments resolved before it is routed (an encoded slash splits a parameter). */
  decodeBeforeRouting: boolean;
  /** A path parameter longer than this crashes the store (a column of that width); Infinity: none. */
  crashOverLength: number;
}

export interface MethodKnobs {
  /** A 405 carries an Allow header naming the path's methods (RFC 9110). */
  allowHeader: boolean;
  /** Methods served as another method of the same path (`PATCH` as `PUT`), though the spec gives the path no such method. */
  aliases: Record<string, string>;
  /** A body-carrying method the path does not support is carried out as the path's writing operation, then answered 405. */
  actThenRefuse: boolean;
}

export interface StateKnobs {
  /** A sub-status change on a completed job sets its status back to the status of a new job. */
  subStatusReopens: boolean;
  /** Sub-statuses are stored trimmed. */
  trimSubStatus: boolean;
  /** Objectives' location and contact strings are stored in Unicode NFC. */
  nfcLocationContact: boolean;
  /** Epoch milliseconds (13 digits) are stored as seconds. */
  epochMsToSeconds: boolean;
  /** A body with more objectives than this is refused (400); Infinity: no limit. */
  maxObjectives: number;
  /** A body larger than this many bytes gets a 500; Infinity: none. */
  serverErrorOverBytes: number;
  /** Race knob: a createJob waits this long before it stores, and a create in flight meanwhile is given the same id (0: none). */
  createIdRaceMs: number;
  /** Race knob: updateJobById reads the job, waits this long, and writes its stale copy back with its change (0: none). */
  staleWriteBackMs: number;
  /**
   * What a write refused for its body (400) does before it is answered: nothing; its handler runs
   * on the body all the same (`applied`); or, in a bulk change, the items valid on their own are
   * applied (`valid-items-applied`).
   */
  refusedWrite: 'nothing' | 'applied' | 'valid-items-applied';
  /** createJob answers a body equal to an earlier one (no jobRef) with the earlier job's id, and makes no job. */
  createDedups: boolean;
  /** createJob with the jobRef of an existing job of the tenant overwrites that job and answers with its id. */
  createUpsertsByRef: boolean;
  /** updateJobById adds the objectives whose objectiveRef the job already has instead of replacing them (a repeat doubles them). */
  updateAppendsKnownObjectives: boolean;
  /** A body with two equal items in one of its arrays crashes the store (a unique index). */
  duplicateItemsCrash: boolean;
  /** The body parser refuses numbers written with an exponent (1E2, 1e308, 5e-324). */
  refuseExponents: boolean;
  /** Members (by name) decoded into a 64-bit integer that refuses 1E2 and 100.0, as Go's encoding/json does. */
  strictIntegerMembers: string[];
  /** scheduledFor.startDateTime is stored as an integer (its fraction dropped: a bigint column). */
  truncateStartDateTime: boolean;
}

export interface AccessKnobs {
  /** getJob serves a job of another tenant than the request's. */
  readIgnoresTenant: boolean;
  /** The request's tenant is X-COREOS-TID's, whatever tenant the token belongs to. */
  trustTidHeader: boolean;
  /** The bulk sub-status change applies items that name another tenant's jobs. */
  bulkSkipsTenant: boolean;
  /** Members the server owns that createJob takes from the body. */
  createTakes: ('jobId' | 'status' | 'tenantId')[];
  /** A token sent only as `Authorization: Bearer` is taken as if sent in X-COREOS-ACCESS. */
  bearer: boolean;
  /** Job types and workflows belong to a tenant (true, the default) or every tenant sees every seeded one. */
  jobTypesByTenant: boolean;
  /** How a presented token is matched to a known one: exactly, ignoring case (a collation), or as any text it starts (a prefix compare). */
  tokenMatch: 'exact' | 'case-insensitive' | 'prefix';
  /** Issued tokens stop working after their expiresIn (true, the default). */
  tokensExpire: boolean;
}

/** The reference server as the contract (or, with the os1 profile, OS1's reference) says. */
export function correctBehaviour(profileName: ProfileName = 'contract'): Behaviour {
  const { contract } = serverContract();
  const profile = PROFILES[profileName];
  const schemas = new Map<string, JsonSchema>();
  for (const op of contract.operations) {
    if (!op.requestSchema) continue;
    const follows = op.readings.some((r) => profile.readings.includes(r.id));
    schemas.set(op.operationId, follows ? withReadings(op.requestSchema, profile.readings, (p, problem) => new Error(`profile ${profile.name}: ${p}: ${problem}`)) : op.requestSchema);
  }
  return {
    profile,
    schemas,
    relaxedMembers: [],
    auth: 'token',
    unknownId: 'reject',
    acceptsUnknownIn: [],
    invalidBody: 'reject',
    malformedJson: 'reject',
    json: { ...profile.json },
    staleReads: false,
    loseUpdates: false,
    dropsJobRef: false,
    validationViews: new Map(),
    bulkFirstItemOnly: false,
    optionalHeaders: [],
    access: { readIgnoresTenant: false, trustTidHeader: false, bulkSkipsTenant: false, createTakes: [], bearer: false, jobTypesByTenant: true, tokenMatch: 'exact', tokensExpire: true },
    replyHooks: [],
    finalizers: [],
    state: {
      subStatusReopens: false,
      trimSubStatus: false,
      nfcLocationContact: false,
      epochMsToSeconds: false,
      maxObjectives: Number.POSITIVE_INFINITY,
      serverErrorOverBytes: Number.POSITIVE_INFINITY,
      createIdRaceMs: 0,
      staleWriteBackMs: 0,
      refusedWrite: 'nothing',
      createDedups: false,
      createUpsertsByRef: false,
      updateAppendsKnownObjectives: false,
      duplicateItemsCrash: false,
      refuseExponents: false,
      strictIntegerMembers: [],
      truncateStartDateTime: false,
    },
    methods: { allowHeader: true, aliases: {}, actThenRefuse: false },
    paths: { badEncoding: 'reject', decodeBeforeRouting: false, crashOverLength: Number.POSITIVE_INFINITY },
  };
}

/**
 * The server's own, editable copy of an operation's request schema. The first edit clones the
 * contract's tree, so the shared contract is never changed.
 */
export function editableSchema(b: Behaviour, operationId: string): JsonSchema {
  const { contract } = serverContract();
  const current = b.schemas.get(operationId);
  if (!current) throw new Error(`operation ${operationId} has no request schema`);
  if (current !== contract.operation(operationId).requestSchema) return current;
  const copy = structuredClone(current);
  b.schemas.set(operationId, copy);
  return copy;
}

/** True when the referential check of a member is switched off by a fault at it or above it. */
export function isRelaxed(b: Behaviour, operationId: string, memberPath: string): boolean {
  if (b.relaxedMembers.length === 0) return false;
  const member = `${operationId}.${memberPath}`;
  return b.relaxedMembers.some((p) => p === `${operationId}.body` || member === p || member.startsWith(p + '.') || member.startsWith(p + '['));
}
