/** Valid bodies for probes that test something other than the body. */
import fc from 'fast-check';
import type { Operation } from '../../contract/index.ts';
import { valid } from '../../generate/index.ts';
import type { SuiteContext } from '../run/context.ts';
import { tameBody } from '../constraints/silent.ts';

/**
 * One valid body for an operation, kept off the silent points (deterministic for the run's seed),
 * or undefined without a body. `keep` narrows the draw (e.g. at least one objective).
 */
export function validBody(ctx: SuiteContext, op: Operation, keep: (body: any) => boolean = () => true): unknown {
  if (!op.requestSchema) return undefined;
  const seed = ctx.config.seed;
  const arb = valid(op.requestSchema, { refs: ctx.refs(), seed }).filter(keep);
  return structuredClone(tameBody(ctx.contract, op, fc.sample(arb, { numRuns: 1, seed })[0]));
}

