import { statusesFor, type ReferentialKind } from '../contract/index.ts';
import { RULES } from './rules.ts';
import { fail, is4xx, pass, type Check } from './types.ts';

/**
 * The members that identify the job a request acts on: a jobRef or jobId too long (or otherwise
 * invalid) to name any job may defensibly be answered 404, "the requested resource doesn't exist".
 */
const IDENTIFIERS: readonly ReferentialKind[] = ['job', 'jobRef'];

/**
 * Status precision: a rejected case is rejected with the status the operation documents for an
 * invalid body (its responses' `x-answers: [invalidBody]`, 400), not with another 4xx. Judged on the
 * case's own constraint row, as a finding of its own: the constraint's expectation (4xx) is met,
 * the meaning of the codes is not. Where the invalid member is the identifier and the answer is
 * the status documented for an unknown id, the finding is the rule's assumed part (a deviation).
 * Cases the pages contradict each other on are not judged (either answer conforms there).
 */
export const statusPrecision: Check = {
  name: 'status-precision',
  rule: RULES.statusPrecision,
  recordsOn: 'case',
  applies: (_ctx, reply, c) => c !== undefined && c.expect === 'reject' && c.constraintId !== undefined && !c.contested && is4xx(reply.status),
  run({ op }, reply, c) {
    const expected = statusesFor(op, 'invalidBody');
    if (expected.length === 0 || expected.includes(reply.status)) return pass;
    const want = expected.join(' or ');
    if (c!.referential && IDENTIFIERS.includes(c!.referential) && statusesFor(op, 'unknownId').includes(reply.status)) {
      const identifier = RULES.statusPrecision.parts.identifier;
      return fail(`${c!.path} is invalid, and is the identifier itself: rejected with ${reply.status} (defensible: it names no job) where the reference means ${want} for an invalid body`, identifier.provenance);
    }
    return fail(`rejected with ${reply.status} where ${op.operationId} documents ${want} for a body that breaks a documented constraint (${c!.path} is invalid; the resource exists and the token is valid)`);
  },
};
