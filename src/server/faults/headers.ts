/**
 * Header faults: the server does not require a header the spec marks required (it serves the
 * request as if the header were optional). One per required header parameter of the spec.
 */
import { CHECKS } from '../../results/model.ts';
import { serverContract } from '../contract.ts';
import type { Fault } from './types.ts';

export function headerFaults(): Fault[] {
  const required = new Set(serverContract().contract.operations.flatMap((op) => op.requiredHeaders));
  return [...required].map((header) => ({
    name: `optional-header:${header}`,
    description: `requests without ${header} are served, though the spec marks it required`,
    detectedBy: CHECKS.requiredHeaders,
    family: 'headers',
    apply: (b) => void b.optionalHeaders.push(header),
  }));
}
