/** State faults: what is read does not follow what was written, or unknown ids are "found". */
import { CHECKS } from '../../results/model.ts';
import type { Fault } from './types.ts';

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
];
