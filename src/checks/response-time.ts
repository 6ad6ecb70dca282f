/**
 * Every answer within the team's bound (check:response-time.<operationId>), judged only when
 * DISPATCH_MAX_RESPONSE_MS is set: no page states a response time, so the rule is assumed and a
 * slower answer deviates. A request that got no answer (a transport fault) is the client's to retry.
 */
import { RULES } from './rules.ts';
import { fail, pass, type Check } from './types.ts';

export const responseTime: Check = {
  name: 'response-time',
  rule: RULES.responseTime,
  applies: (ctx, reply) => ctx.maxResponseMs !== undefined && reply.status !== 0,
  run: (ctx, reply) => (reply.durationMs <= ctx.maxResponseMs! ? pass : fail(`answered ${reply.status} in ${Math.round(reply.durationMs)} ms, over DISPATCH_MAX_RESPONSE_MS ${ctx.maxResponseMs}`)),
};
