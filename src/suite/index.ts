/** The conformance engine: what the Playwright suite (and the mutation runner) call. */
export { openSuite, type OpenOptions } from './run/open.ts';
export { JOB_ID_SLOT, JOB_REF_SLOT } from './jobs/slots.ts';
export type { SuiteContext } from './run/context.ts';
export { Recorder } from './record/recorder.ts';
export { runConstraint } from './constraints/constraint-run.ts';
export { replayCommand } from './record/replay.ts';
export { runValidBodies } from './constraints/valid-run.ts';
export { runBoundaries } from './constraints/boundary-run.ts';
export { boundaryTestTitle } from './constraints/boundary-packs.ts';
export { runReadAfterWrite } from './model/read-after-write.ts';
export { probeAuth } from './probes/auth.ts';
export { probeUnknownId, unknownIdOperations } from './probes/not-found.ts';
export { probeMalformed } from './probes/malformed.ts';
export { probeRequiredHeaders, requiredHeaders } from './probes/headers.ts';
export { probeUnknownReference, referentialMembers, referentialRowId, type ReferentialMember } from './probes/referential.ts';
export { probeSilentPoint, OBSERVATION_PROBES } from './probes/observations.ts';
