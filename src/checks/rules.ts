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
      "OWASP API2:2023 Broken Authentication. dispatch-contract.md: the access token travels in X-COREOS-ACCESS (not as an Authorization bearer token); only a token the target issued, unchanged, gets in: an empty, altered, never-issued or revoked token gets 401. OS1's API reference: 401 \"no valid API key\".",
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
  refusedWrite: {
    id: CHECKS.refusedWrite,
    describe: 'leaves the job (or job type) a write named exactly as it was when it refuses the write with a 4xx',
    provenance: 'reference',
    source:
      "OS1's API reference: 400 \"unacceptable, often a missing required parameter\"; a write is applied when it is accepted (202: accepted and will be applied). A write the target refuses is not applied, in part or in whole: a body whose last member breaks a documented constraint leaves the members before it unwritten too (EvoMaster's fault category: a failed PUT or PATCH that still changes state). The job is read back and compared member by member with its read before.",
  },
  repeatedCreate: {
    id: CHECKS.repeatedCreate,
    describe: 'makes a new job of each accepted create, or refuses it: the same body twice gives two jobs (or a refusal), another body with an existing jobRef a new job (or a refusal), and the earlier job is never changed',
    provenance: 'reference',
    source:
      "OS1's API reference: createJob answers 202 with the new job's id: each accepted create is a job of its own, which reads back the body it was made of (dispatch-contract.md: each createJob makes a new job). A jobRef names a job (updateJob finds the job by it), so a target may refuse a second job with an existing jobRef; no page lets a create change another job, or answer with an earlier job's id for a body it did not apply.",
  },
  repeatedUpdate: {
    id: CHECKS.repeatedUpdate,
    describe: 'leaves the job as one update does when the same update by id is sent twice (idempotent)',
    provenance: 'reference',
    source:
      'RFC 9110 section 9.2.2: "A request method is considered idempotent if the intended effect on the server of multiple identical requests with that method is the same as the effect for a single such request. Of the request methods defined by this specification, PUT, DELETE, and safe request methods are idempotent." updateJobById is a PUT: after the second, the job reads back the body exactly as after the first (server-owned metadata aside).',
  },
  duplicateItems: {
    id: CHECKS.duplicateItems,
    describe: 'refuses (4xx) or takes a body with two equal items in one array (objectives, assets, attributes, bulk items), never a 5xx',
    provenance: 'reference',
    source:
      "How to: Manage Jobs gives objectives, assets, attributes and jobs as arrays with no uniqueItems, and no page says whether equal items are refused: either answer is the target's choice. OS1's API reference documents 2xx and 4xx answers only: a 5xx is the server's own failure.",
  },
  numberEdges: {
    id: CHECKS.numberEdges,
    describe: 'accepts every value the schemas give a numeric member at the edges of JSON numbers (-0, fractions, exponent forms, 2^53, 1e308, 5e-324) and reads it back as the same number; refuses the ones they do not; never a 5xx',
    provenance: 'reference',
    source:
      'RFC 8259 section 6: "A number is represented in base 10 using decimal digits. It contains an integer component that may be prefixed with an optional minus sign, which may be followed by a fraction part and/or an exponent part" and "good interoperability can be achieved by implementations that expect no more precision or range than [IEEE 754 binary64] provide[s]". The schemas give startDateTime the type number and no range, and the timeslot\'s from and to integers of at least 1: every finite number binary64 holds is a startDateTime, read back as the same number (OS1\'s API reference: Get job returns the job\'s members as written). Past 2^53 (an integer member) or binary64 (1e309) what a target does is its own: noted, never judged but for a 5xx.',
    parts: {
      invalid: {
        provenance: 'documented',
        source: 'How to: Manage Jobs: objectives > timeslot > from and to are integer($int64) minimum: 1; a fraction, -0 or 5e-324 there is no such value, and must be refused as the catalogue\'s type and minimum constraints say.',
      },
      integerForms: {
        provenance: 'assumed',
        source: 'JSON Schema counts 1E2 and 100.0 as integers (a number with a zero fractional part), so the schemas take them for from and to; that a target\'s int64 decoding does too is this project\'s reading (Go\'s encoding/json refuses both): refusing one is a deviation.',
      },
    },
  },
  tokenExpiry: {
    id: CHECKS.tokenExpiry,
    describe: 'answers 401 to a client-credentials token kept past its expiresIn, and changes nothing',
    provenance: 'security',
    owasp: 'API2:2023',
    source:
      "OWASP API2:2023 Broken Authentication. dispatch-contract.md: OS1 client credentials answer {accessToken, tokenType, expiresIn}; only a token the target issued, unchanged, gets in. A token past the lifetime its issuer gave it is no longer one the target issued for now: 401 (OS1's API reference: \"no valid API key\"). Tried when the run outlives a token, or when CONFORMANCE_TOKEN_WAIT_S allows the wait; untested otherwise.",
  },
  contentType: {
    id: CHECKS.contentType,
    describe: 'labels every answer with a body application/json (or a +json media type)',
    provenance: 'reference',
    source:
      "OS1's API reference shows every answer, success and error, as application/json, and the spec's responses give application/json content. RFC 6839 section 3.1: a media type of the +json structured syntax suffix is JSON too (application/problem+json).",
  },
  credentialEcho: {
    id: CHECKS.credentialEcho,
    describe: "never carries the caller's credentials (access token, issued token, client secret) in an answer",
    provenance: 'security',
    owasp: 'API8:2023',
    source:
      "OWASP API8:2023 Security Misconfiguration: an answer that echoes the caller's credentials (request headers copied into a debug echo, a token quoted in a message) puts them wherever answers are logged or cached. OS1's API reference echoes the request's uri, method, queryString and body, never its headers.",
  },
  os1ErrorEnvelope: {
    id: CHECKS.os1ErrorEnvelope,
    describe: "answers a 4xx in OS1's error envelope whole: a 12-digit string code, a description, additionalInfo, and the request's uri and method echoed",
    provenance: 'reference',
    source:
      "os1-reference.md (OS1's API reference): error answers carry error.code, error.description, error.additionalInfo, and request echoes uri, method, queryString and body; error codes are 12-digit strings (4 digits of service, 4 of method, 4 of the error, e.g. 100910051022). Judged where an answer is in that envelope (an additionalInfo, or a code of ten digits or more); another envelope is the error-envelope check's.",
  },
  pathParameters: {
    id: CHECKS.pathParameters,
    describe: 'answers a path parameter that names no entity (broken percent-encoding, an encoded slash, dot segments, too long, non-ASCII, white space, a NUL, an id of another kind) with 400 or 404; never a 5xx, never another entity\'s data, and changes nothing',
    provenance: 'reference',
    source:
      'OS1\'s API reference: Get job is GET {base}/jobs/{jobId} and returns the job whose id the path names; 400 "unacceptable, often a missing required parameter", 404 "the requested resource doesn\'t exist". RFC 3986 section 2.1: "A percent-encoded octet is encoded as a character triplet, consisting of the percent character \"%\" followed by the two hexadecimal digits"; section 5.2.4 removes dot segments, so a dot-segment id may name another resource of the API (405 there is an answer too), and RFC 9110 section 15.5.15 lets a server refuse a URI longer than it will interpret with 414.',
    parts: {
      status: {
        provenance: 'assumed',
        source: 'Which 4xx refuses a path parameter that names nothing is pinned here (400 or 404); another refusal (403 from a gateway, 422) is only a deviation.',
      },
    },
  },
  unsupportedMethod: {
    id: CHECKS.unsupportedMethod,
    describe: 'answers a method the spec does not give the path with 405 and an Allow header naming the path\'s methods, or 404; never a 5xx, and changes nothing',
    provenance: 'reference',
    source:
      'RFC 9110 section 15.5.6: "The 405 (Method Not Allowed) status code indicates that the method received in the request-line is known by the origin server but not supported by the target resource. The origin server MUST generate an Allow header field in a 405 response containing a list of the target resource\'s currently supported methods." A method not supported is not carried out: the job the path names reads back as it was. OS1\'s API reference: 404 "the requested resource doesn\'t exist", as good an answer for a method a deployment routes nowhere. HEAD where the path has GET (section 9.3.2: "identical to GET except that the server MUST NOT send content") and OPTIONS (section 9.3.7) may be answered 2xx; an Allow they carry names the path\'s methods too.',
    parts: {
      accepted: {
        provenance: 'assumed',
        source: 'No page of OS1 says a method the spec does not document is refused: that a deployment answers it with a 4xx, and does not act on it, is this project\'s pin (a 2xx is a deviation, with what it changed).',
      },
      status: {
        provenance: 'assumed',
        source: 'Which 4xx refuses a method the path does not support is pinned here (405, or 404 as OS1 deployments answer); another refusal (400, 403 from a gateway) is only a deviation.',
      },
      notImplemented: {
        provenance: 'assumed',
        source: 'RFC 9110 section 15.6.2: 501 (Not Implemented) "is the appropriate response when the server does not recognize the request method and is not capable of supporting it for any resource": a deviation from the 405 or 404 pinned here, not a server failure.',
      },
    },
  },
  responseTime: {
    id: CHECKS.responseTime,
    describe: 'answers within DISPATCH_MAX_RESPONSE_MS',
    provenance: 'assumed',
    source:
      "No page of OS1 states a response time. DISPATCH_MAX_RESPONSE_MS is the team's own bound for its deployment: an answer slower than it is a deviation (--strict makes it fail), timed from the request's first byte sent to the answer's last received, on the suite's machine.",
  },
} as const satisfies Record<keyof typeof CHECKS, Rule>;
