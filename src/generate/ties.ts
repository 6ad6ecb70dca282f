/**
 * Members that another rule ties to a case's member. An `if` of a node above the member that reads
 * the member together with other members (attributes[].dataType and validation.range, in "a range
 * only for string and number") makes the verdict on the member depend on those others. A target
 * that validates the member wrongly may then still refuse a violation of it, for that rule: the
 * fault is masked by the case's own context. So a violation leaves out a member the `if` requires
 * (the deepest one it can: `validation.range` rather than `validation`): the `if` then cannot hold,
 * whatever value the member takes, and only the member's own rule can refuse the case.
 *
 * Derived from the schemas alone: the `if`s on the path to the member, their `required` and their
 * `properties`; no member is named here.
 */
import { getAtPointer, isSchemaObject, pointerTokens, type JsonSchema } from '../contract/index.ts';
import { childPointer, humanPath, withValueAt } from './json.ts';
import type { Shape } from './model.ts';
import { shapeAt } from './shape.ts';

/** A node above a member whose `if` reads the member. */
interface Holder {
  /** The node's shape (its schema holds the `if`). */
  shape: Shape;
  ifSchema: JsonSchema;
  /** Instance pointer of the node in the body. */
  instance: string;
  /** The member of the node on the path to the case's member. */
  member: string;
}

function reads(ifSchema: JsonSchema, member: string): boolean {
  return (ifSchema.required ?? []).includes(member) || Object.hasOwn(ifSchema.properties ?? {}, member);
}

/**
 * The nodes above the member (schema pointer `memberSchema`, instance pointer `memberInstance`)
 * whose `if` reads the member's branch: the member itself, or the member of theirs that holds it.
 */
export function holdersOf(root: Shape, memberSchema: string, memberInstance: string, fn: string): Holder[] {
  const out: Holder[] = [];
  const schemaTokens = pointerTokens(memberSchema);
  const instanceTokens = pointerTokens(memberInstance);
  let schema = '';
  let instance = '';
  let k = 0;
  for (let i = 0; i < schemaTokens.length; i++) {
    const t = schemaTokens[i]!;
    if (t === 'properties') {
      const name = schemaTokens[++i]!;
      const shape = shapeAt(root, schema, fn);
      const ifSchema = shape.schema.if;
      if (isSchemaObject(ifSchema) && reads(ifSchema, name)) out.push({ shape, ifSchema, instance, member: name });
      schema += `/properties/${name}`;
      instance = childPointer(instance, name);
      k++;
    } else if (t === 'items') {
      schema += '/items';
      const index = instanceTokens[k++];
      if (index === undefined) break;
      instance = childPointer(instance, index);
    } else {
      break;
    }
  }
  return out;
}

/**
 * A copy of `value` (a node of `shape`) without one member the `if` sub-schema requires, other
 * than `keep`, that the node allows to be absent: the deepest such member first. Returns the copy
 * and the relative pointer of what was left out, or undefined when nothing can be left out.
 */
function leaveOut(value: unknown, shape: Shape, ifSchema: JsonSchema, keep: string | undefined, at: string): { value: unknown; removed: string } | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const obj = value as Record<string, unknown>;
  for (const r of ifSchema.required ?? []) {
    if (r === keep || !(r in obj)) continue;
    const sub = ifSchema.properties?.[r];
    const child = shape.object.properties.get(r);
    if (isSchemaObject(sub) && child) {
      const deeper = leaveOut(obj[r], child, sub, undefined, childPointer(at, r));
      if (deeper) return { value: { ...obj, [r]: deeper.value }, removed: deeper.removed };
    }
    if (!shape.object.required.includes(r)) {
      const { [r]: _gone, ...rest } = obj;
      return { value: rest, removed: childPointer(at, r) };
    }
  }
  return undefined;
}

/** What `untie` left out, for a case's description. */
export interface Untied {
  body: unknown;
  /** Human paths of the members left out, e.g. `attributes[0].validation.range`. */
  removed: string[];
  /** The rules (x-constraint names, or `if`) that tied them. */
  rules: string[];
}

/**
 * The body without the members another rule ties to the member at `memberSchema` /
 * `memberInstance` (see the file's comment). A rule whose `if` nothing can be left out of stays
 * as it is: the oracle then judges whether the case can still be refused for it.
 */
export function untie(root: Shape, body: unknown, memberSchema: string, memberInstance: string, fn: string): Untied {
  let out = body;
  const removed: string[] = [];
  const rules: string[] = [];
  for (const h of holdersOf(root, memberSchema, memberInstance, fn)) {
    const node = getAtPointer(out, h.instance);
    const left = leaveOut(node, h.shape, h.ifSchema, h.member, h.instance);
    if (!left) continue;
    out = withValueAt(out, h.instance, left.value);
    removed.push(humanPath(left.removed));
    rules.push(h.shape.schema['x-constraint']?.name ?? 'if');
  }
  return { body: out, removed, rules };
}
