/** Sends one case and judges the answer. */
import type { Operation } from '../contract/index.ts';
import type { Reply } from '../client/index.ts';
import type { CheckFailure } from '../checks/index.ts';
import type { Case } from '../generate/case.ts';
import type { SuiteContext } from './context.ts';
import { prepare } from './prepare.ts';
import type { Recorder } from './recorder.ts';

export type Judgement =
  | { sent: false; reason: string }
  | { sent: true; reply: Reply; failures: CheckFailure[]; /** The expectation failed: the case's constraint is violated. */ broken: boolean; sentCase: Case };

export async function judge(ctx: SuiteContext, recorder: Recorder, op: Operation, c: Case): Promise<Judgement> {
  const p = await prepare(ctx, op, c);
  if (!p.send) return { sent: false, reason: p.reason };
  const reply = await ctx.client.send(op, { pathParams: p.pathParams, body: p.body });
  const sentCase = p.body === c.body ? c : { ...c, body: p.body };
  const failures = recorder.observe(op, reply, sentCase);
  const broken = failures.some((f) => f.check.id === 'expectation');
  return { sent: true, reply, failures, broken, sentCase };
}
