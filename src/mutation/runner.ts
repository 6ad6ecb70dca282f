/**
 * Mutation testing of the suite itself: the reference server is started with one fault at a time
 * and the whole suite runs against it, orchestrated as `npm run conformance` orchestrates it (the
 * same steps in the same order over the run's workers, a recorder per test, the reporter's merge,
 * gate and outcome: src/suite/run/run-suite.ts). A fault is detected when the run's report has the rule
 * the fault breaks broken (src/results/fault-outcome.ts scores it, in one place); the unfaulted
 * server must give no violation and no deviation but those its profile makes by design.
 *
 * The plan is the target's own (the embedded server's, or a remote target's with `plan: remote`)
 * unless `settings` say otherwise: they are the settings a user sets (CONFORMANCE_RUNS, ...).
 * `fast` stops a fault's run as soon as the fault is caught: facts only add up, so what it shows
 * then is what the whole run shows.
 */
import { buildCatalogue, loadContract, type Constraint, type Contract } from '../contract/index.ts';
import { falseAlarmsOf, names, reports, scoreFault, scoreOf, type FaultResult, type Score } from '../results/fault-outcome.ts';
import { mergeRecords } from '../results/merge.ts';
import type { ConformanceReport, ResultRecord } from '../results/model.ts';
import { listFaults, PROFILES, type FaultInfo, type ProfileName } from '../server/index.ts';
import type { SuiteContext } from '../suite/run/context.ts';
import { runSuite } from '../suite/run/run-suite.ts';

export type { FaultResult };

export interface MutationReport extends Score {
  version: 2;
  startedAt: string;
  seed: number;
  mode: 'fast' | 'full';
  /** How the reference server answered (see src/server/profiles.ts). */
  profile: ProfileName;
  /** Violations (and deviations beyond the profile's own) the unfaulted server got: each a false alarm. */
  falseAlarms: { id: string; actual?: string }[];
  baselineRequests: number;
  faults: FaultResult[];
}

export interface MutationOptions {
  /** fast: each fault's run stops when it is caught; full: every run whole. */
  mode: 'fast' | 'full';
  seed: number;
  /** How the reference server answers (default `contract`). */
  profile?: ProfileName;
  /**
   * `remote`: the server is judged as a remote target is by default (src/config/config.ts
   * RUN_DEFAULTS.remote: few random bodies, at most 60 jobs); the proof that the cheap run on
   * staging keeps the suite's power. Default `local`: the embedded server's plan.
   */
  plan?: 'local' | 'remote';
  /** Settings over the plan's, as a user sets them (e.g. CONFORMANCE_RUNS=0). */
  settings?: Record<string, string>;
  faults?: string[];
  /** Run the unfaulted server too (default true). */
  baseline?: boolean;
  onFault?: (r: FaultResult, index: number, total: number) => void;
  /** Starts the reference server with faults and opens the run's workers on it. */
  target: TargetFactory;
}

/** The reference server started with some faults, and the run's workers opened on it (src/targets/embedded.ts embeddedRun makes one). */
export interface Target {
  workers: SuiteContext[];
  close(): Promise<void>;
}

/**
 * What starts a target: the command line and the tests hand in src/targets/embedded.ts's embeddedRun,
 * so the runner knows no server (it sits beside the suite, under the command line).
 */
export type TargetFactory = (options: { faults: string[]; profile: ProfileName; remote: boolean; contract: Contract; catalogue: Constraint[]; settings: Record<string, string> }) => Promise<Target>;

/** One run of the suite on a target, as a report, and what it cost. */
async function run(make: () => Promise<Target>, until?: (records: readonly ResultRecord[]) => boolean): Promise<{ report: ConformanceReport; requests: number; durationMs: number }> {
  const started = performance.now();
  const t = await make();
  try {
    const report = await runSuite(t.workers, until ? { until } : {});
    return { report, requests: report.summary.requests, durationMs: Math.round(performance.now() - started) };
  } finally {
    await t.close();
  }
}

export async function runMutation(options: MutationOptions): Promise<MutationReport> {
  const contract = loadContract();
  const catalogue = buildCatalogue(contract);
  const startedAt = new Date().toISOString();
  const profile = options.profile ?? 'contract';
  const remote = options.plan === 'remote';
  const settings = { CONFORMANCE_SEED: String(options.seed), ...options.settings };
  const target = (faults: string[]) => () => options.target({ faults, profile, remote, contract, catalogue, settings });

  // The unfaulted server first: any violation there, or deviation the profile does not make by design, is a false alarm.
  let falseAlarms: MutationReport['falseAlarms'] = [];
  let baselineRequests = 0;
  if (options.baseline !== false) {
    const base = await run(target([]));
    falseAlarms = falseAlarmsOf(base.report.results, PROFILES[profile].expectedDeviations).map((r) => ({ id: r.rowId, actual: r.evidence[0]?.actual }));
    baselineRequests = base.requests;
  }

  const all = listFaults(profile).filter((f) => !options.faults || options.faults.includes(f.name));
  const results: FaultResult[] = [];
  for (const [i, fault] of all.entries()) {
    const ran = await run(target([fault.name]), options.mode === 'fast' ? caughtBy(fault) : undefined);
    const r = scoreFault(fault, ran.report.results, ran);
    results.push(r);
    options.onFault?.(r, i, all.length);
  }
  return { version: 2, startedAt, seed: options.seed, mode: options.mode, profile, ...scoreOf(results), falseAlarms, baselineRequests, faults: results };
}

/** Whether the records so far report the fault: the rows that can, merged as the report merges them. */
function caughtBy(fault: FaultInfo): (records: readonly ResultRecord[]) => boolean {
  return (records) => {
    const mine = records.filter((r) => names(fault.detectedBy, r.rowId) || r.facts.findings.some((f) => f.rule !== undefined && names(fault.detectedBy, f.rule)));
    return mine.length > 0 && mergeRecords(mine, []).some((r) => reports(fault.detectedBy, r));
  };
}
