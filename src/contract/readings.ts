/**
 * Where the pages contradict each other, both readings are accepted. A schema node lists the other
 * page's reading in `x-readings` (see vocabulary.ts); here each reading becomes a whole request
 * schema of its own, so that a body can be judged by every reading. When the readings disagree on a
 * body, the target may accept it or reject it: neither answer is a violation.
 */
import { getAtPointer, joinPointer, pointerTokens } from './pointer.ts';
import { isSchemaObject, type JsonSchema } from './schema.ts';
import type { Reading } from './vocabulary.ts';

/** One reading of an operation's request: where it applies and the request schema it gives. */
export interface OperationReading extends Reading {
  /** Pointers of the nodes (in the inlined request schema) the reading changes. */
  pointers: string[];
  /** The whole request schema as the other page has it. */
  schema: JsonSchema;
}

/** Every node that carries `x-readings`, with its pointer, walking properties and items. */
function nodesWithReadings(node: JsonSchema, pointer = '', out: { pointer: string; node: JsonSchema }[] = []): { pointer: string; node: JsonSchema }[] {
  if (node['x-readings']) out.push({ pointer, node });
  for (const [name, child] of Object.entries(node.properties ?? {})) if (isSchemaObject(child)) nodesWithReadings(child, joinPointer(pointer, 'properties', name), out);
  if (isSchemaObject(node.items)) nodesWithReadings(node.items, joinPointer(pointer, 'items'), out);
  return out;
}

/** The node as the reading has it. */
function apply(node: JsonSchema, reading: Reading): JsonSchema {
  let out: JsonSchema = { ...node };
  for (const [k, v] of Object.entries(reading.overrides ?? {})) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  if (reading.alsoAccepts) out = { anyOf: [out, reading.alsoAccepts as JsonSchema] };
  return out;
}

/** The readings of an inlined request schema; `error` builds the error for a reading that cannot apply. */
export function readingsOf(root: JsonSchema, error: (pointer: string, problem: string) => Error): OperationReading[] {
  const byId = new Map<string, OperationReading>();
  for (const { pointer, node } of nodesWithReadings(root)) {
    for (const reading of node['x-readings']!) {
      let r = byId.get(reading.id);
      if (!r) {
        r = { ...reading, pointers: [], schema: structuredClone(root) };
        byId.set(reading.id, r);
      } else if (r.source !== reading.source) {
        throw error(pointer, `two readings are named ${reading.id}`);
      }
      r.pointers.push(pointer);
      const changed = apply(getAtPointer(r.schema, pointer) as JsonSchema, reading);
      const tokens = pointerTokens(pointer);
      if (tokens.length === 0) r.schema = changed;
      else (getAtPointer(r.schema, pointer.slice(0, pointer.lastIndexOf('/'))) as Record<string, unknown>)[tokens[tokens.length - 1]!] = changed;
    }
  }
  return [...byId.values()];
}
