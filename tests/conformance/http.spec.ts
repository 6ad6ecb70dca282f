/**
 * The HTTP surface beyond the nine operations' own requests: each path with the methods the spec
 * does not give it (RFC 9110: 405 with Allow, or 404; nothing changes), and each path parameter as
 * something that names no entity (400 or 404, never a 5xx or another entity's data).
 */
// The steps come from src/suite/run/steps.ts, the one plan the mutation runner runs too.
import { test } from '../../src/playwright/fixtures.ts';
import { stepTests } from '../../src/playwright/spec-file.ts';

for (const { group, tests } of await stepTests('http')) {
  const declare = () => tests.forEach((t) => test(t.title, t.body));
  if (group) test.describe(group, declare);
  else declare();
}
