/**
 * Mutation testing of the suite itself: the reference server is started with one fault at a time
 * and the conformance engine runs against it in-process. A fault is detected when the run reports
 * the constraint or check the fault names violated (or a deviation, for an assumed rule); the
 * unfaulted server must give neither: each violation or deviation there is a false alarm.
 */
import { buildCatalogue, loadContract, type Constraint, type Contract } from '../contract/index.ts';
import type { ResultRecord } from '../results/model.ts';
import { excuseOf } from '../results/fault-outcome.ts';
import { listFaults, PROFILES, type FaultInfo, type ProfileName } from '../server/index.ts';
import { runAll } from '../suite/run-all.ts';
import { suiteSteps, type Step } from '../suite/steps.ts';
import { CHECKS } from '../results/model.ts';
import type { ReasonCode } from '../results/model.ts';
import type { SuiteContext } from '../suite/context.ts';
import type { Recorder } from '../suite/recorder.ts';
import { brokenVerdict } from '../results/gate.ts';

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
  /**
   * `remote`: every run is what a remote target gets by default (src/config/config.ts RUN_DEFAULTS:
   * few random bodies, at most 60 jobs), whatever the mode; the proof that the cheap run on staging
   * keeps the suite's power. Default `local`: the mode's own numbers.
   */
  plan?: 'local' | 'remote';
  /** Settings over the plan's (e.g. CONFORMANCE_RUNS=0, to measure what random bodies add). */
  settings?: Record<string, string>;
  faults?: string[];
  /** Run the unfaulted server too (default true). */
  baseline?: boolean;
  onFault?: (r: FaultResult, index: number, total: number) => void;
  /** Starts the reference server with faults and opens the suite on it. */
  target: TargetFactory;
}

/** Whether a violated row names the fault's rule (a check id is a prefix: `check:auth` names `check:auth.getJob`). */
export function names(detectedBy: string, rowId: string): boolean {
  return rowId === detectedBy || rowId.startsWith(detectedBy + '.');
}

/**
 * Whether a row reports the fault's rule broken, as the gate judges it: by its id, or by a finding
 * of its own on it (`check:status-precision` on a constraint's row), with the verdict the finding's
 * provenance gives (see judgedAsItsRule).
 */
function reports(detectedBy: string, row: ResultRecord): boolean {
  return (names(detectedBy, row.rowId) || row.evidence.some((e) => e.rule !== undefined && names(detectedBy, e.rule))) && judgedAsItsRule(row);
}

/**
 * What the rows a fault names say about why nothing caught it, when they say it. The rows are found
 * as the fault's violations are (by `names`): its constraint's row, the rows of its array's items
 * (`createJob.objectives[]`) or its check's rows (`check:unknown-reference.jobTypeId.createJob`).
 * `untestable`: none of them sent an accepting case and one says a case was not sent (the fault is
 * on the accepting side, and nothing could see it). `contested`: one says the target took another
 * page's reading. A fault whose finding sits on other rows (`check:status-precision`) names none.
 */
export function excusesIn(detectedBy: string, records: ResultRecord[]): { untestable?: string; contested?: string } {
  const own = records.filter((r) => names(detectedBy, r.rowId));
  const reasons = own.flatMap((r) => r.reasons ?? []);
  const notSent = reasons.find((r) => UNSENDABLE.has(r.code))?.text;
  const untestable = own.length > 0 && own.every((r) => r.cases.accept === 0) ? notSent : undefined;
  const contested = reasons.find((r) => r.code === 'other-reading')?.text;
  return { ...(untestable ? { untestable } : {}), ...(contested ? { contested } : {}) };
}

/**
 * Reasons a case could not be sent on this target whatever the suite did: no pool holds the id it
 * needs, no such value can exist, the target would not make the job it needs, or the configuration
 * leaves nothing to send. (A spent budget, a lost connection or a stop are the run's, not the
 * fault's: they excuse nothing.)
 */
const UNSENDABLE = new Set<ReasonCode>(['no-pool', 'unsendable', 'setup', 'not-configured']);

/** The reference server started with some faults, and the suite opened on it (src/cli/embedded.ts embeddedSuite makes one). */
export interface Target {
  ctx: SuiteContext;
  recorder: Recorder;
  close(): Promise<void>;
}

/**
 * What starts a target: the command line and the tests hand in src/cli/embedded.ts's embeddedSuite,
 * so the runner knows no server (it sits beside the suite, under the command line).
 */
export type TargetFactory = (options: { faults: string[]; profile: ProfileName; remote: boolean; contract: Contract; catalogue: Constraint[]; settings: Record<string, string> }) => Promise<Target>;

/** Where a mutation run sends its requests, and with which settings. */
interface TargetOptions {
  seed: number;
  profile: ProfileName;
  /** Settings over the embedded server's (e.g. CONFORMANCE_RUNS). */
  settings: Record<string, string>;
  /** Judge the server as a remote target: remote defaults, the job budget. */
  remote: boolean;
}

function target(make: TargetFactory, contract: Contract, catalogue: Constraint[], faults: string[], o: TargetOptions): Promise<Target> {
  return make({ faults, profile: o.profile, remote: o.remote, contract, catalogue, settings: { DISPATCH_CONSISTENCY_MS: '1000', CONFORMANCE_SEED: String(o.seed), ...o.settings } });
}

/** Rows that report a broken rule: a violation, or a deviation (what a fault on an assumed rule gives). */
const violated = (records: ResultRecord[]) => records.filter((r) => r.verdict === 'violated' || r.verdict === 'deviation');

/**
 * What an unfaulted server of a profile got that it should not have: every violation, and every
 * deviation but the ones the profile makes by design (the lenient parser's, listed in its
 * `expectedDeviations`).
 */
export function falseAlarmsOf(records: ResultRecord[], profile: ProfileName): ResultRecord[] {
  const expected = PROFILES[profile].expectedDeviations;
  const byDesign = (r: ResultRecord) => r.verdict === 'deviation' && expected.some((id) => (id.endsWith('.') ? r.rowId.startsWith(id) : r.rowId === id));
  return violated(records).filter((r) => !byDesign(r));
}

/**
 * Whether a row reports the fault as the gate must judge it: a fault on a rule that may fail a run
 * (documented, reference, security) is caught only by a violation; one on an assumed rule by a
 * deviation, which must not be a violation (it would fail a run the README says passes).
 */
function judgedAsItsRule(row: ResultRecord): boolean {
  return row.evidence.some((e) => e.provenance !== undefined && brokenVerdict(e.provenance) === row.verdict);
}

export async function runMutation(options: MutationOptions): Promise<MutationReport> {
  const contract = loadContract();
  const catalogue = buildCatalogue(contract);
  const startedAt = new Date().toISOString();
  const full = options.mode === 'full';
  const profile = options.profile ?? 'contract';
  const remote = options.plan === 'remote';
  // The mode's numbers locally (as settings, so the run is what `npm run conformance` would do
  // with them); the target's remote defaults for `plan: remote`.
  const local = { CONFORMANCE_RUNS: full ? '20' : '5', CONFORMANCE_VIOLATION_RUNS: full ? '3' : '1', CONFORMANCE_MODEL_RUNS: full ? '4' : '2' };
  const settings = { ...(remote ? {} : local), ...options.settings };
  const t = (faults: string[]) => target(options.target, contract, catalogue, faults, { seed: options.seed, profile, remote, settings });

  // The unfaulted server first: any violation there is a false alarm.
  let falseAlarms: MutationReport['falseAlarms'] = [];
  let baselineRequests = 0;
  if (options.baseline !== false) {
    const base = await t([]);
    try {
      await runAll(base.ctx, base.recorder);
    } finally {
      await base.close();
    }
    falseAlarms = falseAlarmsOf(base.recorder.records(), profile).map((r) => ({ id: r.rowId, actual: r.evidence[0]?.actual }));
    baselineRequests = base.ctx.client.requests;
  }

  const all = listFaults(profile).filter((f) => !options.faults || options.faults.includes(f.name));
  const results: FaultResult[] = [];
  for (const [i, fault] of all.entries()) {
    const r = await runFault(fault, full, await t([fault.name]));
    results.push(r);
    options.onFault?.(r, i, all.length);
  }
  const countable = results.filter((r) => !excuseOf(r));
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

async function runFault(fault: FaultInfo, full: boolean, t: Target): Promise<FaultResult> {
  const started = performance.now();
  const caught = () => violated(t.recorder.records()).some((r) => reports(fault.detectedBy, r));
  let requestsToDetect: number | undefined;
  try {
    // The steps of the rows the fault names first (its constraint's, those of the items of an array
    // for `createJob.objectives[]`, then their operation's packed boundaries): the requests they
    // take are the suite's cost to catch it. The same steps `npm run conformance` runs (steps.ts).
    const own = (s: Step) => s.file === 'constraints' && s.owns.some((id) => names(fault.detectedBy, id));
    const ownOp = suiteSteps(t.ctx.contract, t.ctx.catalogue).find(own)?.group;
    await runAll(t.ctx, t.recorder, { only: own, until: caught });
    if (!caught() && ownOp) await runAll(t.ctx, t.recorder, { only: (s) => s.file === 'boundaries' && s.owns.includes(`${CHECKS.acceptsValid}.${ownOp}`) });
    if (caught()) requestsToDetect = t.ctx.client.requests;
    if (full || !caught()) {
      await runAll(t.ctx, t.recorder, {
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
  const { untestable, contested } = excusesIn(fault.detectedBy, all);
  const caughtBy = rows.filter((r) => reports(fault.detectedBy, r)).map((r) => r.rowId);
  return {
    name: fault.name,
    description: fault.description,
    detectedBy: fault.detectedBy,
    detected: caughtBy.length > 0,
    ...(fault.equivalent ? { equivalent: fault.equivalent } : {}),
    ...(untestable && caughtBy.length === 0 ? { untestable } : {}),
    ...(contested && caughtBy.length === 0 ? { contested } : {}),
    caughtBy,
    alsoViolated: rows.map((r) => r.rowId).filter((id) => !caughtBy.includes(id)),
    requests: requestsToDetect ?? t.ctx.client.requests,
    durationMs: Math.round(performance.now() - started),
  };
}
