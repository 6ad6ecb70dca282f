/**
 * State faults: what is read does not follow what was written, or unknown ids are "found"; a write
 * that changes what it does not set, values not kept exactly, writers that race, limits no page
 * documents, a parser that reads less than the whole body.
 */
import { CHECKS } from '../../results/model.ts';
import { serverContract } from '../contract.ts';
import type { Fault } from './types.ts';

/** The names of the members the schemas type integer (a timeslot's from and to). */
function integerMemberNames(): string[] {
  const { catalogue } = serverContract();
  return [...new Set(catalogue.filter((c) => c.keyword === 'type' && c.limit === 'integer').map((c) => c.path.split('.').pop()!))];
}

export const stateFaults: Fault[] = [
  {
    name: 'stale-read',
    description: 'getJob always shows the job as it was created: updates are never visible to reads',
    detectedBy: CHECKS.readAfterWrite,
    family: 'state',
    apply: (b) => void (b.staleReads = true),
  },
  {
    name: 'lost-update',
    description: 'updates of an existing job are answered 202 and then dropped',
    detectedBy: CHECKS.readAfterWrite,
    family: 'state',
    apply: (b) => void (b.loseUpdates = true),
  },
  {
    name: 'bulk-first-item-only',
    description: 'the bulk sub-status change is answered for every item but applies only the first: the other jobs keep their sub-status',
    detectedBy: `${CHECKS.readAfterWrite}.changeJobsSubStatus`,
    family: 'state',
    apply: (b) => void (b.bulkFirstItemOnly = true),
  },
  {
    name: 'createJob:drops-jobRef',
    description: 'createJob answers 202 but keeps a jobRef of its own instead of the one given: updateJob by that jobRef then finds no job',
    detectedBy: `${CHECKS.readAfterWrite}.createJob`,
    family: 'state',
    apply: (b) => void (b.dropsJobRef = true),
  },
  {
    name: 'unknown-id-2xx',
    description: 'an unknown jobId, jobRef or jobTypeId is answered 2xx (a made-up job, an empty list, an accepted write)',
    detectedBy: CHECKS.unknownId,
    family: 'state',
    apply: (b) => void (b.unknownId = 'accept'),
  },
  {
    name: 'updateJob:unknown-jobRef-202',
    description: 'updateJob answers 202 {"data":{"updated":0}} for a jobRef no job of the tenant carries, and changes nothing: another tenant\'s jobRef is then "accepted" too, which is this fault and no isolation breach',
    detectedBy: `${CHECKS.unknownId}.updateJob`,
    family: 'state',
    apply: (b) => void b.acceptsUnknownIn.push('updateJob'),
  },
  {
    name: 'sub-status-reopens',
    description: 'a sub-status change on a completed job sets its status back to CREATED',
    detectedBy: `${CHECKS.frame}.changeJobSubStatus`,
    family: 'state',
    apply: (b) => void (b.state.subStatusReopens = true),
  },
  {
    name: 'trim-sub-status',
    description: 'sub-statuses are stored trimmed (" Arrived " reads back as "Arrived")',
    detectedBy: CHECKS.roundTrip,
    family: 'state',
    apply: (b) => void (b.state.trimSubStatus = true),
  },
  {
    name: 'nfc-location-contact',
    description: "objectives' location and contact are stored in Unicode NFC (a decomposed sequence reads back composed)",
    detectedBy: CHECKS.roundTrip,
    family: 'state',
    apply: (b) => void (b.state.nfcLocationContact = true),
  },
  {
    name: 'epoch-ms-to-seconds',
    description: 'epoch milliseconds in scheduledFor and timeslots are stored as seconds',
    detectedBy: CHECKS.roundTrip,
    family: 'state',
    apply: (b) => void (b.state.epochMsToSeconds = true),
  },
  {
    name: 'concurrent-create-same-id',
    description: 'two createJob requests in flight at the same moment get the same jobId (the second overwrites the first); sequential creates never collide',
    detectedBy: CHECKS.concurrentCreate,
    family: 'state',
    apply: (b) => void (b.state.createIdRaceMs = 50),
  },
  {
    name: 'stale-write-back',
    description: 'updateJobById reads the job, waits, and writes its stale copy back, losing a sub-status change acknowledged meanwhile',
    detectedBy: CHECKS.concurrentWrites,
    family: 'state',
    apply: (b) => void (b.state.staleWriteBackMs = 100),
  },
  {
    name: 'max-8-objectives',
    description: 'a body with more than 8 objectives is refused with 400 (a limit no page documents)',
    detectedBy: CHECKS.bodySize,
    family: 'state',
    apply: (b) => void (b.state.maxObjectives = 8),
  },
  {
    name: '500-over-32KiB',
    description: 'any body over 32 KiB gets a 500',
    detectedBy: CHECKS.bodySize,
    family: 'state',
    apply: (b) => void (b.state.serverErrorOverBytes = 32 * 1024),
  },
  {
    name: 'refused-write-applied',
    description: 'a write refused with 400 for its body is carried out all the same (the handler runs before the answer is chosen)',
    detectedBy: CHECKS.refusedWrite,
    family: 'state',
    apply: (b) => void (b.state.refusedWrite = 'applied'),
  },
  {
    name: 'bulk-applies-valid-items',
    description: 'a bulk sub-status change refused with 400 for one invalid item applies the items that are valid on their own',
    detectedBy: `${CHECKS.refusedWrite}.changeJobsSubStatus`,
    family: 'state',
    apply: (b) => void (b.state.refusedWrite = 'valid-items-applied'),
  },
  {
    name: 'create-dedups-equal-bodies',
    description: "createJob answers a body equal to an earlier one (no jobRef) with the earlier job's id and makes no job (a cache keyed by the body)",
    detectedBy: `${CHECKS.repeatedCreate}.createJob`,
    family: 'state',
    apply: (b) => void (b.state.createDedups = true),
  },
  {
    name: 'create-upserts-by-jobRef',
    description: "createJob with the jobRef of an existing job overwrites that job's members and answers with its id (an upsert by jobRef)",
    detectedBy: `${CHECKS.repeatedCreate}.createJob`,
    family: 'state',
    apply: (b) => void (b.state.createUpsertsByRef = true),
  },
  {
    name: 'update-appends-known-objectives',
    description: 'updateJobById adds the objectives whose objectiveRef the job already has instead of replacing them: the same update twice doubles them',
    detectedBy: `${CHECKS.repeatedUpdate}.updateJobById`,
    family: 'state',
    apply: (b) => void (b.state.updateAppendsKnownObjectives = true),
  },
  {
    name: 'duplicate-items-500',
    description: 'a body with two equal items in one of its arrays (objectives, assets, attributes, bulk items) gets a 500 (a unique index)',
    detectedBy: CHECKS.duplicateItems,
    family: 'state',
    apply: (b) => void (b.state.duplicateItemsCrash = true),
  },
  {
    name: 'number-exponent-refused',
    description: 'a body with a number written with an exponent (1E2, 1e308, 5e-324) is refused with 400: a number reader that knows digits, a sign and a point',
    detectedBy: CHECKS.numberEdges,
    family: 'state',
    apply: (b) => void (b.state.refuseExponents = true),
  },
  {
    name: 'int64-refuses-float-forms',
    description: 'an integer member written 1E2 or 100.0 is refused with 400, as Go\'s encoding/json refuses them for an int64 (a deviation: JSON Schema counts them integers)',
    detectedBy: CHECKS.numberEdges,
    family: 'state',
    apply: (b) => void b.state.strictIntegerMembers.push(...integerMemberNames()),
  },
  {
    name: 'start-date-time-truncated',
    description: 'scheduledFor.startDateTime is stored without its fraction (0.5 reads back as 0): an integer column for a number',
    detectedBy: CHECKS.numberEdges,
    family: 'state',
    apply: (b) => void (b.state.truncateStartDateTime = true),
  },
  {
    name: 'lenient-json',
    description: 'the body parser reads the first JSON value and ignores the rest ({"subStatus":"Arrived"} trailing is applied)',
    detectedBy: CHECKS.malformedBody,
    family: 'state',
    apply: (b) => void (b.json.firstValueOnly = true),
  },
];
