/**
 * Per operation: random valid bodies are accepted; unknown ids get 404; missing or wrong
 * credentials get 401; a body that is not JSON gets 400 (or 415). Every exchange also goes through
 * the response checks (no 5xx, documented status, envelopes); those rows fail the run, and a 5xx
 * also fails the test that met it.
 */
// The steps come from src/suite/run/steps.ts, the one plan the mutation runner runs too.
import { test } from '../../src/playwright/fixtures.ts';
import { stepTests } from '../../src/playwright/spec-file.ts';

for (const { group, tests } of await stepTests('operations')) {
  const declare = () => tests.forEach((t) => test(t.title, t.body));
  if (group) test.describe(group, declare);
  else declare();
}
