/**
 * The rules that are not catalogue constraints: what the HTTP contract says of statuses, envelopes,
 * credentials, unknown ids, bodies that are not JSON and reads after writes. Each says where it
 * comes from (see dispatch-contract.md and os1-reference.md), as data: the recorder reads the
 * provenance from here, and the gate (src/results/gate.ts) decides what a broken one means.
 */
import type { Provenance } from '../contract/index.ts';
import { CHECKS } from '../results/model.ts';

export interface Rule {
  /** The row id, `check:<name>` (the suite adds `.<operationId>`). */
  id: string;
  /** What a conforming target does, e.g. `never answers with a 5xx`. */
  describe: string;
  provenance: Provenance;
  /** The sentence the rule comes from. */
  source: string;
  /** Parts of the rule whose provenance differs from the rule's, each with its sentence. */
  parts?: Record<string, { provenance: Provenance; source: string }>;
  /** For an access rule: the OWASP API Security Top 10 (2023) item it comes from, e.g. `API1:2023`. */
  owasp?: string;
}

export const RULES = {
  no5xx: {
    id: CHECKS.no5xx,
    describe: 'never answers with a 5xx',
    provenance: 'reference',
    source: "OS1's API reference documents 2xx and 4xx answers only (400, 401, 404; 403 on the platform's auth page): a 5xx is the server's own failure.",
  },
  documentedStatus: {
    id: CHECKS.documentedStatus,
    describe: 'answers only with documented status codes',
    provenance: 'reference',
    source: "OS1's API reference: a write is answered 200 or 202 (its summary tables and its responses sections disagree, so both are documented), a read 200, a rejection 400, 401, 403 or 404; 413 for a body larger than the target takes (dispatch-contract.md, State: a body too large for the target gets 413 or 400; RFC 9110 section 15.5.14); 415 for a wrong content type is this project's pin.",
  },
  successEnvelope: {
    id: CHECKS.successEnvelope,
    describe: 'answers 2xx with a JSON object in the documented envelope',
    provenance: 'reference',
    source: "OS1's API reference: every answer is a JSON object ({error, request, data}; an error member with empty strings is normal on success), and a read carries data. That a write's data holds the entity's id is this project's pin (assumed).",
  },
  errorEnvelope: {
    id: CHECKS.errorEnvelope,
    describe: 'answers 4xx with the JSON error envelope (error.code, error.description)',
    provenance: 'reference',
    source: "OS1's API reference: error answers carry error.code, error.description (and additionalInfo) and the request.",
  },
  unknownId: {
    id: CHECKS.unknownId,
    describe: 'answers 404 for an unknown id',
    provenance: 'reference',
    source: "OS1's API reference: 404 \"the requested resource doesn't exist\".",
  },
  auth: {
    id: CHECKS.auth,
    describe: 'answers 401 without or with a wrong X-COREOS-ACCESS',
    provenance: 'reference',
    source: "OS1's API reference: X-COREOS-ACCESS is required; 401 \"no valid API key\".",
  },
  malformedBody: {
    id: CHECKS.malformedBody,
    describe: 'refuses a body that is not one JSON value (trailing text, two values, comments, single quotes, NaN, a BOM, truncation, invalid UTF-8, empty) with 400 (415 for a wrong content type)',
    provenance: 'reference',
    source:
      "OS1's API reference documents only 2xx and 4xx answers: a 5xx to a body that is not JSON is the server's failure. What a target does with such a body is judged by the parts.",
    parts: {
      form: {
        provenance: 'assumed',
        source:
          'dispatch-contract.md (State): a body that is not one JSON value should be refused, but taking one (trailing text, two values, a comment, single quotes, NaN, a byte-order mark, invalid UTF-8, JSON sent as text/plain) is a deviation, never a violation: RFC 8259 section 9 says "a JSON parser MAY accept non-JSON forms or extensions", and mainstream stacks do.',
      },
      noValue: {
        provenance: 'documented',
        source:
          'dispatch-contract.md (State): a body with no JSON value at all (empty, truncated, text that is not JSON) carries none of the members How to: Manage Jobs lists as required: taking it takes a request without them.',
      },
      status: {
        provenance: 'assumed',
        source: 'dispatch-contract.md pins 400 for a body that is not JSON, or 415 for a wrong content type; no page says which 4xx.',
      },
    },
  },
  readAfterWrite: {
    id: CHECKS.readAfterWrite,
    describe: 'is reflected by the next reads',
    provenance: 'reference',
    source:
      "OS1's API reference: Get job returns the job (jobId, jobRef, jobTypeId, status among its members) and writes are asynchronous. A member a read leaves out is not judged; one read back with another value, or a written item missing from a collection the read returns, is.",
  },
  statusPrecision: {
    id: CHECKS.statusPrecision,
    describe: 'rejects a body that breaks a documented constraint with the status documented for it (400)',
    provenance: 'reference',
    source:
      "OS1's API reference gives each code one meaning: 400 \"unacceptable, often a missing required parameter\", 401 \"no valid API key\", 404 \"the requested resource doesn't exist\". A body that breaks a documented constraint, sent to a resource that exists with a valid token, is the 400 case (the responses' x-answers in the spec).",
    parts: {
      identifier: {
        provenance: 'assumed',
        source:
          "Where the invalid member is itself the identifier of the job the request acts on (a jobRef too long to name any job), 404 is a defensible answer: that the body's check comes first, and so 400, is this project's pin.",
      },
    },
  },
  requiredHeaders: {
    id: CHECKS.requiredHeaders,
    describe: 'refuses a request without a required header (4xx)',
    provenance: 'reference',
    source:
      "OS1's API reference marks X-COREOS-REQUEST-ID, X-COREOS-TID, X-COREOS-USERINFO and X-COREOS-ACCESS required (the sub-status and get-job pages; the get-job description table names X-USER-ID and X-USER-NAME instead). A request without one is refused; without X-COREOS-ACCESS with 401 (check:auth). DISPATCH_REQUIRED_HEADERS narrows or widens the list for a deployment.",
  },
  unknownReference: {
    id: CHECKS.unknownReference,
    describe: 'rejects a well-formed id that names nothing (4xx)',
    provenance: 'documented',
    source:
      'How to: Manage Jobs gives these members as ids of entities (jobTypeId: ID of the Job Type; jobWorkflowId: ID of the Job Workflow; objectives > location: Location ID; objectives > contact: Contact ID): an id that names no entity is no such id. Locations and contacts are judged only where DISPATCH_LOCATION_IDS / DISPATCH_CONTACT_IDS say the target keeps them.',
  },
  acceptsValid: {
    id: CHECKS.acceptsValid,
    describe: 'accepts random valid bodies',
    provenance: 'documented',
    source: 'How to: Manage Jobs: a body whose members keep every documented type and limit is a valid request.',
  },
  tenantIsolation: {
    id: CHECKS.tenantIsolation,
    describe: "refuses another tenant's token on the run's job (401, 403 or 404, never 2xx) and leaves the job unchanged",
    provenance: 'security',
    owasp: 'API1:2023',
    source:
      "OWASP API1:2023 Broken Object Level Authorization. dispatch-contract.md (Tenants and access): every job belongs to the tenant that created it; no tenant reads or changes another tenant's job by any operation, by id, by jobRef or inside a bulk change: refused (401, 403 or 404) or, inside a bulk, not applied; the owner's read shows the job unchanged. Job types are judged only where DISPATCH_JOB_TYPES_BY_TENANT says the deployment scopes them by tenant.",
  },
  tenantBinding: {
    id: CHECKS.tenantBinding,
    describe: "refuses a token sent with another tenant's X-COREOS-TID (401, 403 or 404, never 2xx), both ways, and changes nothing",
    provenance: 'security',
    owasp: 'API1:2023',
    source:
      "OWASP API1:2023 Broken Object Level Authorization. dispatch-contract.md (Tenants and access): every token belongs to one tenant; a request whose X-COREOS-TID names another tenant than its token's is refused (401 or 403); a 404 (the job is not the token tenant's) refuses it too.",
  },
  tokenVariants: {
    id: CHECKS.tokenVariants,
    describe: 'answers 401 to an empty, altered, never-issued, Bearer-only or revoked token, and changes nothing',
    provenance: 'security',
    owasp: 'API2:2023',
    source:
      "OWASP API2:2023 Broken Authentication. dispatch-contract.md: the access token travels in X-COREOS-ACCESS (not Authorization: Bearer); only a token the target issued, unchanged, gets in: an empty, altered, never-issued or revoked token gets 401. OS1's API reference: 401 \"no valid API key\".",
  },
  massAssignment: {
    id: CHECKS.massAssignment,
    describe: 'never takes a member the server owns (jobId, status, tenantId, entityMeta, createdAt) from a request body',
    provenance: 'security',
    owasp: 'API3:2023',
    source:
      "OWASP API3:2023 Broken Object Property Level Authorization (mass assignment). dispatch-contract.md: members the server owns (jobId, status, tenantId, entity metadata, timestamps) are never taken from a request body: refused or ignored. The job a body's jobId names stays unchanged; a new job has a server-assigned id, the caller's tenant and the status a new job gets.",
  },
  errorLeak: {
    id: CHECKS.errorLeak,
    describe: 'answers errors without a stack trace, a source path or an exception name',
    provenance: 'assumed',
    owasp: 'API8:2023',
    source:
      'OWASP API8:2023 Security Misconfiguration: error answers that carry stack traces expose the implementation. dispatch-contract.md (Tenants and access) says error answers carry none; no page of OS1 says it, so a target that does deviates (a violation under --strict).',
  },
  frame: {
    id: CHECKS.frame,
    describe: 'changes only the members a write sets (the others read back as they were)',
    provenance: 'reference',
    source:
      "How to: Manage Jobs and OS1's API reference describe each write by the members it sets (a sub-status change sets subStatus, a status change status and, when given, subStatus; an update by id objectives, scheduledFor and assets); Get job returns the job's members. A member a write does not set reads back as it was. Members the pages leave open (subStatus after a status change that gives none) are not judged.",
  },
  roundTrip: {
    id: CHECKS.roundTrip,
    describe: 'returns each written value exactly (same code points, same number)',
    provenance: 'reference',
    source:
      "OS1's API reference: Get job returns the job's members as written (strings and numbers of JSON, RFC 8259). Nothing on the pages trims, folds or normalises a string, or rescales a number: spaces, decomposed sequences, joiners, case, epoch milliseconds and integers up to 2^53 read back as sent.",
  },
  concurrentCreate: {
    id: CHECKS.concurrentCreate,
    describe: 'makes K distinct jobs of K createJob requests in flight at once, each reading back its own jobRef and body',
    provenance: 'reference',
    source:
      "OS1's API reference: createJob answers 202 with the new job's id: each accepted create is a job of its own (jobRef: Job Reference). Requests in flight at once are requests all the same.",
  },
  concurrentWrites: {
    id: CHECKS.concurrentWrites,
    describe: 'keeps both of two acknowledged writes to one job sent at once (on one member, one of the two)',
    provenance: 'reference',
    source:
      "OS1's API reference: 202 means the write is accepted and will be applied. An acknowledged write whose effect disappears without a later write to that member is lost.",
  },
  bodySize: {
    id: CHECKS.bodySize,
    describe: 'accepts valid bodies of 1 to 200 array items and about 256 KiB, and answers a body of several MiB with a 4xx',
    provenance: 'documented',
    source:
      'How to: Manage Jobs gives objectives, assets, attributes and jobs as arrays with no maxItems and the body no size limit: a valid body of any size the suite sends is a valid request. A body far past any sensible limit is refused with a 4xx (413 or 400), never a 5xx or no answer (reference: OS1 documents 4xx refusals only).',
    parts: {
      sizeLimit: {
        provenance: 'assumed',
        source:
          "dispatch-contract.md (State): a body too large for the target gets a 4xx (413 or 400). A target may cap a body's bytes (RFC 9110 section 15.5.14, 413 Content Too Large; Express's JSON parser takes 100 KiB by default): that it takes the suite's 256 KiB body is this project's pin (a team that accepts its limit baselines it). A refusal of another kind, or of an array for its length, breaks the documented rule.",
      },
      huge: {
        provenance: 'assumed',
        source: 'dispatch-contract.md (State): a body too large for the target gets a 4xx; that a target refuses one of several MiB, rather than take it, is this project\'s pin.',
      },
    },
  },
} as const satisfies Record<keyof typeof CHECKS, Rule>;
