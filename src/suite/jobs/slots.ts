/**
 * Stand-ins for the jobs the suite creates: the generators put them where an existing job's id or
 * jobRef goes, and prepare.ts fills them in before a case is sent. A leaf: it knows only the
 * configuration's pools.
 */
import type { Config } from '../../config/config.ts';
import type { RefPools } from '../../generate/index.ts';

/** Stand-ins the generators put where an existing job's id or jobRef goes; replaced before sending. */
export const JOB_ID_SLOT = '{existing-jobId}';
export const JOB_REF_SLOT = '{existing-jobRef}';

/** The ids valid cases may name: configured ones, and stand-ins for jobs the suite creates. */
export function refPoolsOf(config: Config): RefPools {
  return {
    jobType: config.jobTypeIds,
    jobWorkflow: config.jobWorkflowIds,
    ...(config.locationIds.length ? { location: config.locationIds } : {}),
    ...(config.contactIds.length ? { contact: config.contactIds } : {}),
    job: [JOB_ID_SLOT],
    jobRef: [JOB_REF_SLOT],
  };
}

/** Whether a body names an existing job through a stand-in. */
export function hasSlots(body: unknown): boolean {
  const text = JSON.stringify(body ?? null);
  return text.includes(JOB_ID_SLOT) || text.includes(JOB_REF_SLOT);
}

/** How many stand-ins for an existing job's id a body holds. */
export function jobIdSlots(body: unknown): number {
  return JSON.stringify(body ?? null).split(JSON.stringify(JOB_ID_SLOT)).length - 1;
}

/**
 * A copy of a body with the stand-ins replaced by real jobs' ids and jobRefs. Given several jobs,
 * the n-th jobId stand-in (in document order) names the n-th job, so the items of a bulk request
 * name distinct jobs; jobRef stand-ins name the first.
 */
export function fillSlots(value: unknown, job: { jobId: string; jobRef: string } | { jobId: string; jobRef: string }[]): unknown {
  const jobs = Array.isArray(job) ? job : [job];
  let n = 0;
  const fill = (v: unknown): unknown => {
    if (v === JOB_ID_SLOT) return jobs[n++ % jobs.length]!.jobId;
    if (v === JOB_REF_SLOT) return jobs[0]!.jobRef;
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  return fill(value);
}

