/** Reads reflect writes (model-based, shrinking to the shortest failing sequence). */
// The steps come from src/suite/steps.ts, the one plan the mutation runner runs too.
import { runSpecFile } from '../../src/playwright/spec-file.ts';

runSpecFile('read-after-write');
