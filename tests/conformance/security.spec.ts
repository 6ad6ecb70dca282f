/**
 * The access rules (provenance security, OWASP API Security Top 10 2023): another tenant cannot
 * reach the run's job, and each token is bound to its tenant (API1); only an issued, unchanged
 * token in X-COREOS-ACCESS gets in (API2); no body sets what the server owns (API3); error answers
 * do not show the implementation (API8, assumed: a deviation unless --strict).
 */
// The steps come from src/suite/run/steps.ts, the one plan the mutation runner runs too.
import { test } from '../../src/playwright/fixtures.ts';
import { stepTests } from '../../src/playwright/spec-file.ts';

for (const { group, tests } of await stepTests('security')) {
  const declare = () => tests.forEach((t) => test(t.title, t.body));
  if (group) test.describe(group, declare);
  else declare();
}
