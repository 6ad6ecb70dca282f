/**
 * Referential ids both ways. The constraint cases send configured ids (they must be accepted); this
 * probe sends, for every `x-referential` member of a body, a well-formed id that names nothing, and
 * expects a rejection (4xx), separately from the length cases. Members that name a job (a jobId, a
 * jobRef) are the suite's own making: an unknown one is the unknown-id probe's (404) or a silent
 * point (unknown ids inside a bulk request). Locations and contacts are judged only when a pool of
 * existing ones is configured; without one the row says the target is taken not to check them.
 */
import { getAtPointer, type Constraint, type Operation, type ReferentialKind } from '../../contract/index.ts';
import { RULES, REFUSAL_CHECKS } from '../../checks/index.ts';
import { codePoints, withValueAt } from '../../generate/index.ts';
import type { Reason, ResultRecord } from '../../results/model.ts';
import type { SuiteContext } from '../run/context.ts';
import { describeOutcome, exchangeOf } from '../record/evidence.ts';
import { prepare } from '../jobs/prepare.ts';
import type { Recorder } from '../record/recorder.ts';
import { afterSend } from '../record/judge.ts';
import { resilient } from '../run/resilient.ts';
import { validBody } from './bodies.ts';

/** The entities a target keeps that the suite names from configuration, and the setting that lists them. */
const CONFIGURED: Partial<Record<ReferentialKind, string>> = {
  jobType: 'DISPATCH_JOB_TYPE_ID',
  jobWorkflow: 'DISPATCH_JOB_WORKFLOW_ID',
  location: 'DISPATCH_LOCATION_IDS',
  contact: 'DISPATCH_CONTACT_IDS',
};

/** One referential member of one operation's body. */
export interface ReferentialMember {
  operationId: string;
  /** The catalogue path, e.g. `objectives[].location`. */
  path: string;
  kind: ReferentialKind;
  /** Pointer of the member's schema node in the operation's inlined request schema. */
  nodePointer: string;
}

/** Every body member that names a configured entity, from the catalogue (one per operation and path). */
export function referentialMembers(catalogue: Constraint[]): ReferentialMember[] {
  const out = new Map<string, ReferentialMember>();
  for (const c of catalogue) {
    if (!c.referential || !CONFIGURED[c.referential]) continue;
    out.set(`${c.operationId} ${c.path}`, { operationId: c.operationId, path: c.path, kind: c.referential, nodePointer: c.nodePointer });
  }
  return [...out.values()];
}

/** The row id of a member's probe. */
export function referentialRowId(m: ReferentialMember): string {
  return `${RULES.unknownReference.id}.${m.path}.${m.operationId}`;
}

/** `objectives[].location` → `/objectives/0/location`. */
function pointerOf(path: string): string {
  return path
    .split('.')
    .flatMap((part) => (part.endsWith('[]') ? [part.slice(0, -2), '0'] : [part]))
    .map((t) => `/${t}`)
    .join('');
}

/** A well-formed id no entity of this run's target can have: the run's tag, fitted to the member's length limits. */
function unknownId(ctx: SuiteContext, node: { minLength?: number; maxLength?: number }, pool: readonly string[]): string {
  const min = node.minLength ?? 1;
  const max = node.maxLength ?? 64;
  let id = `nx-${ctx.config.runId}`;
  if (codePoints(id) > max) id = [...id].slice(-max).join('');
  if (codePoints(id) < min) id = id.padEnd(min, '0');
  return pool.includes(id) ? `${id.slice(0, -1)}9` : id;
}

export async function probeUnknownReference(ctx: SuiteContext, recorder: Recorder, m: ReferentialMember): Promise<ResultRecord> {
  const op: Operation = ctx.contract.operation(m.operationId);
  const row = recorder.checkRow(RULES.unknownReference, op, `rejects an unknown ${m.kind} id in ${m.path} (4xx)`, m.path);
  const setting = CONFIGURED[m.kind]!;
  const pool = ctx.refs()[m.kind] ?? [];
  const untested = (reason: Reason) => {
    recorder.notSent(row, reason);
    return row;
  };
  if (pool.length === 0) return untested({ code: 'no-pool', text: `not sent: no ${setting} is configured, so the target is taken not to check ${m.kind} ids (configure the pool to test it)` });
  const pointer = pointerOf(m.path);
  const base = validBody(ctx, op, (b) => getAtPointer(b, pointer) !== undefined);
  const node = getAtPointer(op.requestSchema, m.nodePointer) as { minLength?: number; maxLength?: number };
  const id = unknownId(ctx, node, pool);
  const body = withValueAt(base, pointer, id);
  if (!ctx.contract.validatorFor(op.requestSchema!)(body)) return untested({ code: 'unsendable', text: `not sent: no well-formed ${m.path} could be made that names nothing (${id} breaks the schema)` });
  // Lost to the transport, the probe runs again from the start.
  await resilient(ctx, recorder, row.rowId, `the unknown ${m.kind} probe`, async () => {
    // The target must refuse it: it goes to the open job, and a create reserves no job.
    const prepared = await prepare(ctx, op, { operationId: op.operationId, kind: 'valid', expect: 'accept', instancePointer: '', path: 'body', description: `a valid body whose ${m.path} names no ${m.kind}`, body }, 'reject');
    if (!prepared.send) return recorder.notSent(row, prepared.reason);
    const reply = await ctx.client.send(op, { pathParams: prepared.pathParams, body: prepared.body });
    afterSend(ctx, op, prepared, reply);
    recorder.observe(op, reply, undefined, REFUSAL_CHECKS);
    if (reply.status >= 400 && reply.status < 500) {
      recorder.pass(row, 'reject');
    } else {
      recorder.fail(row, 'reject', {
        expected: `reject (4xx): ${m.path} ${JSON.stringify(id)} names no ${m.kind} (the ids that exist: ${setting})`,
        actual: `${describeOutcome(reply)} for ${m.path} ${JSON.stringify(id)}`,
        caseDescription: `a valid body whose ${m.path} is a well-formed id that names nothing`,
        exchange: exchangeOf(reply),
      });
    }
  });
  return row;
}
