import { CHECKS } from '../results/model.ts';
import type { Contract, JsonSchema } from '../contract/index.ts';
import { fail, is2xx, is4xx, pass, type Check } from './types.ts';

function envelopeErrors(contract: Contract, schema: JsonSchema, data: unknown): string | undefined {
  const validate = contract.validatorFor(schema);
  if (validate(data)) return undefined;
  const e = validate.errors![0]!;
  return `${e.instancePath || 'body'} ${e.message}`;
}

/** A 2xx answer is JSON in the documented envelope (`data`, with `data.id` for writes). */
export const successEnvelope: Check = {
  name: 'success-envelope',
  id: CHECKS.successEnvelope,
  describe: 'answers 2xx with the documented JSON envelope',
  applies: (_ctx, reply) => is2xx(reply.status),
  run({ contract, op }, reply) {
    if (!reply.isJson) return fail(`the ${reply.status} body is not JSON`);
    const schema = op.responses[String(reply.status)] ?? op.responses[String(op.successStatus)];
    if (!schema) return pass;
    const problem = envelopeErrors(contract, schema, reply.json);
    return problem ? fail(`the ${reply.status} body is not the documented envelope: ${problem}`) : pass;
  },
};

/** Every 4xx answer is JSON with `error.code` and `error.description`. */
export const errorEnvelope: Check = {
  name: 'error-envelope',
  id: CHECKS.errorEnvelope,
  describe: 'answers 4xx with the JSON error envelope (error.code, error.description)',
  applies: (_ctx, reply) => is4xx(reply.status),
  run({ contract }, reply) {
    if (!reply.isJson) return fail(`the ${reply.status} body is not JSON: ${reply.text.slice(0, 80)}`);
    const envelopes = contract.schemaFiles.get('envelopes.schema.json');
    const validate = envelopes && contract.oracle.getSchema(`${envelopes.$id}#/$defs/error`);
    if (!validate) return pass;
    if (validate(reply.json)) return pass;
    const e = validate.errors![0]!;
    return fail(`the ${reply.status} body is not the error envelope: ${e.instancePath || 'body'} ${e.message}`);
  },
};
