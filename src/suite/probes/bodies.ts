/** Valid bodies for probes that test something other than the body. */
import fc from 'fast-check';
import type { Operation } from '../../contract/index.ts';
import { valid } from '../../generate/index.ts';
import type { SuiteContext } from '../context.ts';

/** One valid body for an operation (deterministic for the run's seed), or undefined without a body. */
export function validBody(ctx: SuiteContext, op: Operation, salt = 0): unknown {
  if (!op.requestSchema) return undefined;
  const seed = ctx.config.seed + salt;
  return fc.sample(valid(op.requestSchema, { refs: ctx.refs(), seed }), { numRuns: 1, seed })[0];
}

/** A job id that cannot exist on the target. */
export function unknownJobId(ctx: SuiteContext): string {
  return `job:00000000-0000-4000-8000-${ctx.config.runId.padEnd(12, '0').slice(0, 12).replace(/[^0-9a-f]/g, '0')}`;
}
