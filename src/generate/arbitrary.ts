/**
 * Builds fast-check arbitraries of valid values from shapes. Generic over JSON types: it reads the
 * facets the keyword definitions wrote, never a keyword. Boundaries are drawn on purpose: fast-check
 * keeps strings short by default, so exact minimum and maximum lengths get their own branches.
 */
import fc from 'fast-check';
import type { JsonArbitrary, JsonType, RefPools, Shape, SimplePattern } from './model.ts';
import { allowedChar, anyChar, codePoints } from './strings.ts';
import { GenerateError } from './errors.ts';
import { hasType, nextDouble } from './json.ts';

export interface BuildOptions {
  refs: RefPools;
  /** Every optional member present and every array non-empty (base bodies of boundary/violation cases). */
  full: boolean;
  /**
   * Values inside their limits, not on them: lengths and numbers one step in from each limit where
   * there is room, moderate magnitudes where there is no limit, a referential member's first
   * (default) configured id. The base body of the deterministic cases: every case then holds one
   * boundary or broken value, its own, so a refusal names the right constraint.
   */
  interior?: boolean;
  /** Schema pointers of nodes that must be present (and arrays non-empty), whatever `full` says. */
  forced: ReadonlySet<string>;
  fn: string;
}

/** Longest string drawn for a string without maxLength. */
const FREE_MAX_LENGTH = 24;
/** Valid bodies carry 1-3 items per array: empty arrays are a silent point of the contract, not a boundary. */
const DEFAULT_MAX_ITEMS = 3;
const SAFE = Number.MAX_SAFE_INTEGER;
/** The magnitude interior numbers without a limit keep within (a 32-bit integer). */
const MODERATE = 2 ** 31 - 1;

/** The inclusive code point length range and the character source of a string shape. */
function stringPlan(shape: Shape): { min: number; max: number; char: fc.Arbitrary<string> } {
  const f = shape.string;
  // Without minLength, an empty string is legal but undocumented (a silent point): draw at least one code point.
  let min = f.minLength ?? 1;
  let max = f.maxLength ?? Math.max(min, FREE_MAX_LENGTH);
  if (f.maxLength === undefined && min > FREE_MAX_LENGTH) max = min;
  const simple: SimplePattern[] = f.simple;
  for (const p of simple) {
    min = Math.max(min, p.minLength);
    if (p.maxLength !== undefined) max = Math.min(max, p.maxLength);
  }
  const charTest = allowedChar(shape);
  const char = charTest ? fc.oneof(fc.stringMatching(simple[0]!.char), anyChar).filter(charTest) : anyChar;
  return { min, max, char };
}

function stringArbitrary(shape: Shape, o: BuildOptions): fc.Arbitrary<string> {
  // A referential member names an existing entity: draw from the configured ids when there are any.
  const pool = shape.referential ? o.refs[shape.referential]?.filter((id) => acceptsString(shape, id)) : undefined;
  if (pool && pool.length > 0) return o.interior ? fc.constant(pool[0]!) : fc.constantFrom(...pool);
  const f = shape.string;
  if (f.complex.length > 0) {
    const [first, ...rest] = f.complex;
    return fc
      .stringMatching(first!)
      .filter((s) => rest.every((r) => r.test(s)) && acceptsString(shape, s));
  }
  const { min, max, char } = stringPlan(shape);
  if (min > max) throw new GenerateError(`${o.fn}: no string has between ${min} and ${max} code points (at schema pointer "${shape.pointer}")`);
  const ofLength = (lo: number, hi: number) => fc.array(char, { minLength: lo, maxLength: hi, size: 'max' }).map((cs) => cs.join(''));
  if (o.interior && max - min >= 2) return ofLength(min + 1, max - 1);
  // The shortest branch comes first: cross-shrinking moves values toward it.
  return fc.oneof({ withCrossShrink: true }, { arbitrary: ofLength(min, min), weight: 1 }, { arbitrary: ofLength(max, max), weight: 1 }, { arbitrary: ofLength(min, max), weight: 3 });
}

/** Whether a string satisfies the string facet (lengths in code points, patterns). */
export function acceptsString(shape: Shape, s: string): boolean {
  const f = shape.string;
  const n = codePoints(s);
  if (f.minLength !== undefined && n < f.minLength) return false;
  if (f.maxLength !== undefined && n > f.maxLength) return false;
  return f.patterns.every((p) => p.test(s));
}

/** The inclusive range of a number shape, within the safe integer range (JSON numbers are exact there). */
function numberBounds(shape: Shape, integer: boolean): { min: number; max: number } {
  const f = shape.number;
  let min = -SAFE;
  let max = SAFE;
  if (f.minimum !== undefined) min = Math.max(min, f.minimum);
  if (f.maximum !== undefined) max = Math.min(max, f.maximum);
  if (f.exclusiveMinimum !== undefined) min = Math.max(min, integer ? Math.floor(f.exclusiveMinimum) + 1 : nextDouble(f.exclusiveMinimum, true));
  if (f.exclusiveMaximum !== undefined) max = Math.min(max, integer ? Math.ceil(f.exclusiveMaximum) - 1 : nextDouble(f.exclusiveMaximum, false));
  if (integer) {
    min = Math.ceil(min);
    max = Math.floor(max);
  }
  return { min, max };
}

function noNegativeZero(v: number): number {
  return Object.is(v, -0) ? 0 : v;
}

function numberArbitrary(shape: Shape, integer: boolean, o: BuildOptions): fc.Arbitrary<number> {
  const { min, max } = numberBounds(shape, integer);
  if (min > max) throw new GenerateError(`${o.fn}: no ${integer ? 'integer' : 'number'} lies between ${min} and ${max} (at schema pointer "${shape.pointer}")`);
  if (o.interior) {
    // One step in from each limit, and no further out than a 32-bit integer where there is no limit.
    const lo = Math.max(Math.ceil(min) + (Number.isInteger(min) ? 1 : 0), -MODERATE);
    const hi = Math.min(Math.floor(max) - (Number.isInteger(max) ? 1 : 0), MODERATE);
    if (lo <= hi) return fc.integer({ min: lo, max: hi }).map(noNegativeZero);
  }
  // The limits themselves come often: a target's off-by-one shows there.
  const branches: fc.Arbitrary<number>[] = [fc.constantFrom(min, max)];
  const intMin = Math.ceil(min);
  const intMax = Math.floor(max);
  if (intMin <= intMax) branches.push(fc.integer({ min: intMin, max: intMax }));
  if (!integer) branches.push(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }));
  return fc.oneof(...branches).map(noNegativeZero);
}

function objectArbitrary(shape: Shape, o: BuildOptions): JsonArbitrary {
  const model: Record<string, JsonArbitrary> = {};
  const required: string[] = [];
  for (const [name, child] of shape.object.properties) {
    model[name] = build(child, o);
    if (o.full || shape.object.required.includes(name) || o.forced.has(child.pointer)) required.push(name);
  }
  // A required member the schema does not describe can be any JSON value.
  for (const name of shape.object.required) {
    if (model[name] === undefined) {
      model[name] = fc.jsonValue();
      required.push(name);
    }
  }
  return fc.record(model, { requiredKeys: required, noNullPrototype: true });
}

function arrayArbitrary(shape: Shape, o: BuildOptions): JsonArbitrary {
  const a = shape.array;
  const item = a.items ? build(a.items, o) : fc.jsonValue();
  const minLength = Math.max(a.minItems ?? 1, o.full || o.forced.has(shape.pointer) ? 1 : 0);
  const maxLength = a.maxItems ?? Math.max(minLength, DEFAULT_MAX_ITEMS);
  if (minLength > maxLength) throw new GenerateError(`${o.fn}: no array has between ${minLength} and ${maxLength} items (at schema pointer "${shape.pointer}")`);
  return fc.array(item, { minLength, maxLength });
}

const ALL_TYPES: JsonType[] = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];

function typedArbitrary(shape: Shape, type: JsonType, o: BuildOptions): JsonArbitrary {
  switch (type) {
    case 'string':
      return stringArbitrary(shape, o);
    case 'integer':
      return numberArbitrary(shape, true, o);
    case 'number':
      return numberArbitrary(shape, false, o);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'object':
      return objectArbitrary(shape, o);
    case 'array':
      return arrayArbitrary(shape, o);
  }
}

/** The arbitrary of values valid against a shape. */
export function build(shape: Shape, o: BuildOptions): JsonArbitrary {
  let arb: JsonArbitrary;
  if (shape.choices) {
    if (shape.choices.length === 0) throw new GenerateError(`${o.fn}: no value satisfies the schema's finite choices (at schema pointer "${shape.pointer}")`);
    const types = shape.types;
    // A choice of another type than the node allows is no valid value (ajv checks both keywords).
    const choices = types ? shape.choices.filter((c) => types.some((t) => hasType(c, t))) : shape.choices;
    if (choices.length === 0) throw new GenerateError(`${o.fn}: no enum member has the node's type (at schema pointer "${shape.pointer}")`);
    arb = fc.constantFrom(...choices);
  } else {
    const types = shape.types ?? (shape.keywords.size === 0 ? undefined : inferTypes(shape));
    if (!types) arb = fc.jsonValue();
    else {
      const arbs = types.map((t) => typedArbitrary(shape, t, o));
      arb = arbs.length === 1 ? arbs[0]! : fc.oneof(...arbs);
    }
  }
  const predicates = shape.predicates;
  return predicates.length === 0 ? arb : arb.filter((v) => predicates.every((p) => p.test(v)));
}

/** Without `type`, the types the node's facets speak of (or all of them). */
function inferTypes(shape: Shape): JsonType[] {
  const t: JsonType[] = [];
  if (shape.object.properties.size > 0 || shape.object.required.length > 0) t.push('object');
  if (shape.array.items) t.push('array');
  return t.length > 0 ? t : ALL_TYPES.filter((x) => x !== 'integer');
}
