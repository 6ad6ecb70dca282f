/**
 * Referential ids both ways: for every body member that names a configured entity (a job type, a
 * job workflow, and locations and contacts when their pools are configured), a well-formed id that
 * names nothing is rejected. One test per member and operation.
 */
// The steps come from src/suite/run/steps.ts, the one plan the mutation runner runs too.
import { test } from '../../src/playwright/fixtures.ts';
import { stepTests } from '../../src/playwright/spec-file.ts';

for (const { group, tests } of await stepTests('referential')) {
  const declare = () => tests.forEach((t) => test(t.title, t.body));
  if (group) test.describe(group, declare);
  else declare();
}
