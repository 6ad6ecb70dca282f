import { RULES } from './rules.ts';
import { fail, pass, type Check } from './types.ts';

/** The status is one the operation documents (a softer check than the status class). */
export const documentedStatus: Check = {
  name: 'documented-status',
  rule: RULES.documentedStatus,
  applies: (_ctx, reply) => reply.status < 500,
  run({ op }, reply) {
    const documented = Object.keys(op.responses);
    if (documented.includes(String(reply.status)) || documented.includes('default')) return pass;
    return fail(`${op.operationId} answered ${reply.status}, which it does not document (${documented.join(', ')})`);
  },
};
