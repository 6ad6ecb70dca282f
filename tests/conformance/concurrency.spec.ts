/**
 * State semantics: concurrent creates make distinct jobs, concurrent writes are all kept, a write on
 * a completed job changes only what it sets, valid bodies of any size are taken and several MiB refused.
 */
// The steps come from src/suite/run/steps.ts, the one plan the mutation runner runs too.
import { test } from '../../src/playwright/fixtures.ts';
import { stepTests } from '../../src/playwright/spec-file.ts';

for (const { group, tests } of await stepTests('concurrency')) {
  const declare = () => tests.forEach((t) => test(t.title, t.body));
  if (group) test.describe(group, declare);
  else declare();
}
