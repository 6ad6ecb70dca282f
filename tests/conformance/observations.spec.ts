/**
 * Where the documentation is silent: probe and record what the target does. These never fail on
 * the answer itself; only a 5xx (never acceptable) fails them, and a broken envelope fails the run.
 */
// The steps come from src/suite/run/steps.ts, the one plan the mutation runner runs too.
import { test } from '../../src/playwright/fixtures.ts';
import { stepTests } from '../../src/playwright/spec-file.ts';

for (const { group, tests } of await stepTests('observations')) {
  const declare = () => tests.forEach((t) => test(t.title, t.body));
  if (group) test.describe(group, declare);
  else declare();
}
