/**
 * Mutation testing of the suite itself: the reference server is started with one fault at a time
 * and the conformance engine runs against it in-process. A fault is detected when the run reports
 * violated the constraint or check the fault names; the unfaulted server must give no violation.
 */
import { loadConfig } from '../config/config.ts';
import { buildCatalogue, loadContract, type Constraint, type Contract } from '../contract/index.ts';
import type { ResultRecord } from '../results/model.ts';
import { listFaults, type FaultInfo, type ProfileName } from '../server/index.ts';
import { startEmbedded } from '../cli/embedded.ts';
import { openSuite, type SuiteContext } from '../suite/context.ts';
import { runConstraint } from '../suite/constraint-run.ts';
import { Recorder } from '../suite/recorder.ts';
import { runAll } from '../suite/run-all.ts';
import { AS_ANOTHER_PAGE_HAS_IT } from '../suite/judge.ts';

export interface FaultResult {
  name: string;
  description: string;
  detectedBy: string;
  detected: boolean;
  /** Set for an equivalent mutant: no request can tell it apart, so it is not counted. */
  equivalent?: string;
  /**
   * Set when the fault changes answers only where OS1's pages contradict each other, so that either
   * answer conforms (e.g. objectives made optional, as another page has it): the note that says so.
   */
  contested?: string;
  /**
   * Set when the suite could not send the cases that would reveal the fault on this target (its
   * constraint stayed untested, e.g. a jobId boundary no existing job can meet): why. Not counted,
   * but listed, since a real target has the same blind spot.
   */
  untestable?: string;
  /** Violated rows that name the fault's rule. */
  caughtBy: string[];
  /** Other rows the fault made fail (collateral, not false alarms). */
  alsoViolated: string[];
  /** Requests sent until the fault was detected (or in all, when it was not). */
  requests: number;
  durationMs: number;
}

export interface MutationReport {
  version: 1;
  startedAt: string;
  seed: number;
  mode: 'fast' | 'full';
  /** How the reference server answered (see src/server/profiles.ts). */
  profile: ProfileName;
  /** Detected faults / faults that can be detected (equivalent and untestable ones excluded). */
  score: number;
  detected: number;
  total: number;
  equivalent: number;
  untestable: number;
  /** Faults that change answers only where the pages contradict each other. */
  contested: number;
  /** Violations (and deviations) the unfaulted server got: each a false alarm. */
  falseAlarms: { id: string; actual?: string }[];
  baselineRequests: number;
  faults: FaultResult[];
}

export interface MutationOptions {
  /** fast: only what can catch each fault, stopping when it does; full: everything, every time. */
  mode: 'fast' | 'full';
  seed: number;
  /** How the reference server answers (default `contract`). */
  profile?: ProfileName;
  faults?: string[];
  /** Run the unfaulted server too (default true). */
  baseline?: boolean;
  onFault?: (r: FaultResult, index: number, total: number) => void;
}

/** Whether a violated row names the fault's rule (a check id is a prefix: `check:auth` names `check:auth.getJob`). */
export function names(detectedBy: string, rowId: string): boolean {
  return rowId === detectedBy || rowId.startsWith(detectedBy + '.');
}

/** Whether a row reports the fault's rule broken: by its id, or by a finding of its own on it (`check:status-precision` on a constraint's row). */
function reports(detectedBy: string, row: ResultRecord): boolean {
  return names(detectedBy, row.constraintId) || row.evidence.some((e) => e.rule !== undefined && names(detectedBy, e.rule));
}

interface Target {
  ctx: SuiteContext;
  recorder: Recorder;
  close(): Promise<void>;
}

async function target(contract: Contract, catalogue: Constraint[], seed: number, faults: string[], runs: number, profile: ProfileName): Promise<Target> {
  const { server, env } = await startEmbedded({ faults, profile });
  const config = loadConfig({
    envFile: '/nonexistent/.env',
    env: { ...env, DISPATCH_CONSISTENCY_MS: '1000', CONFORMANCE_SEED: String(seed), CONFORMANCE_RUNS: String(runs) },
  });
  const ctx = openSuite({ config, contract, catalogue, share: 1 });
  return {
    ctx,
    recorder: new Recorder(contract),
    async close() {
      await ctx.close();
      await server.close();
    },
  };
}

/** Rows that report a broken rule: a violation, or a deviation for a fault on an assumed rule. */
const violated = (records: ResultRecord[]) => records.filter((r) => r.verdict === 'violated' || r.verdict === 'deviation');

export async function runMutation(options: MutationOptions): Promise<MutationReport> {
  const contract = loadContract();
  const catalogue = buildCatalogue(contract);
  const startedAt = new Date().toISOString();
  const full = options.mode === 'full';
  const profile = options.profile ?? 'contract';
  const runAllOptions = { randomRuns: full ? 3 : 0, validRuns: full ? 20 : 5, modelRuns: full ? 4 : 2, observations: full };

  // The unfaulted server first: any violation there is a false alarm.
  let falseAlarms: MutationReport['falseAlarms'] = [];
  let baselineRequests = 0;
  if (options.baseline !== false) {
    const base = await target(contract, catalogue, options.seed, [], runAllOptions.validRuns, profile);
    try {
      await runAll(base.ctx, base.recorder, { ...runAllOptions, observations: true });
    } finally {
      await base.close();
    }
    falseAlarms = violated(base.recorder.records()).map((r) => ({ id: r.constraintId, actual: r.evidence[0]?.actual }));
    baselineRequests = base.ctx.client.requests;
  }

  const all = listFaults().filter((f) => !options.faults || options.faults.includes(f.name));
  const results: FaultResult[] = [];
  for (const [i, fault] of all.entries()) {
    const r = await runFault(contract, catalogue, fault, options.seed, full, runAllOptions, profile);
    results.push(r);
    options.onFault?.(r, i, all.length);
  }
  const countable = results.filter((r) => !r.equivalent && !r.untestable && !r.contested);
  const detected = countable.filter((r) => r.detected).length;
  return {
    version: 1,
    startedAt,
    seed: options.seed,
    mode: options.mode,
    profile,
    score: countable.length ? detected / countable.length : 1,
    detected,
    total: countable.length,
    equivalent: results.filter((r) => r.equivalent).length,
    untestable: results.filter((r) => r.untestable).length,
    contested: results.filter((r) => r.contested).length,
    falseAlarms,
    baselineRequests,
    faults: results,
  };
}

async function runFault(contract: Contract, catalogue: Constraint[], fault: FaultInfo, seed: number, full: boolean, o: Parameters<typeof runAll>[2], profile: ProfileName): Promise<FaultResult> {
  const started = performance.now();
  const t = await target(contract, catalogue, seed, [fault.name], o.validRuns, profile);
  const caught = () => violated(t.recorder.records()).some((r) => reports(fault.detectedBy, r));
  let requestsToDetect: number | undefined;
  try {
    // The constraints the fault names first (its own, or those of the items of an array for
    // `createJob.objectives[]`): the requests they take are the suite's cost to catch it.
    for (const own of catalogue.filter((c) => names(fault.detectedBy, c.id))) {
      await runConstraint(t.ctx, t.recorder, own, { randomRuns: full ? 3 : 1 });
      if (caught()) {
        requestsToDetect = t.ctx.client.requests;
        break;
      }
    }
    if (full || !caught()) {
      await runAll(t.ctx, t.recorder, {
        ...o,
        until: () => {
          if (requestsToDetect === undefined && caught()) requestsToDetect = t.ctx.client.requests;
          return !full && caught();
        },
      });
    }
  } finally {
    await t.close();
  }
  const all = t.recorder.records();
  const rows = violated(all);
  const own = all.find((r) => r.constraintId === fault.detectedBy);
  // The fault is on the accepting side and no accepting case could be sent: nothing could see it.
  const notSent = own?.evidence.flatMap((e) => e.notes ?? []).find((n) => n.includes('not sent'));
  const untestable = own && own.cases.accept === 0 && notSent ? notSent : undefined;
  const contested = own?.evidence.flatMap((e) => e.notes ?? []).find((n) => n.includes(AS_ANOTHER_PAGE_HAS_IT));
  const caughtBy = rows.filter((r) => reports(fault.detectedBy, r)).map((r) => r.constraintId);
  return {
    name: fault.name,
    description: fault.description,
    detectedBy: fault.detectedBy,
    detected: caughtBy.length > 0,
    ...(fault.equivalent ? { equivalent: fault.equivalent } : {}),
    ...(untestable && caughtBy.length === 0 ? { untestable } : {}),
    ...(contested && caughtBy.length === 0 ? { contested } : {}),
    caughtBy,
    alsoViolated: rows.map((r) => r.constraintId).filter((id) => !caughtBy.includes(id)),
    requests: requestsToDetect ?? t.ctx.client.requests,
    durationMs: Math.round(performance.now() - started),
  };
}
