/** The shape of the JSON Schemas under schemas/, as the engine reads them. */
import type { KeywordOrigin, Provenance, Reading, ReferentialKind } from './vocabulary.ts';

/** A rule a composite keyword expresses, named by the schema itself (see vocabulary.ts). */
export interface NamedRule {
  name: string;
  description: string;
  source: string;
}

/** A JSON Schema 2020-12 object, restricted to what the project's schemas use. */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  title?: string;
  description?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema | boolean>;
  required?: string[];
  items?: JsonSchema | boolean;
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  if?: JsonSchema | boolean;
  then?: JsonSchema | boolean;
  else?: JsonSchema | boolean;
  not?: JsonSchema | boolean;
  'x-source'?: string;
  'x-referential'?: ReferentialKind;
  'x-constraint'?: NamedRule;
  'x-provenance'?: Provenance;
  'x-keywords'?: Record<string, KeywordOrigin>;
  'x-readings'?: Reading[];
  [keyword: string]: unknown;
}

/** True for a schema object (as opposed to the boolean schemas true and false). */
export function isSchemaObject(s: unknown): s is JsonSchema {
  return typeof s === 'object' && s !== null && !Array.isArray(s);
}

/**
 * True for a schema that no value satisfies: `false`, or `{ "not": {} }` (`not: true`), which says
 * the same in a form every OpenAPI tool accepts (some, Redocly's among them, refuse a boolean
 * schema where they expect a schema object). An if/then rule whose `then` accepts nothing
 * forbids what its `if` describes.
 */
export function acceptsNothing(s: unknown): boolean {
  if (s === false) return true;
  if (!isSchemaObject(s)) return false;
  const keys = Object.keys(s);
  return keys.length === 1 && keys[0] === 'not' && (s.not === true || (isSchemaObject(s.not) && Object.keys(s.not).length === 0));
}
