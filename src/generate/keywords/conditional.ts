/**
 * `if` / `then` (with `x-constraint` naming the rule). Valid values never let the `if` hold when
 * `then` accepts nothing (`{ "not": {} }` or `false`, see acceptsNothing). The violation is
 * derived from the schema alone: make the `if` hold, changing the members it speaks of to values
 * the node allows (one case per allowed value, e.g. a range on each non-range data type).
 * Boundaries are the allowed values that keep the `if` from holding.
 */
import type { ErrorObject } from 'ajv';
import { acceptsNothing, isSchemaObject, type JsonSchema } from '../../contract/index.ts';
import type { Candidate, KeywordDefinition, Shape, Site } from '../model.ts';
import { clone, deepEqual, show } from '../json.ts';
import { satisfies } from '../predicate.ts';

interface Rule {
  ifSchema: JsonSchema;
  name: string;
  description: string;
}

function ruleOf(shape: Shape): Rule | undefined {
  const s = shape.schema;
  if (!isSchemaObject(s.if)) return undefined;
  return { ifSchema: s.if, name: s['x-constraint']?.name ?? 'if', description: s['x-constraint']?.description ?? 'the if/then rule' };
}

/** Values the node allows for a member: its finite choices, or a few drawn valid values. */
function allowedValues(site: Site, member: string): unknown[] {
  const child = site.shape.object.properties.get(member);
  if (!child) return [];
  if (child.choices) return child.choices;
  const out: unknown[] = [];
  for (const v of site.sampleValid(child, 30, { full: true })) if (!out.some((x) => deepEqual(x, v))) out.push(v);
  return out;
}

export const conditional: KeywordDefinition = {
  keywords: ['if', 'then', 'x-constraint'],
  compile(shape, keyword, value, ctx) {
    const s = shape.schema;
    if (keyword === 'then' && s.if === undefined) throw ctx.error(`${shape.pointer}/then`, '"then" without "if"');
    if (keyword !== 'if') return;
    if (s.then === undefined) throw ctx.error(`${shape.pointer}/if`, '"if" without "then" constrains nothing');
    const ifSchema = value as JsonSchema | boolean;
    const thenSchema = s.then as JsonSchema | boolean;
    shape.predicates.push({ test: (v) => !satisfies(ifSchema, v) || satisfies(thenSchema, v), why: `${shape.pointer}/if` });
  },
  boundaries(site) {
    const rule = ruleOf(site.shape);
    const obj = site.value;
    if (!rule || !obj || typeof obj !== 'object') return [];
    const out: Candidate[] = [{ value: obj, description: `${site.label} where ${rule.name} does not apply` }];
    for (const [member, sub] of Object.entries(rule.ifSchema.properties ?? {})) {
      for (const v of allowedValues(site, member)) {
        if (satisfies(sub as JsonSchema, v)) continue;
        const changed = { ...(obj as Record<string, unknown>), [member]: v };
        if (deepEqual(changed, obj)) continue;
        out.push({ value: changed, description: `${site.label} with ${member} = ${show(v)}: ${rule.name} does not apply` });
      }
    }
    return out;
  },
  violations(site) {
    const rule = ruleOf(site.shape);
    if (!rule || !acceptsNothing(site.shape.schema.then)) return [];
    const base = site.value;
    if (!base || typeof base !== 'object' || Array.isArray(base)) return [];
    const v = clone(base) as Record<string, unknown>;
    const added: string[] = [];
    for (const m of rule.ifSchema.required ?? []) {
      if (m in v) continue;
      const [first] = allowedValues(site, m);
      if (first === undefined) return [];
      v[m] = first;
      added.push(m);
    }
    const props = Object.entries(rule.ifSchema.properties ?? {}) as [string, JsonSchema | boolean][];
    const failing = props.filter(([m, sub]) => m in v && !satisfies(sub, v[m]));
    const options = failing.map(([m, sub]) => ({ m, values: allowedValues(site, m).filter((x) => satisfies(sub, x)) }));
    if (options.some((o) => o.values.length === 0)) return [];
    const out: Candidate[] = [];
    // One case per allowed value of the first member to change; the others take their first value.
    const [lead, ...rest] = options;
    for (const choice of lead ? lead.values : [undefined]) {
      const c = { ...v };
      const said: string[] = [];
      if (lead) {
        c[lead.m] = choice;
        said.push(`${lead.m} = ${show(choice)}`);
      }
      for (const o of rest) {
        c[o.m] = o.values[0];
        said.push(`${o.m} = ${show(o.values[0])}`);
      }
      for (const m of added) said.push(`${m} present`);
      if (!satisfies(rule.ifSchema, c)) continue;
      const present = (rule.ifSchema.required ?? []).filter((m) => !said.some((x) => x.startsWith(m)));
      out.push({ value: c, description: `${site.label} with ${[...said, ...present.map((m) => `${m} present`)].join(', ')}: breaks ${rule.name} (${rule.description})` });
    }
    return out;
  },
  entailedBy(shape, keyword, value) {
    if (keyword !== 'if') return false;
    // An `if` that holds for the value itself (e.g. one that only speaks of object members, given
    // a non-object) fails with a `then` that accepts nothing, whatever else is done.
    const rule = ruleOf(shape);
    return !!rule && acceptsNothing(shape.schema.then) && satisfies(rule.ifSchema, value);
  },
  owns(e: ErrorObject, at) {
    if (e.instancePath !== at.instancePointer) return false;
    return (e.keyword === 'if' && e.schemaPath === `#${at.schemaPointer}`) || e.schemaPath.startsWith(`#${at.nodePointer}/then`);
  },
};
