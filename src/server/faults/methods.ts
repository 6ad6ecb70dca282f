/**
 * Method faults: a method the spec does not give a path is answered in a way RFC 9110 does not
 * allow (a 405 without Allow), taken (PATCH served as the path's PUT), or refused after the server
 * acted on it. Each is caught on the path's `check:unsupported-method` row.
 */
import { CHECKS } from '../../results/model.ts';
import type { Fault } from './types.ts';

export const methodFaults: Fault[] = [
  {
    name: '405-without-allow',
    description: 'a 405 for a method the path does not support carries no Allow header (RFC 9110 says it MUST)',
    detectedBy: CHECKS.unsupportedMethod,
    family: 'methods',
    apply: (b) => void (b.methods.allowHeader = false),
  },
  {
    name: 'patch-as-put',
    description: "PATCH is served as the path's PUT (a 202 and the update applied), a method the spec does not document (a deviation)",
    detectedBy: CHECKS.unsupportedMethod,
    family: 'methods',
    apply: (b) => void (b.methods.aliases.PATCH = 'PUT'),
  },
  {
    name: 'acts-then-405',
    description: "a POST, PUT or PATCH the path does not support is carried out as the path's writing operation, then answered 405",
    detectedBy: CHECKS.unsupportedMethod,
    family: 'methods',
    apply: (b) => void (b.methods.actThenRefuse = true),
  },
];
