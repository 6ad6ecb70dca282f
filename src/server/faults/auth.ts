/** Authentication faults: X-COREOS-ACCESS is not checked as it should be. */
import { CHECKS } from '../../results/model.ts';
import type { Fault } from './types.ts';

export const authFaults: Fault[] = [
  {
    name: 'no-auth',
    description: 'requests without or with a wrong X-COREOS-ACCESS are served as if authenticated',
    detectedBy: CHECKS.auth,
    family: 'auth',
    apply: (b) => void (b.auth = 'off'),
  },
  {
    name: 'any-token',
    description: 'a missing X-COREOS-ACCESS gets a 401, but any non-empty (wrong) token is accepted',
    detectedBy: CHECKS.auth,
    family: 'auth',
    apply: (b) => void (b.auth = 'present'),
  },
  {
    name: 'auth-403',
    description: 'missing or wrong credentials get a 403 instead of the documented 401',
    detectedBy: CHECKS.auth,
    family: 'auth',
    apply: (b) => void b.replyHooks.push((r) => (r.status === 401 ? { ...r, status: 403 } : r)),
  },
];
