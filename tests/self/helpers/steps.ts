/** Runs some of the suite's steps (steps.ts) in process on a fresh embedded server: what a probe family's self-test needs. */
import { expect } from '@playwright/test';
import { embeddedRun, embeddedSuite, type EmbeddedOptions } from '../../../src/targets/embedded.ts';
import { runMutation } from '../../../src/mutation/runner.ts';
import type { ProfileName } from '../../../src/server/index.ts';
import type { ResultRecord } from '../../../src/results/model.ts';
import { runAll } from './run-steps.ts';
import type { Step } from '../../../src/suite/run/steps.ts';

export interface StepRunOptions extends EmbeddedOptions {
  only: (step: Step) => boolean;
  /** Judge the server as a remote target: the remote defaults and the job budget, unpaced. */
  remote?: boolean;
  seed?: number;
  settings?: Record<string, string>;
}

/** The steps `only` picks, on a fresh embedded suite; the rows, the errors and what they cost. */
export async function runSteps(o: StepRunOptions) {
  const s = await embeddedSuite({ ...o, settings: { CONFORMANCE_SEED: String(o.seed ?? 20261206), ...o.settings } });
  try {
    await runAll(s.ctx, s.recorder, { only: o.only });
    const records = s.recorder.records();
    return {
      records,
      row: (id: string) => records.find((r) => r.rowId === id),
      /** Rows that report a broken rule, each with its first evidence. */
      broken: records.filter((r) => r.verdict === 'violated' || r.verdict === 'deviation').map((r) => `${r.rowId} ${r.verdict}: ${r.evidence[0]?.actual ?? ''}`),
      errors: s.recorder.errors,
      requests: s.ctx.client.requests,
      jobs: s.ctx.jobs.created.length,
    };
  } finally {
    await s.close();
  }
}

/** What a row's probe tried: its attempts, as data. */
export const triedOn = (r: ResultRecord | undefined) => r?.attempts ?? [];

/** The mutation runner (fast, the remote plan unless told) counts each of `faults` and detects it, in `profile`. */
export async function expectCaughtByMutation(faults: string[], profile: ProfileName, plan: 'remote' | 'local' = 'remote', seed = 20261206): Promise<void> {
  const report = await runMutation({ target: embeddedRun, mode: 'fast', plan, seed, profile, faults, baseline: false });
  expect(report.faults.map((f) => f.name).sort()).toEqual([...faults].sort());
  for (const f of report.faults) expect(f.detected, `${f.name}: saw ${f.alsoViolated.join(', ') || 'nothing'}`).toBe(true);
}
