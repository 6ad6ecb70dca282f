/**
 * The suite keeps its power: against the reference server under every one of its faults, in each
 * profile (the contract's envelopes, and OS1's), the conformance engine reports the constraint or
 * check the fault breaks; against the unfaulted server it reports nothing. A fast pass (stopping
 * at the first detection) so CI fails when the suite loses power.
 */
import { embeddedSuite } from '../../src/cli/embedded.ts';
import { test, expect } from '@playwright/test';
import { listFaults, PROFILE_NAMES } from '../../src/server/index.ts';
import { runMutation } from '../../src/mutation/runner.ts';

const SEED = 20261128;
const CHUNKS = 3;
const faults = listFaults().map((f) => f.name);

for (const profile of PROFILE_NAMES) {
  test(`[${profile}] the unfaulted reference server gets no violation and no deviation (no false alarms)`, async () => {
    const report = await runMutation({ target: embeddedSuite, mode: 'fast', seed: SEED, profile, faults: [], baseline: true });
    expect(report.falseAlarms).toEqual([]);
    expect(report.baselineRequests).toBeGreaterThan(500);
  });

  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    const mine = faults.filter((_, i) => i % CHUNKS === chunk);
    test(`[${profile}] every fault is detected and named, part ${chunk + 1} of ${CHUNKS} (${mine.length} faults)`, async () => {
      test.setTimeout(300_000);
      const report = await runMutation({ target: embeddedSuite, mode: 'fast', seed: SEED, profile, faults: mine, baseline: false });
      const missed = report.faults
        .filter((f) => !f.detected && !f.equivalent && !f.untestable && !f.contested)
        .map((f) => `${f.name} (expected ${f.detectedBy}; saw ${f.alsoViolated.join(', ') || 'nothing'})`);
      expect(missed, 'faults the suite did not catch').toEqual([]);
      expect(report.faults).toHaveLength(mine.length);
      // An equivalent mutant is only excused with the reason no request can see it.
      for (const f of report.faults.filter((x) => x.equivalent)) expect(f.equivalent!.length).toBeGreaterThan(20);
      // Untestable only where the suite could not send the revealing case, and says why.
      for (const f of report.faults.filter((x) => x.untestable)) expect(f.untestable, f.name).toMatch(/not sent/);
      expect(report.faults.filter((x) => x.untestable).length).toBeLessThanOrEqual(2);
      // Contested only where the target's answer is the one another OS1 page gives.
      for (const f of report.faults.filter((x) => x.contested)) expect(f.contested, f.name).toMatch(/as another page has it/);
      expect(report.faults.filter((x) => x.contested).length).toBeLessThanOrEqual(2);
    });
  }
}
