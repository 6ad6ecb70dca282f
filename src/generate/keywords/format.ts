/**
 * `format`: only formats that add nothing a JSON value can carry beyond its type. `int64` is one:
 * the generators already keep integers within the safe range, where JSON numbers are exact.
 */
import type { KeywordDefinition } from '../model.ts';
import { jsonTypeOf } from '../json.ts';

const ANNOTATION_FORMATS = new Set(['int64']);

export const format: KeywordDefinition = {
  keywords: ['format'],
  compile(shape, keyword, value, ctx) {
    if (!ANNOTATION_FORMATS.has(String(value))) throw ctx.error(`${shape.pointer}/${keyword}`, `unsupported format "${String(value)}"`);
  },
  entailedBy(shape, _keyword, value) {
    // ajv-formats checks int64 on numbers: a fraction (the integer type broken) fails it too.
    return shape.schema.format === 'int64' && jsonTypeOf(value) === 'number';
  },
};
