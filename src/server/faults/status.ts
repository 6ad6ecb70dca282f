/**
 * Status faults: an invalid body is refused, but with the wrong documented code. The suite must
 * report a finding of status precision on the constraint's row: a violation where the code breaks
 * the reference's meaning, a deviation where the invalid member is the identifier itself (404 is
 * defensible there, 400 is this project's pin). Both work on the reply as either profile shapes it.
 */
import { CHECKS } from '../../results/model.ts';
import type { Reply } from '../behaviour.ts';
import type { ReplyContext } from '../profiles.ts';
import type { Fault } from './types.ts';
import { isRecord } from '../../shared/json.ts';


/** The member a 400 for an invalid body names (`error.member`, or OS1's `error.additionalInfo.member`); undefined for any other reply. */
function invalidMember(r: Reply): string | undefined {
  if (r.status !== 400 || !isRecord(r.body) || !isRecord(r.body.error)) return undefined;
  const error = r.body.error;
  const info = isRecord(error.additionalInfo) ? error.additionalInfo : error;
  return typeof info.keyword === 'string' && typeof info.member === 'string' ? info.member : undefined;
}

const hook = (name: string, description: string, rewrite: (r: Reply, ctx: ReplyContext) => Reply): Fault => ({
  name,
  description,
  detectedBy: CHECKS.statusPrecision,
  family: 'status',
  apply: (b) => void b.replyHooks.push(rewrite),
});

export const statusFaults: Fault[] = [
  hook('invalid-body-404', 'updateJobById answers 404 instead of 400 to an invalid body sent to an existing job (it reports the job as not found)', (r, ctx) =>
    ctx.operationId === 'updateJobById' && invalidMember(r) !== undefined ? { ...r, status: 404 } : r,
  ),
  hook('invalid-jobref-404', "updateJob answers 404 instead of 400 when jobRef itself is invalid (it looks the ref up before checking the body: defensible, but not this project's pin)", (r, ctx) =>
    ctx.operationId === 'updateJob' && invalidMember(r) === 'jobRef' ? { ...r, status: 404 } : r,
  ),
];
