/**
 * Required headers: per operation, each header the spec marks required (or DISPATCH_REQUIRED_HEADERS
 * lists) is left out once on an otherwise valid request, and the request must be refused (4xx).
 * X-COREOS-ACCESS is left out by the 401 test of operations.spec.ts.
 */
// The steps come from src/suite/run/steps.ts, the one plan the mutation runner runs too.
import { test } from '../../src/playwright/fixtures.ts';
import { stepTests } from '../../src/playwright/spec-file.ts';

for (const { group, tests } of await stepTests('headers')) {
  const declare = () => tests.forEach((t) => test(t.title, t.body));
  if (group) test.describe(group, declare);
  else declare();
}
