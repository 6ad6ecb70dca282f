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
    source: "OS1's API reference: a write is answered 200 or 202 (its summary tables and its responses sections disagree, so both are documented), a read 200, a rejection 400, 401, 403 or 404; 415 for a wrong content type is this project's pin.",
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
    describe: 'rejects a body that is not JSON with 400 (415 for a wrong content type)',
    provenance: 'assumed',
    source: 'dispatch-contract.md pins 400 for a body that is not JSON, or 415 for a wrong content type; no page says it.',
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
} as const satisfies Record<keyof typeof CHECKS, Rule>;
