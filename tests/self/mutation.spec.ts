/**
 * The suite keeps its power where it is cheapest: judged as a remote target is by default (few
 * random bodies, at most 60 jobs: the run staging gets). On a sample of one fault from every
 * family of the reference server's faults, in every profile, the mutation runner detects each and
 * names it, and the unfaulted server gets no violation and no deviation but those its profile
 * makes by design (no false alarm). The whole sweep (every fault, every profile) is `npm run mutation`, and that the
 * runner's result is `npm run conformance`'s, fault by fault, is tests/sweep/ (npm run
 * test:sweep): .ci/run runs both after npm test.
 */
import { test, expect } from '@playwright/test';
import { embeddedRun } from '../../src/targets/embedded.ts';
import { runMutation } from '../../src/mutation/runner.ts';
import { listFaults, PROFILE_NAMES } from '../../src/server/index.ts';
import { REMOTE_SWEEP, SAMPLE, SEED } from './helpers/mutation-sample.ts';

test('the sample has one fault of every family, each one that counts in every profile', () => {
  for (const profile of PROFILE_NAMES) {
    const faults = listFaults(profile);
    expect(Object.keys(SAMPLE).sort(), profile).toEqual([...new Set(faults.map((f) => f.family))].sort());
    for (const [family, name] of Object.entries(SAMPLE)) {
      expect(faults.find((f) => f.name === name), `${profile}: ${name}`).toMatchObject({ family });
      expect(faults.find((f) => f.name === name)?.equivalent, `${profile}: ${name}`).toBeUndefined();
    }
  }
});

for (const profile of PROFILE_NAMES) {
  test(`[${profile}] the unfaulted reference server gets no violation and no deviation beyond the profile's own (no false alarm)`, async () => {
    const report = await runMutation({ target: embeddedRun, mode: 'full', plan: 'remote', seed: SEED, profile, faults: [], baseline: true });
    expect(report.falseAlarms).toEqual([]);
    expect(report.baselineRequests).toBeGreaterThan(500);
  });
}

for (const profile of PROFILE_NAMES) {
  test(`[${profile}] one fault of every family is detected and named`, async () => {
    test.setTimeout(300_000);
    const report = await runMutation({ target: embeddedRun, mode: 'fast', plan: 'remote', seed: SEED, profile, settings: REMOTE_SWEEP, faults: Object.values(SAMPLE), baseline: false });
    expect(report.faults.map((f) => f.name).sort()).toEqual(Object.values(SAMPLE).sort());
    const missed = report.faults.filter((f) => !f.detected).map((f) => `${f.name} (expected ${f.detectedBy}; saw ${f.alsoViolated.join(', ') || 'nothing'})`);
    expect(missed, 'faults the suite did not catch').toEqual([]);
  });
}
