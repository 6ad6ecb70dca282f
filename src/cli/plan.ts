/** `npm run conformance -- --dry-run`: the requests a run would send, sending none. */
import type { Config } from '../config/config.ts';
import type { Constraint, Contract } from '../contract/index.ts';
import { boundaries, violations } from '../generate/index.ts';
import { refPoolsOf } from '../suite/context.ts';

export function printPlan(config: Config, contract: Contract, catalogue: Constraint[]): number {
  const refs = refPoolsOf(config);
  let total = 0;
  const out: string[] = [];
  for (const op of contract.operations) {
    if (!op.requestSchema) continue;
    const options = { refs, seed: config.seed };
    const cases = [...boundaries(contract, op, catalogue, options), ...violations(contract, op, catalogue, options)];
    for (const c of cases) out.push(`${op.method.padEnd(4)} ${op.path.padEnd(36)} ${c.expect.padEnd(6)} ${(c.constraintId ?? '').padEnd(70)} ${c.description}`);
    total += cases.length + config.runs;
    out.push(`${op.method.padEnd(4)} ${op.path.padEnd(36)} accept ${''.padEnd(70)} ${config.runs} random valid bodies`);
  }
  process.stdout.write(out.join('\n') + '\n');
  process.stdout.write(
    `dry run: about ${total} body requests (plus jobs created to test with, random violations, auth, required-header, 404, unknown-reference, malformed-body, read-after-write and observation probes); seed ${config.seed}; nothing was sent\n`,
  );
  return 0;
}
