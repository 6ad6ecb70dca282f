/**
 * An operation's deterministic cases (boundary packs, boundaries alone, violations), made once per
 * run: they depend only on the operation's schemas, the catalogue, the seed and the configured id
 * pools, yet every process of a run (the command line's plan, each worker) made them again, a
 * third of a second each. The first process to make an operation's cases leaves them in the run's
 * folder, named by the digest of all they depend on; the others read them there. Written with
 * v8's serializer, which keeps what JSON would lose (undefined members, -0, NaN, a lone surrogate,
 * shared objects), then renamed into place: a reader never sees half a file, and one that finds
 * none (or cannot read it) makes the cases itself, the same ones.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import v8 from 'node:v8';
import { writeWhole } from '../../shared/write-whole.ts';
import type { Constraint, Operation } from '../../contract/index.ts';
import type { Case } from '../../generate/case.ts';
import type { Pack, RefPools } from '../../generate/index.ts';
import type { RunDir } from './run-dir.ts';

/** An operation's deterministic cases. */
export interface OperationCases {
  packs: Pack[];
  boundaries: Case[];
  violations: Case[];
}

/** The file of an operation's cases, by the digest of what they depend on. */
function fileOf(runDir: RunDir, op: Operation, catalogue: Constraint[], seed: number, pools: RefPools): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([op.requestSchema ?? null, op.readings, catalogue.filter((c) => c.operationId === op.operationId).map((c) => c.id), seed, pools]))
    .digest('hex')
    .slice(0, 24);
  return runDir.pathOf(`cases-${op.operationId}-${digest}.v8`);
}

/** The operation's cases as a process of this run left them; undefined when none did (or they cannot be read). */
export function readCases(runDir: RunDir, op: Operation, catalogue: Constraint[], seed: number, pools: RefPools): OperationCases | undefined {
  try {
    return v8.deserialize(fs.readFileSync(fileOf(runDir, op, catalogue, seed, pools))) as OperationCases;
  } catch {
    return undefined;
  }
}

/** Leaves the operation's cases for the run's other processes (the first writer's stay; a folder that cannot be written only costs them the work). */
export function writeCases(runDir: RunDir, op: Operation, catalogue: Constraint[], seed: number, pools: RefPools, cases: OperationCases): void {
  try {
    const file = fileOf(runDir, op, catalogue, seed, pools);
    if (!fs.existsSync(file)) writeWhole(file, v8.serialize(cases));
  } catch {
    // Not writable: each process makes its own.
  }
}
