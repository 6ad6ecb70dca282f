/** Envelope and status faults: the server answers with the wrong shape or the wrong code. */
import { CHECKS } from '../../results/model.ts';
import type { Reply } from '../behaviour.ts';
import type { Fault } from './types.ts';

const hook = (name: string, description: string, detectedBy: string, rewrite: (r: Reply) => Reply): Fault => ({
  name,
  description,
  detectedBy,
  family: 'envelope',
  apply: (b) => void b.replyHooks.push(rewrite),
});

const isError = (r: Reply) => r.status >= 400 && r.status < 500;
const isAccepted = (r: Reply) => r.status === 202;

export const envelopeFaults: Fault[] = [
  hook('plain-text-error', 'every 4xx body is plain text instead of the {error, request} envelope', CHECKS.errorEnvelope, (r) =>
    isError(r) ? { ...r, body: undefined, text: `error ${r.status}` } : r,
  ),
  hook('error-without-code', 'every 4xx envelope lacks error.code', CHECKS.errorEnvelope, (r) => {
    if (!isError(r)) return r;
    const body = r.body as { error?: Record<string, unknown> };
    const { code: _code, ...rest } = body.error ?? {};
    return { ...r, body: { ...body, error: rest } };
  }),
  hook('wrong-success-status', 'accepted writes are answered 200 instead of the documented 202', CHECKS.documentedStatus, (r) =>
    isAccepted(r) ? { ...r, status: 200 } : r,
  ),
  hook('bare-success-body', 'accepted writes answer {id} without the data member', CHECKS.successEnvelope, (r) =>
    isAccepted(r) ? { ...r, body: { id: (r.body as { data: { id: string } }).data.id } } : r,
  ),
];
