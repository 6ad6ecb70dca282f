/** The oracle: one way to build ajv for the whole project (2020-12, formats, strict, our vocabulary). */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { vocabulary } from './vocabulary.ts';

// ajv-formats is CommonJS; under ESM its default export may arrive wrapped.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as AddFormats;

export type Oracle = Ajv2020;

/**
 * A strict ajv for JSON Schema 2020-12 with formats and the project's extension keywords.
 * `allErrors` is on so a violation can be checked to fail at its declared keyword and nowhere else.
 * Union types are allowed: another page's reading may widen a member to "a string or an object"
 * (see readings.ts), and `type: [string, object]` says that with each keyword in its own place.
 * `checked`: the schemas it will compile were checked already; it knows the extension keywords by
 * name only, and checks no schema against a meta-schema.
 */
export function createOracle(options: { checked?: boolean } = {}): Oracle {
  // Schemas already checked (CONTRACT_CHECKED_ENV, or our own in code) are not checked against the
  // meta-schemas again: compiling 2020-12's meta-schemas and the vocabulary's is most of an ajv's
  // cost, and every process of a run (the runner, each worker) made one for nothing.
  const checked = options.checked === true;
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true, messages: true, validateSchema: !checked });
  addFormats(ajv);
  ajv.addVocabulary(checked ? vocabulary.map(({ keyword }) => ({ keyword })) : vocabulary);
  return ajv;
}
