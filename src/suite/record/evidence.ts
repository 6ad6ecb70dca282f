/** Turns replies into the evidence the reports show. */
import type { Reply } from '../../client/index.ts';
import { positionName, type Case } from '../../generate/case.ts';
import type { Evidence, Exchange } from '../../results/model.ts';

const EXCERPT = 600;

export function exchangeOf(reply: Reply): Exchange {
  return {
    method: reply.method,
    url: reply.url,
    requestHeaders: reply.requestHeaders,
    requestBody: reply.requestBody,
    ...(reply.bodyFile ? { bodyFile: reply.bodyFile } : {}),
    ...(reply.requestBytes ? { requestBytes: reply.requestBytes } : {}),
    status: reply.status,
    responseExcerpt: reply.text.length > EXCERPT ? `${reply.text.slice(0, EXCERPT)}…` : reply.text,
    requestId: reply.requestId,
    curl: reply.curl,
    durationMs: Math.round(reply.durationMs),
  };
}

export function describeOutcome(reply: Reply): string {
  if (reply.status >= 200 && reply.status < 300) return `accepted with ${reply.status}`;
  if (reply.status >= 400 && reply.status < 500) return `rejected with ${reply.status}`;
  return `answered ${reply.status}`;
}

export function expectedOf(c: Case): string {
  return c.expect === 'accept' ? 'accept (2xx)' : 'reject (4xx)';
}

export function caseEvidence(c: Case, reply: Reply, extra: Partial<Evidence> = {}): Evidence {
  return {
    expected: expectedOf(c),
    actual: describeOutcome(reply),
    caseDescription: c.description,
    ...(c.position ? { position: positionName(c.position) } : {}),
    exchange: exchangeOf(reply),
    ...extra,
  };
}
