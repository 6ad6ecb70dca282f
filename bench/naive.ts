/**
 * The comparison point for "requests to detect a fault": fast-check's default random generation
 * alone. Bodies are drawn from the schema's types with fast-check's defaults (fc.string(),
 * fc.integer(), fc.double(), fc.stringMatching for patterns, fc.constantFrom for enums, configured
 * ids for referential members) with no boundary bias; half of them get one random member replaced
 * by fc.anything() or removed. This is what a property-based test written without the suite's
 * generators would send.
 */
import fc from 'fast-check';
import { isSchemaObject, type JsonSchema } from '../src/contract/index.ts';
import type { RefPools } from '../src/generate/index.ts';

export function naiveBody(schema: JsonSchema, refs: RefPools): fc.Arbitrary<unknown> {
  const kind = schema['x-referential'];
  if (kind && refs[kind]?.length) return fc.constantFrom(...refs[kind]!);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return schema.pattern ? fc.stringMatching(new RegExp(schema.pattern)) : fc.string();
    case 'integer':
      return fc.integer();
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(isSchemaObject(schema.items) ? naiveBody(schema.items, refs) : fc.anything(), { maxLength: 3 });
    case 'object': {
      const props = Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([, s]) => isSchemaObject(s)).map(([k, s]) => [k, naiveBody(s as JsonSchema, refs)]));
      return fc.record(props, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
    }
    default:
      return fc.anything();
  }
}

/** Half the time, one member replaced by anything or removed. */
export function naiveCase(schema: JsonSchema, refs: RefPools): fc.Arbitrary<unknown> {
  return fc.tuple(naiveBody(schema, refs), fc.boolean(), fc.nat(), fc.oneof(fc.constant(undefined), fc.anything())).map(([body, mutate, pick, value]) => {
    if (!mutate) return body;
    const leaves: [Record<string, unknown>, string][] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach((x, i) => (x && typeof x === 'object' ? walk(x) : leaves.push([v as unknown as Record<string, unknown>, String(i)])));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) {
        leaves.push([v as Record<string, unknown>, k]);
        if (x && typeof x === 'object') walk(x);
      }
    };
    const copy = structuredClone(body);
    walk(copy);
    if (leaves.length === 0) return copy;
    const [parent, key] = leaves[pick % leaves.length]!;
    if (value === undefined && !Array.isArray(parent)) delete parent[key];
    else parent[key] = value;
    return copy;
  });
}
