/** `properties`: the members of an object, each compiled as its own node. */
import { isSchemaObject, joinPointer } from '../../contract/index.ts';
import type { KeywordDefinition } from '../model.ts';

export const properties: KeywordDefinition = {
  keywords: ['properties'],
  compile(shape, keyword, value, ctx) {
    if (!isSchemaObject(value)) throw ctx.error(joinPointer(shape.pointer, keyword), '"properties" must be an object');
    for (const [name, child] of Object.entries(value)) {
      shape.object.properties.set(name, ctx.child(child as never, joinPointer(shape.pointer, keyword, name)));
    }
  },
};
