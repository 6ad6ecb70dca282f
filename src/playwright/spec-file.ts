/**
 * A conformance spec file's tests, from the one plan of steps (steps.ts): per describe group, the
 * steps of the file, each with the body its Playwright test runs (the step, then the verdicts'
 * end: expectConformance). The spec file itself calls `test()`, so that Playwright shows each
 * test at its own file and line.
 */
import { buildCatalogue, loadContract } from '../contract/index.ts';
import { expectConformance, type ConformanceFixtures } from './fixtures.ts';
import { stepsByGroup, suiteSteps, type StepFile } from '../suite/run/steps.ts';

export interface StepTest {
  title: string;
  body: (fixtures: ConformanceFixtures) => Promise<void>;
}

/** The groups of a spec file ('' for steps outside any group), each with its tests in order. */
export function stepTests(file: StepFile): { group: string; tests: StepTest[] }[] {
  const contract = loadContract();
  return [...stepsByGroup(suiteSteps(contract, buildCatalogue(contract)), file)].map(([group, steps]) => ({
    group,
    tests: steps.map((step) => ({
      title: step.title,
      body: async ({ suite, recorder }) => {
        await step.run(suite, recorder);
        expectConformance(recorder, step.owns);
      },
    })),
  }));
}
