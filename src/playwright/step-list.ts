/**
 * The conformance tests as Playwright lists them: each step's file, describe group, title and the
 * rows it owns, without the engine (its generators, probes and checks), which only a worker that
 * runs a test loads. The list is the plan of steps (src/suite/run/steps.ts): `npm run conformance`
 * computed it already to check the command line's selection, and hands it over in the run's folder
 * (STEP_LIST_ENV names the file); run directly, the plan is made here.
 */
import fs from 'node:fs';
import { writeWhole } from '../shared/write-whole.ts';
import type { StepFile } from '../suite/run/steps.ts';

/** A step as listed: what Playwright needs to name its test, and the rows the test owns. */
export interface ListedStep {
  file: StepFile;
  /** The describe group ('' for none). */
  group: string;
  title: string;
  owns: string[];
}

/** Names the file of the run's step list (written by the command line, read by the runner and the workers). */
export const STEP_LIST_ENV = 'CONFORMANCE_STEP_LIST';

let listed: ListedStep[] | undefined;

/** Every step of the run, as listed. */
export async function listSteps(): Promise<ListedStep[]> {
  if (listed) return listed;
  const file = process.env[STEP_LIST_ENV];
  if (file) {
    try {
      return (listed = JSON.parse(fs.readFileSync(file, 'utf8')) as ListedStep[]);
    } catch {
      // Gone or unreadable: made here, as a run started directly makes it.
    }
  }
  const [{ buildCatalogue, loadContract }, { suiteSteps }] = await Promise.all([import('../contract/index.ts'), import('../suite/run/steps.ts')]);
  const contract = loadContract();
  return (listed = stepListOf(suiteSteps(contract, buildCatalogue(contract))));
}

/** The list of these steps. */
export function stepListOf(steps: { file: StepFile; group?: string; title: string; owns: string[] }[]): ListedStep[] {
  return steps.map((s) => ({ file: s.file, group: s.group ?? '', title: s.title, owns: s.owns }));
}

/** Writes the list for the run's other processes; the path to set STEP_LIST_ENV to. */
export function writeStepList(file: string, steps: ListedStep[]): string {
  writeWhole(file, JSON.stringify(steps));
  return file;
}
