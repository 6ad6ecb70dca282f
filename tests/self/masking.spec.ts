/**
 * Violations that can be refused for one reason only: a violating case carries no member that a
 * conditional ties to the violated one, so a server that takes any string (or any case) as an
 * attribute dataType, while allowing a range only with "string" or "number", cannot hide behind
 * the range rule. Detection holds at every seed.
 */
import { test, expect } from '@playwright/test';
import { embeddedSuite } from '../../src/cli/embedded.ts';
import { buildCatalogue, getAtPointer, loadContract } from '../../src/contract/index.ts';
import { violations } from '../../src/generate/index.ts';
import { runMutation } from '../../src/mutation/runner.ts';
import { refPoolsOf } from '../../src/suite/slots.ts';
import { loadConfig } from '../../src/config/config.ts';
import { SEEDED_IDS } from '../../src/server/index.ts';

const FAULTS = ['createJobAttributes.attributes[].dataType:any-string', 'createJobAttributes.attributes[].dataType:case-insensitive'];
const SEEDS = [1, 2, 3, 4, 5];

for (const seed of SEEDS) {
  test(`seed ${seed}: a dataType violation is sent without the range a conditional reads with it, and both masking faults are caught`, async () => {
    const contract = loadContract();
    const catalogue = buildCatalogue(contract);
    const op = contract.operation('createJobAttributes');
    const refs = refPoolsOf(loadConfig({ envFile: '/nonexistent/.env', env: { DISPATCH_BASE_URL: 'http://127.0.0.1:9/x', DISPATCH_ACCESS_TOKEN: 't', DISPATCH_JOB_TYPE_ID: SEEDED_IDS.jobType.join(','), DISPATCH_JOB_WORKFLOW_ID: SEEDED_IDS.jobWorkflow.join(',') } }));
    const dataType = violations(contract, op, catalogue, { refs, seed }).filter((c) => c.constraintId === 'createJobAttributes.attributes[].dataType.enum');
    expect(dataType.length).toBeGreaterThan(0);
    for (const c of dataType) {
      const attribute = getAtPointer(c.body, c.instancePointer.slice(0, c.instancePointer.lastIndexOf('/'))) as Record<string, unknown>;
      expect(attribute, c.description).not.toHaveProperty('validation');
    }
    const report = await runMutation({ target: embeddedSuite, mode: 'fast', seed, profile: 'contract', faults: FAULTS, baseline: false });
    expect(report.faults.filter((f) => !f.detected).map((f) => f.name)).toEqual([]);
  });
}
