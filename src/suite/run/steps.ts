/**
 * The plan of steps of a conformance run, in one place: each step is one Playwright test of
 * `npm run conformance` (tests/conformance/<file>.spec.ts lists them from here) and one test of the
 * in-process run the mutation runner and the benchmarks drive (run-suite.ts), which runs them in
 * Playwright's order (spec files by name, each file's steps as declared here) over the run's
 * workers. Both run the same functions with the same settings (the run's config), so the mutation
 * score is the score of what users run.
 */
import { loadSilentPoints, type Constraint, type Contract } from '../../contract/index.ts';
import { CHECKS } from '../../results/model.ts';
import type { SuiteContext } from './context.ts';
import { runConstraint } from '../constraints/constraint-run.ts';
import { runBoundaries } from '../constraints/boundary-run.ts';
import { boundaryTestTitle } from '../constraints/boundary-packs.ts';
import { probeAuth } from '../probes/auth.ts';
import { probeRequiredHeaders } from '../probes/headers.ts';
import { probeMalformed } from '../probes/malformed.ts';
import { apiPaths, methodRowId, probeMethods } from '../probes/methods.ts';
import { probePathParameters } from '../probes/path-parameters.ts';
import { probeRefusedWrites } from '../probes/refused-writes.ts';
import { numericMembers, probeNumberEdges } from '../probes/number-edges.ts';
import { operationsWithArrays, probeDuplicateItems, probeRepeatedCreate, probeRepeatedUpdate } from '../probes/repeated-writes.ts';
import { probeUnknownId } from '../probes/not-found.ts';
import { probeSilentPoint } from '../probes/observations.ts';
import { probeUnknownReference, referentialMembers, referentialRowId } from '../probes/referential.ts';
import { probeTenantIsolation } from '../probes/security/api1-object-level.ts';
import { probeTokenVariants } from '../probes/security/api2-authentication.ts';
import { probeMassAssignment } from '../probes/security/api3-mass-assignment.ts';
import { probeErrorLeak } from '../probes/security/api8-error-leak.ts';
import { runReadAfterWrite } from '../model/read-after-write.ts';
import { probeState } from '../probes/state/index.ts';
import { probeTokenExpiry } from '../probes/token-lifecycle.ts';
import type { Recorder } from '../record/recorder.ts';
import { runValidBodies } from '../constraints/valid-run.ts';

/** The conformance spec files, each running the steps of its kind. */
export const STEP_FILES = ['operations', 'headers', 'security', 'http', 'writes', 'referential', 'read-after-write', 'concurrency', 'boundaries', 'constraints', 'observations'] as const;
export type StepFile = (typeof STEP_FILES)[number];

export interface Step {
  /** The spec file that runs it: tests/conformance/<file>.spec.ts. */
  file: StepFile;
  /** The describe block its test sits in, if any (an operation). */
  group?: string;
  /** Its test's title. */
  title: string;
  /** The rows whose violation fails its test: ids, or prefixes ending in '.'. */
  owns: string[];
  /** `until`: stop early when it returns true (the in-process run's fast mode). */
  run(ctx: SuiteContext, recorder: Recorder, until?: () => boolean): Promise<unknown>;
}

/** Operations whose path or body names an entity, which answer 404 for an unknown one. */
const namesAnEntity = (contract: Contract, id: string) => contract.operation(id).pathParams.length > 0 || id === 'updateJob';

/** The title of the test that sends an operation's random valid bodies. */
export const validBodiesTitle = (op: { operationId: string }) => `${op.operationId} random valid bodies are accepted`;

/** Every step of a run, in the order of the in-process run. */
export function suiteSteps(contract: Contract, catalogue: Constraint[]): Step[] {
  const steps: Step[] = [];
  for (const op of contract.operations) {
    const id = op.operationId;
    if (op.requestSchema) {
      steps.push({ file: 'operations', group: id, title: validBodiesTitle(op), owns: [`${CHECKS.acceptsValid}.${id}`], run: (ctx, r) => runValidBodies(ctx, r, op, ctx.plan().validRuns(op)) });
      steps.push({ file: 'operations', group: id, title: `${id} rejects a body that is not JSON`, owns: [`${CHECKS.malformedBody}.${id}`], run: (ctx, r) => probeMalformed(ctx, r, op) });
    }
    if (namesAnEntity(contract, id)) steps.push({ file: 'operations', group: id, title: `${id} answers 404 for an unknown id`, owns: [`${CHECKS.unknownId}.${id}`], run: (ctx, r) => probeUnknownId(ctx, r, op) });
    steps.push({ file: 'operations', group: id, title: `${id} answers 401 without valid credentials`, owns: [`${CHECKS.auth}.${id}`], run: (ctx, r) => probeAuth(ctx, r, op) });
    steps.push({ file: 'headers', title: `${id} refuses a request without a required header`, owns: [`${CHECKS.requiredHeaders}.${id}`], run: (ctx, r) => probeRequiredHeaders(ctx, r, op) });
  }
  // The access rules (OWASP API Security Top 10): a peer tenant, token variants, owned members, error leaks.
  steps.push({ file: 'security', title: "security: another tenant cannot reach the run's job (API1)", owns: [`${CHECKS.tenantIsolation}.`, CHECKS.tenantBinding], run: (ctx, r) => probeTenantIsolation(ctx, r) });
  steps.push({ file: 'security', title: 'security: only an issued, unchanged token in X-COREOS-ACCESS gets in (API2)', owns: [`${CHECKS.tokenVariants}.`], run: (ctx, r) => probeTokenVariants(ctx, r) });
  steps.push({ file: 'security', title: 'security: no body sets what the server owns (API3)', owns: [`${CHECKS.massAssignment}.`], run: (ctx, r) => probeMassAssignment(ctx, r) });
  steps.push({ file: 'security', title: 'security: error answers do not show the implementation (API8)', owns: [CHECKS.errorLeak], run: (ctx, r) => probeErrorLeak(ctx, r) });
  steps.push({ file: 'security', title: 'security: a token kept past its expiresIn is refused (API2)', owns: [CHECKS.tokenExpiry], run: (ctx, r) => probeTokenExpiry(ctx, r) });
  // The HTTP surface the anchors probe beyond the operations: methods the spec does not give a path,
  for (const p of apiPaths(contract)) {
    steps.push({ file: 'http', title: `methods: ${p.path} refuses the methods the spec does not give it`, owns: [methodRowId(p)], run: (ctx, r) => probeMethods(ctx, r, p) });
  }
  // Path parameters that name nothing.
  for (const op of contract.operations.filter((o) => o.pathParams.length > 0)) {
    steps.push({ file: 'http', title: `path parameters: ${op.operationId} answers 400 or 404 for one that names nothing`, owns: [`${CHECKS.pathParameters}.${op.operationId}`], run: (ctx, r) => probePathParameters(ctx, r, op) });
  }
  // Writes a target refuses, repeats and numbers at their edges.
  for (const op of contract.operations.filter((o) => o.requestSchema && o.operationId !== 'createJob')) {
    steps.push({ file: 'writes', title: `refused writes: ${op.operationId} refused with a 4xx leaves what it named as it was`, owns: [`${CHECKS.refusedWrite}.${op.operationId}`], run: (ctx, r) => probeRefusedWrites(ctx, r, op) });
  }
  steps.push({ file: 'writes', title: 'repeated writes: the same create twice, or an existing jobRef again, makes a new job or is refused', owns: [`${CHECKS.repeatedCreate}.createJob`], run: (ctx, r) => probeRepeatedCreate(ctx, r) });
  steps.push({ file: 'writes', title: 'repeated writes: the same update by id twice leaves the job as one does', owns: [`${CHECKS.repeatedUpdate}.updateJobById`], run: (ctx, r) => probeRepeatedUpdate(ctx, r) });
  for (const op of contract.operations.filter((o) => o.requestSchema && numericMembers({ catalogue }, o).length > 0)) {
    steps.push({ file: 'writes', title: `number edges: ${op.operationId} takes every number its schema gives a numeric member, and reads it back the same`, owns: [`${CHECKS.numberEdges}.${op.operationId}`], run: (ctx, r) => probeNumberEdges(ctx, r, op) });
  }
  for (const op of operationsWithArrays(contract.operations)) {
    steps.push({ file: 'writes', title: `duplicate items: ${op.operationId} refuses or takes two equal items in an array, never a 5xx`, owns: [`${CHECKS.duplicateItems}.${op.operationId}`], run: (ctx, r) => probeDuplicateItems(ctx, r, op) });
  }
  for (const m of referentialMembers(catalogue)) {
    steps.push({ file: 'referential', title: `${m.operationId} rejects an unknown ${m.kind} id in ${m.path}`, owns: [referentialRowId(m)], run: (ctx, r) => probeUnknownReference(ctx, r, m) });
  }
  steps.push({
    file: 'read-after-write',
    title: 'read-after-write: reads reflect writes within DISPATCH_CONSISTENCY_MS',
    owns: [`${CHECKS.readAfterWrite}.`, `${CHECKS.frame}.`, CHECKS.roundTrip],
    run: (ctx, r, until) => runReadAfterWrite(ctx, r, { numRuns: ctx.config.modelRuns, maxCommands: ctx.config.modelCommands, until }),
  });
  steps.push({
    file: 'concurrency',
    title: 'state: concurrent creates and writes are all kept; valid bodies of any size are taken, several MiB refused',
    owns: [CHECKS.concurrentCreate, CHECKS.concurrentWrites, `${CHECKS.frame}.changeJobSubStatus`, `${CHECKS.bodySize}.`],
    run: (ctx, r) => probeState(ctx, r),
  });
  for (const op of contract.operations.filter((o) => o.requestSchema)) {
    const mine = catalogue.filter((c) => c.operationId === op.operationId).map((c) => c.id);
    steps.push({ file: 'boundaries', title: boundaryTestTitle(op), owns: [...mine, `${CHECKS.acceptsValid}.${op.operationId}`], run: (ctx, r) => runBoundaries(ctx, r, op) });
  }
  for (const c of catalogue) {
    steps.push({ file: 'constraints', group: c.operationId, title: c.id, owns: [c.id], run: (ctx, r) => runConstraint(ctx, r, c, { randomRuns: ctx.config.violationRuns }) });
  }
  for (const point of loadSilentPoints(undefined, contract.operations.map((o) => o.operationId))) {
    steps.push({ file: 'observations', title: `observation: ${point.id}`, owns: [], run: (ctx, r) => probeSilentPoint(ctx, r, point) });
  }
  return steps;
}

