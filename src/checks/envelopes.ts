import { provenanceAt, type Contract, type JsonSchema } from '../contract/index.ts';
import { RULES } from './rules.ts';
import { fail, is2xx, is4xx, pass, type Check, type CheckOutcome } from './types.ts';

/**
 * Judges a body by a response schema. The schema says where each of its parts comes from
 * (x-provenance): a broken reference part is reported as such, and only when every broken part is
 * assumed is the failure an assumed one.
 */
function envelopeOutcome(contract: Contract, schema: JsonSchema, data: unknown, what: string): CheckOutcome {
  const validate = contract.validatorFor(schema);
  if (validate(data)) return pass;
  const errors = (validate.errors ?? []).map((e) => ({ e, provenance: provenanceAt(schema, e.schemaPath)?.provenance ?? 'reference' }));
  const firm = errors.find((x) => x.provenance !== 'assumed') ?? errors[0]!;
  return fail(`${what}: ${firm.e.instancePath || 'body'} ${firm.e.message}`, firm.provenance);
}

/**
 * A 2xx answer is a JSON object in the documented envelope (`data` on reads; `data.id` on writes,
 * as we assume). Only an answer to a request that should be taken: a 2xx to a case the target must
 * refuse is that case's finding, not its envelope's.
 */
export const successEnvelope: Check = {
  name: 'success-envelope',
  rule: RULES.successEnvelope,
  applies: (_ctx, reply, c) => is2xx(reply.status) && c?.expect !== 'reject',
  run({ contract, op }, reply) {
    if (!reply.isJson) return fail(`the ${reply.status} body is not JSON`);
    const schema = op.responses[String(reply.status)] ?? op.responses[String(op.successStatus)];
    if (!schema) return pass;
    return envelopeOutcome(contract, schema, reply.json, `the ${reply.status} body is not the documented envelope`);
  },
};

/** Every 4xx answer is JSON with `error.code` and `error.description`. */
export const errorEnvelope: Check = {
  name: 'error-envelope',
  rule: RULES.errorEnvelope,
  applies: (_ctx, reply) => is4xx(reply.status),
  run({ contract, op }, reply) {
    if (!reply.isJson) return fail(`the ${reply.status} body is not JSON: ${reply.text.slice(0, 80)}`);
    // A status the operation does not document (405, 413) is judged by the envelope of one it does.
    const schema = op.responses[String(reply.status)] ?? Object.entries(op.responses).find(([s, x]) => /^4/.test(s) && x)?.[1];
    if (!schema) return pass;
    return envelopeOutcome(contract, schema, reply.json, `the ${reply.status} body is not the error envelope`);
  },
};
