/**
 * Referential ids both ways: for every body member that names a configured entity (a job type, a
 * job workflow, and locations and contacts when their pools are configured), a well-formed id that
 * names nothing is rejected. One test per member and operation.
 */
// The steps come from src/suite/steps.ts, the one plan the mutation runner runs too.
import { runSpecFile } from '../../src/playwright/spec-file.ts';

runSpecFile('referential');
