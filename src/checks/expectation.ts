import { fail, is2xx, is4xx, pass, type Check } from './types.ts';

/** A case the documentation accepts is answered 2xx; one it rejects is answered 4xx. */
export const expectation: Check = {
  name: 'expectation',
  id: 'expectation',
  describe: 'accepts valid bodies and rejects invalid ones',
  applies: (_ctx, _reply, c) => c !== undefined,
  run(_ctx, reply, c) {
    if (c!.expect === 'accept') {
      return is2xx(reply.status) ? pass : fail(`a valid body was answered ${reply.status} instead of 2xx`);
    }
    if (is4xx(reply.status)) return pass;
    return fail(is2xx(reply.status) ? `an invalid body was accepted (${reply.status}) instead of rejected with 4xx` : `an invalid body was answered ${reply.status} instead of 4xx`);
  },
};
