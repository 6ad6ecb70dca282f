/**
 * The jobs each observation probe may make (a create it sends that the target may accept, a job it
 * needs): the run plans for them (plan.ts). A leaf, so the plan does not import the probes.
 */
/** The jobs a probe may make (a create it sends that the target may accept, a job it needs): the run plans for them. */
export const OBSERVATION_JOBS: Readonly<Record<string, number>> = {
  emptyObjectives: 1,
  emptyAssets: 1,
  timeslotFromAfterTo: 1,
  extraProperties: 1,
  documentUrlNotUrl: 1,
  numbersBeyond2pow53: 1,
  emptySubStatusInStatusChange: 1,
  completeCompletedJob: 1,
  statusOfNewJob: 1,
  subStatusAfterStatusChange: 1,
};
