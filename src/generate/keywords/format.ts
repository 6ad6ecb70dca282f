/**
 * `format`: only formats that add nothing a JSON value can carry beyond its type. `int64` is one:
 * the generators already keep integers within the safe range, where JSON numbers are exact.
 */
import type { KeywordDefinition } from '../model.ts';

const ANNOTATION_FORMATS = new Set(['int64']);

export const format: KeywordDefinition = {
  keywords: ['format'],
  compile(shape, keyword, value, ctx) {
    if (!ANNOTATION_FORMATS.has(String(value))) throw ctx.error(`${shape.pointer}/${keyword}`, `unsupported format "${String(value)}"`);
  },
};
