/**
 * Compiles a schema into shapes by handing each keyword to the definition registered for it.
 * An unregistered keyword is an error: a generator that silently ignored a constraint would
 * produce "valid" values the target may rightly reject.
 */
import { isSchemaObject, joinPointer, pointerTokens, type JsonSchema } from '../contract/index.ts';
import type { CompileContext, KeywordDefinition, Shape } from './model.ts';
import { definitions } from './keywords/index.ts';
import { GenerateError } from './errors.ts';

export { GenerateError };

const byKeyword: Map<string, KeywordDefinition> = (() => {
  const m = new Map<string, KeywordDefinition>();
  for (const d of definitions) {
    for (const k of d.keywords) {
      if (m.has(k)) throw new Error(`generate: keyword "${k}" is registered twice`);
      m.set(k, d);
    }
  }
  return m;
})();

/** The definition registered for a keyword. */
export function definitionOf(keyword: string): KeywordDefinition | undefined {
  return byKeyword.get(keyword);
}


function emptyShape(schema: JsonSchema, pointer: string): Shape {
  return {
    schema,
    pointer,
    string: { patterns: [], simple: [], complex: [] },
    number: {},
    object: { properties: new Map(), required: [] },
    array: {},
    predicates: [],
    keywords: new Map(),
  };
}

/** Compiles one schema node (and, through the definitions, its children). */
export function compileShape(schema: JsonSchema | boolean, pointer: string, fn: string): Shape {
  const ctx: CompileContext = {
    fn,
    child: (s, p) => compileShape(s, p, fn),
    error: (p, problem) => new GenerateError(`${fn}: ${problem} (at schema pointer "${p}")`),
  };
  if (schema === true) return emptyShape({}, pointer);
  if (!isSchemaObject(schema)) throw ctx.error(pointer, 'the false schema (or a non-schema) admits no value to generate');
  const shape = emptyShape(schema, pointer);
  for (const [k, v] of Object.entries(schema)) {
    const def = byKeyword.get(k);
    if (!def) {
      throw ctx.error(joinPointer(pointer, k), `unsupported keyword "${k}": no generator is registered for it in src/generate/keywords/`);
    }
    shape.keywords.set(k, def);
    def.compile?.(shape, k, v, ctx);
  }
  return shape;
}

const roots = new WeakMap<object, Shape>();

/** The compiled shape of a root schema (cached by schema object). */
export function rootShape(schema: JsonSchema, fn: string): Shape {
  let s = roots.get(schema);
  if (!s) {
    s = compileShape(schema, '', fn);
    roots.set(schema, s);
  }
  return s;
}

/** The shape at a schema pointer below a root shape (through properties and items only). */
export function shapeAt(root: Shape, pointer: string, fn: string): Shape {
  const tokens = pointerTokens(pointer);
  let s = root;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    let next: Shape | undefined;
    if (t === 'properties') next = s.object.properties.get(tokens[++i]!);
    else if (t === 'items') next = s.array.items;
    if (!next) throw new GenerateError(`${fn}: no generated node at schema pointer "${pointer}"`);
    s = next;
  }
  return s;
}
