import { fail, is2xx, is4xx, pass, type Check } from './types.ts';

/**
 * A case the documentation accepts is answered 2xx; one it rejects is answered 4xx. Where the pages
 * contradict each other on the case (it is `contested`), either answer conforms. Its rule is the
 * case's own constraint, so it reports under the constraint's row (the caller records it).
 */
export const expectation: Check = {
  name: 'expectation',
  applies: (_ctx, _reply, c) => c !== undefined,
  run(_ctx, reply, c) {
    if (c!.contested && (is2xx(reply.status) || is4xx(reply.status))) return pass;
    if (c!.expect === 'accept') {
      return is2xx(reply.status) ? pass : fail(`a valid body was answered ${reply.status} instead of 2xx`);
    }
    if (is4xx(reply.status)) return pass;
    return fail(is2xx(reply.status) ? `an invalid body was accepted (${reply.status}) instead of rejected with 4xx` : `an invalid body was answered ${reply.status} instead of 4xx`);
  },
};
