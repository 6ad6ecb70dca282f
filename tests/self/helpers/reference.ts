/** Talking to the reference server in tests: OS1 headers, one call, and a valid job body. */
import { DEFAULT_CREDENTIALS, SEEDED_IDS, type RunningServer } from '../../../src/server/index.ts';

/** A body sent as these exact characters, not JSON-encoded. */
export class Raw {
  constructor(readonly text: string) {}
}

export interface Answer {
  status: number;
  json: any;
  text: string;
  contentType: string;
  headers: Headers;
  /** The X-COREOS-REQUEST-ID the call sent. */
  requestId: string;
}

/** The OS1 headers with the server's default token and a fresh request id; `extra` overrides. */
export function osHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-coreos-access': DEFAULT_CREDENTIALS.accessToken,
    'x-coreos-request-id': `req-${Math.random().toString(36).slice(2)}`,
    'x-coreos-tid': 'conformance',
    'x-coreos-userinfo': '{"id":"qa","name":"conformance"}',
    ...extra,
  };
}

export async function call(server: RunningServer, method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Answer> {
  const headers = osHeaders(extra);
  const res = await fetch(server.baseUrl + path, { method, headers, body: body === undefined ? undefined : body instanceof Raw ? body.text : JSON.stringify(body) });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, contentType: res.headers.get('content-type') ?? '', headers: res.headers, requestId: headers['x-coreos-request-id']! };
}

/** A createJob body the reference server accepts (seeded ids, off every silent point). */
export function validJob(over: Record<string, unknown> = {}) {
  return {
    jobWorkflowId: SEEDED_IDS.jobWorkflow[0],
    jobTypeId: SEEDED_IDS.jobType[0],
    objectives: [{ objectiveRef: 'obj-1', location: 'loc-1', contact: 'con-1', timeslot: { from: 1700000000, to: 1700003600 } }],
    scheduledFor: { startDateTime: 1700000000 },
    assets: [{ documentType: 'POD', documentUrl: 'https://example.invalid/pod.pdf' }],
    ...over,
  };
}
