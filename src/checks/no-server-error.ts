import { RULES } from './rules.ts';
import { fail, pass, type Check } from './types.ts';

/** A 5xx is never an acceptable answer to anything the suite sends. */
export const noServerError: Check = {
  name: 'no-5xx',
  rule: RULES.no5xx,
  applies: () => true,
  run: (_ctx, reply) => (reply.status >= 500 ? fail(`answered ${reply.status}: a 5xx is never acceptable`) : pass),
};
