/**
 * Token faults: the server lets in a token that is not one it issued, unchanged and alive. A token
 * compared ignoring case (a case-insensitive collation) or by the issued token it starts with (a
 * prefix compare) gets in altered in one character; an issued token never expires. Each is caught
 * on the API2 rows: `check:token-variants` for the altered ones, `check:token-expiry` for the
 * expired one.
 */
import { CHECKS } from '../../results/model.ts';
import type { Fault } from './types.ts';

export const tokenFaults: Fault[] = [
  {
    name: 'token-case-insensitive',
    description: 'X-COREOS-ACCESS is compared ignoring case (a case-insensitive collation): the token with one letter\'s case flipped gets in',
    detectedBy: CHECKS.tokenVariants,
    family: 'tokens',
    apply: (b) => void (b.access.tokenMatch = 'case-insensitive'),
  },
  {
    name: 'token-prefix-match',
    description: 'X-COREOS-ACCESS is taken for the token it starts with (a prefix compare): the token with a character appended gets in',
    detectedBy: CHECKS.tokenVariants,
    family: 'tokens',
    apply: (b) => void (b.access.tokenMatch = 'prefix'),
  },
  {
    name: 'expired-token-accepted',
    description: 'an issued token keeps working past its expiresIn',
    detectedBy: CHECKS.tokenExpiry,
    family: 'tokens',
    apply: (b) => void (b.access.tokensExpire = false),
  },
];
