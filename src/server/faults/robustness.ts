/** Robustness faults: bad input that should be a 4xx crashes the server into a 5xx. */
import { CHECKS } from '../../results/model.ts';
import type { Fault } from './types.ts';

export const robustnessFaults: Fault[] = [
  {
    name: '5xx-on-bad-input',
    description: 'a body that misses a required member gets a 500 instead of a 400',
    detectedBy: CHECKS.no5xx,
    family: 'robustness',
    apply: (b) => void (b.invalidBody = 'crash-on-missing'),
  },
  {
    name: 'malformed-json-500',
    description: 'a body that is not JSON gets a 500 instead of a 400',
    detectedBy: CHECKS.malformedBody,
    family: 'robustness',
    apply: (b) => void (b.malformedJson = 'crash'),
  },
  {
    name: 'malformed-json-202',
    description: 'a body that is not JSON (empty, truncated, not JSON at all, or any non-JSON form) is answered 202 and nothing is done: the parser\'s error is swallowed',
    detectedBy: CHECKS.malformedBody,
    family: 'robustness',
    apply: (b) => void (b.malformedJson = 'accept'),
  },
  {
    name: 'unknown-id-500',
    description: 'an unknown jobId, jobRef or jobTypeId gets a 500 instead of a 404',
    detectedBy: CHECKS.no5xx,
    family: 'robustness',
    apply: (b) => void (b.unknownId = 'crash'),
  },
];
