/**
 * Where the documentation is silent: probe and record what the target does. These never fail on
 * the answer itself; only a 5xx (never acceptable) fails them, and a broken envelope fails the run.
 */
// The steps come from src/suite/steps.ts, the one plan the mutation runner runs too.
import { runSpecFile } from '../../src/playwright/spec-file.ts';

runSpecFile('observations');
