/**
 * Writes beyond their constraints' cases: a write the target refuses leaves what it named as it was
 * (EvoMaster's fault category); repeated creates and updates, equal items in an array; numbers at
 * the edges of JSON in every numeric member.
 */
// The steps come from src/suite/run/steps.ts, the one plan the mutation runner runs too.
import { test } from '../../src/playwright/fixtures.ts';
import { stepTests } from '../../src/playwright/spec-file.ts';

for (const { group, tests } of await stepTests('writes')) {
  const declare = () => tests.forEach((t) => test(t.title, t.body));
  if (group) test.describe(group, declare);
  else declare();
}
