/**
 * Every catalogue constraint, both ways: its on-boundary valid cases are accepted, its violating
 * cases rejected (never a 5xx). One test per constraint, named by its id.
 */
// The steps come from src/suite/steps.ts, the one plan the mutation runner runs too.
import { runSpecFile } from '../../src/playwright/spec-file.ts';

runSpecFile('constraints');
