/**
 * Path faults: a path parameter that names nothing is not refused as it should be. The decoder's
 * error reaches the caller as a 500, an encoded slash splits the parameter and dot segments walk to
 * an existing job, or an id longer than the schemas allow overflows a column. Each is caught on the
 * operations' `check:path-parameters` rows.
 */
import { CHECKS } from '../../results/model.ts';
import { serverContract } from '../contract.ts';
import type { Fault } from './types.ts';

/** The widest id the schemas allow (a jobId of a bulk change, a jobTypeId): a column of that width. */
function idColumnWidth(): number {
  const { catalogue } = serverContract();
  const ids = catalogue.filter((c) => c.keyword === 'maxLength' && /(?:^|\.|\])(jobId|jobTypeId)$/.test(c.path)).map((c) => c.limit as number);
  return Math.max(...ids);
}

export const pathFaults: Fault[] = [
  {
    name: 'path-bad-encoding-500',
    description: 'a path parameter that does not percent-decode (job-%zz) gets a 500: the decoder\'s URIError is not caught',
    detectedBy: CHECKS.pathParameters,
    family: 'paths',
    apply: (b) => void (b.paths.badEncoding = 'crash'),
  },
  {
    name: 'path-decoded-before-routing',
    description: 'the path is percent-decoded and its dot segments resolved before routing: x%2F..%2F{jobId} reaches that job',
    detectedBy: CHECKS.pathParameters,
    family: 'paths',
    apply: (b) => void (b.paths.decodeBeforeRouting = true),
  },
  {
    name: 'path-id-too-long-500',
    description: 'a path parameter longer than the schemas allow an id (jobs[].jobId, jobTypeId) gets a 500: it overflows the column it is looked up in',
    detectedBy: CHECKS.pathParameters,
    family: 'paths',
    apply: (b) => void (b.paths.crashOverLength = idColumnWidth()),
  },
];
