/**
 * Where the pages contradict each other, both readings are accepted. A schema node lists the other
 * page's reading in `x-readings` (see vocabulary.ts); here each reading becomes a whole request
 * schema of its own, so that a body can be judged by every reading. When the readings disagree on a
 * body, the target may accept it or reject it: neither answer is a violation.
 */
import { getAtPointer, joinPointer } from './pointer.ts';
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

/**
 * Changes a node, in place, as the reading has it. Keywords the reading widens the node with
 * (`alsoAccepts`) are merged into the node itself, each type keeping its own keywords (`type:
 * [string, object]` with minLength for the string and required for the object), so that every
 * pointer into the schema still names the same keyword.
 */
function apply(node: JsonSchema, reading: Reading, problem: (what: string) => Error): void {
  for (const [k, v] of Object.entries(reading.overrides ?? {})) {
    if (v === null) delete node[k];
    else node[k] = v;
  }
  for (const [k, v] of Object.entries(reading.alsoAccepts ?? {})) {
    if (k === 'type') node.type = [...new Set([node.type ?? [], v as string | string[]].flat())];
    else if (node[k] !== undefined) throw problem(`reading ${reading.id} widens "${k}", which the node already has: it cannot be merged`);
    else node[k] = v;
  }
}

/** A copy of an inlined request schema with the named readings applied; `error` builds the error for one that cannot apply. */
export function withReadings(root: JsonSchema, ids: readonly string[], error: (pointer: string, problem: string) => Error): JsonSchema {
  const out = structuredClone(root);
  for (const { pointer, node } of nodesWithReadings(root)) {
    for (const reading of node['x-readings']!) {
      if (ids.includes(reading.id)) apply(getAtPointer(out, pointer) as JsonSchema, reading, (what) => error(pointer, what));
    }
  }
  return out;
}

/** The readings of an inlined request schema; `error` builds the error for a reading that cannot apply. */
export function readingsOf(root: JsonSchema, error: (pointer: string, problem: string) => Error): OperationReading[] {
  const byId = new Map<string, OperationReading>();
  for (const { pointer, node } of nodesWithReadings(root)) {
    for (const reading of node['x-readings']!) {
      const known = byId.get(reading.id);
      if (known && known.source !== reading.source) throw error(pointer, `two readings are named ${reading.id}`);
      if (known) known.pointers.push(pointer);
      else byId.set(reading.id, { ...reading, pointers: [pointer], schema: root });
    }
  }
  for (const r of byId.values()) r.schema = withReadings(root, [r.id], error);
  return [...byId.values()];
}

/** The readings that judge a body otherwise than the operation's own request schema does. */
export function dissentingReadings(validatorFor: (schema: JsonSchema) => (data: unknown) => boolean, op: { requestSchema?: JsonSchema; readings: OperationReading[] }, body: unknown): OperationReading[] {
  if (!op.requestSchema || op.readings.length === 0) return [];
  const own = validatorFor(op.requestSchema)(body);
  return op.readings.filter((r) => validatorFor(r.schema)(body) !== own);
}

/**
 * Whether a body is valid under the operation's own request schema and under every reading of the
 * pages: a body no reading judges otherwise, and valid. False for every body of an operation that
 * takes none.
 */
export function agreedValid(validatorFor: (schema: JsonSchema) => (data: unknown) => boolean, op: { requestSchema?: JsonSchema; readings: OperationReading[] }): (body: unknown) => boolean {
  if (!op.requestSchema) return () => false;
  const validators = [op.requestSchema, ...op.readings.map((r) => r.schema)].map((s) => validatorFor(s));
  return (body) => validators.every((v) => v(body));
}
