/**
 * A conformance spec file's tests, from the one plan of steps (steps.ts): one Playwright test per
 * step of the file, in its describe group, failing on the rows the step owns.
 */
import { buildCatalogue, loadContract } from '../contract/index.ts';
import { expectConformance, test } from './fixtures.ts';
import { stepsByGroup, suiteSteps, type StepFile } from '../suite/steps.ts';

export function runSpecFile(file: StepFile): void {
  const contract = loadContract();
  for (const [group, steps] of stepsByGroup(suiteSteps(contract, buildCatalogue(contract)), file)) {
    const declare = () => {
      for (const step of steps) {
        test(step.title, async ({ suite, recorder }) => {
          await step.run(suite, recorder);
          expectConformance(recorder, step.owns);
        });
      }
    };
    if (group) test.describe(group, declare);
    else declare();
  }
}
