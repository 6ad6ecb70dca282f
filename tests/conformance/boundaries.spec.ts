/**
 * Per operation: every boundary value is accepted. Boundary values of different members travel
 * together in few valid bodies (one request, and on a create one job, for many); a refused body is
 * unpacked to find the value refused, reported under its own constraint.
 */
// The steps come from src/suite/run/steps.ts, the one plan the mutation runner runs too.
import { test } from '../../src/playwright/fixtures.ts';
import { stepTests } from '../../src/playwright/spec-file.ts';

for (const { group, tests } of await stepTests('boundaries')) {
  const declare = () => tests.forEach((t) => test(t.title, t.body));
  if (group) test.describe(group, declare);
  else declare();
}
