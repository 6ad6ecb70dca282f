/**
 * Answer faults: what every answer carries is wrong in a way one answer shows. JSON labelled
 * text/plain, the request's headers (the caller's token among them) echoed in `request`, an OS1
 * error code one digit short. Each is caught on a check that reads every answer of the run.
 */
import { CHECKS } from '../../results/model.ts';
import { isRecord } from '../../shared/json.ts';
import type { Fault } from './types.ts';

export const answerFaults: Fault[] = [
  {
    name: 'json-as-text-plain',
    description: 'every JSON answer is labelled Content-Type: text/plain',
    detectedBy: CHECKS.contentType,
    family: 'answers',
    apply: (b) => void b.replyHooks.push((r) => (r.text === undefined ? { ...r, headers: { ...r.headers, 'content-type': 'text/plain; charset=utf-8' } } : r)),
  },
  {
    name: 'echo-request-headers',
    description: "every answer's request member echoes the request's headers, X-COREOS-ACCESS (the caller's token) among them",
    detectedBy: CHECKS.credentialEcho,
    family: 'answers',
    apply: (b) =>
      void b.replyHooks.push((r, ctx) => {
        if (!isRecord(r.body)) return r;
        const request = isRecord(r.body.request) ? r.body.request : {};
        return { ...r, body: { ...r.body, request: { ...request, headers: ctx.headers ?? {} } } };
      }),
  },
  {
    name: 'error-code-11-digits',
    description: "4xx answers carry OS1's error envelope with an 11-digit code (OS1's are 12 digits: service, method, error)",
    detectedBy: CHECKS.os1ErrorEnvelope,
    family: 'answers',
    apply: (b) =>
      void b.replyHooks.push((r) => {
        if (r.status < 400 || r.status >= 500 || !isRecord(r.body)) return r;
        const error = isRecord(r.body.error) ? r.body.error : {};
        const additionalInfo = isRecord(error.additionalInfo) ? error.additionalInfo : {};
        return { ...r, body: { ...r.body, error: { ...error, code: `10420000${r.status}`, additionalInfo } } };
      }),
  },
];
