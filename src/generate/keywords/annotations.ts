/** Annotations: keywords that say where a constraint comes from or what it means, never what is valid. */
import type { KeywordDefinition } from '../model.ts';

export const annotations: KeywordDefinition = {
  keywords: ['$schema', '$id', '$comment', 'title', 'description', 'examples', 'deprecated', 'x-source', 'x-provenance', 'x-keywords', 'x-readings'],
};
