/** `x-referential`: the member names an entity that must exist on the target; valid values come from the configured pool. */
import type { KeywordDefinition } from '../model.ts';
import type { ReferentialKind } from '../../contract/index.ts';

export const referential: KeywordDefinition = {
  keywords: ['x-referential'],
  compile(shape, _keyword, value) {
    shape.referential = value as ReferentialKind;
  },
};
