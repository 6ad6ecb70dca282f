/**
 * What the reference server does where the contract is silent (specs/silent-points.yaml).
 * Anything is allowed there but a 5xx; these are the server's choices, kept as data so a test can
 * check that every silent point has one, and so `npm run serve` users can read them.
 */

/** The status a newly created job has. */
export const NEW_JOB_STATUS = 'CREATED';

/** Silent point id → what the reference server does. */
export const SILENT_BEHAVIOUR: Readonly<Record<string, string>> = {
  emptyObjectives: 'accepted (202); the job is stored with no objectives',
  emptyAssets: 'accepted (202); the job is stored with no assets',
  emptyAttributes: 'accepted (202); the job type keeps the attributes it had',
  emptyJobs: 'accepted (202); nothing changes',
  timeslotFromAfterTo: 'accepted (202) and stored as given: the documentation states no order',
  extraProperties: 'accepted (202); members the schemas do not list are dropped, never stored or read back',
  rangeMinAboveMax: 'accepted (202) and stored as given',
  rangeOneSided: 'accepted (202) and stored as given',
  emptySubStatusInStatusChange: 'accepted (202); the job reads back COMPLETED with subStatus ""',
  emptySubStatusInBulk: 'accepted (202); the job reads back with subStatus ""',
  documentUrlNotUrl: 'accepted (202): the documentation types documentUrl as a plain string',
  numbersBeyond2pow53: 'accepted (202); the value reads back as the nearest double JSON gives (exactness is lost)',
  unknownIdInBulk: 'rejected as a whole (404, naming the unknown ids); no job of the request is changed',
  sameJobTwiceInBulk: 'accepted (202); the items are applied in order, so the job keeps the last one\'s subStatus',
  completeCompletedJob: 'accepted (202); the job stays COMPLETED (idempotent)',
  statusOfNewJob: `a new job reads back with status "${NEW_JOB_STATUS}" and subStatus null`,
  subStatusAfterStatusChange: 'a status change without subStatus keeps the subStatus the job had',
};
