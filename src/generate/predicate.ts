/**
 * Schema predicates for composite keywords (the `if` of an if/then rule): a lenient ajv that only
 * answers "does this value satisfy this sub-schema". The contract's strict oracle judges cases;
 * this one only steers generation.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import type { JsonSchema } from '../contract/index.ts';

const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
const compiled = new WeakMap<object, ValidateFunction>();

/** Whether `value` satisfies `schema`. */
export function satisfies(schema: JsonSchema | boolean, value: unknown): boolean {
  if (typeof schema === 'boolean') return schema;
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v(value) as boolean;
}
