/** Annotations: keywords that say where a constraint comes from or what it means, never what is valid. */
import { VOCABULARY_KEYWORDS } from '../../contract/index.ts';
import type { KeywordDefinition } from '../model.ts';
import { conditional } from './conditional.ts';
import { referential } from './referential.ts';

/** The extension keywords another family reads (x-constraint names an if/then; x-referential draws from a pool). */
const readElsewhere = new Set([...conditional.keywords, ...referential.keywords]);

export const annotations: KeywordDefinition = {
  // JSON Schema's annotations, and the project's extension keywords (src/contract/vocabulary.ts) no other family reads.
  keywords: ['$schema', '$id', '$comment', 'title', 'description', 'examples', 'deprecated', ...VOCABULARY_KEYWORDS.filter((k) => !readElsewhere.has(k))],
};
