/** Job ids that name no job: leaves the probes, the preflight and the resilient runner share. */

/**
 * A job id no target has, the same in every run: what the reads that only ask whether the target
 * answers send (the preflight's, and the one before a lost case runs again).
 */
export const NO_SUCH_JOB_ID = 'job:00000000-0000-4000-8000-000000000000';

/** A job id that cannot exist on the target, this run's own. */
export function unknownJobId(runId: string): string {
  return `job:00000000-0000-4000-8000-${runId.padEnd(12, '0').slice(0, 12).replace(/[^0-9a-f]/g, '0')}`;
}
