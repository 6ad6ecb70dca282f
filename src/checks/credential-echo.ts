/**
 * No answer carries the caller's credentials (check:credential-echo, API8): the access token, an
 * issued token or the client secret of the run, as the client saw the answer before masking it.
 * Only answers to requests that carried the run's own credentials are judged: a probe's altered
 * or foreign token echoed back is not the caller's credential. One row for the run.
 */
import { RULES } from './rules.ts';
import { fail, pass, type Check } from './types.ts';

export const credentialEcho: Check = {
  name: 'credential-echo',
  rule: RULES.credentialEcho,
  recordsOn: 'run',
  applies: (_ctx, reply) => reply.echoedCredentials !== undefined,
  run: (_ctx, reply) => (reply.echoedCredentials ? fail(`answered ${reply.status} with the caller's credentials in its body (masked in this report)`) : pass),
};
