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
 */
export function createOracle(): Oracle {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true, messages: true });
  addFormats(ajv);
  ajv.addVocabulary(vocabulary);
  return ajv;
}
