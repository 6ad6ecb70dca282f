/**
 * A conformance spec file's tests, from the one plan of steps (steps.ts) as listed (step-list.ts):
 * per describe group, the steps of the file, each with the body its Playwright test runs (the
 * step, then the verdicts' end: expectConformance). The spec file itself calls `test()`, so that
 * Playwright shows each test at its own file and line. Listing loads no engine: Playwright's
 * runner lists every test and runs none; a worker loads the engine when its first test runs.
 */
import { engine, expectConformance, type ConformanceFixtures } from './fixtures.ts';
import { listSteps } from './step-list.ts';
import type { StepFile } from '../suite/run/steps.ts';

export interface StepTest {
  title: string;
  body: (fixtures: ConformanceFixtures) => Promise<void>;
}

/** The groups of a spec file ('' for steps outside any group), each with its tests in order. */
export async function stepTests(file: StepFile): Promise<{ group: string; tests: StepTest[] }[]> {
  const groups = new Map<string, StepTest[]>();
  for (const listed of (await listSteps()).filter((s) => s.file === file)) {
    const tests = groups.get(listed.group) ?? [];
    tests.push({
      title: listed.title,
      body: async ({ suite, recorder }) => {
        const { stepOf } = await engine();
        await stepOf(listed).run(suite, recorder);
        expectConformance(recorder, listed.owns);
      },
    });
    groups.set(listed.group, tests);
  }
  return [...groups].map(([group, tests]) => ({ group, tests }));
}
