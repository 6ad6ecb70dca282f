/**
 * The generator's data model, shared by the engine and the keyword definitions.
 *
 * A schema node is compiled into a `Shape`: per JSON type, the facts its keywords state about
 * valid values (lengths, characters, bounds, members, finite choices, extra predicates). Keyword
 * definitions fill the shape in; the engine builds fast-check arbitraries from shapes and knows
 * nothing of any single keyword. The same definitions produce the exact-boundary and the violating
 * values of their constraints, and tell the oracle which ajv errors are theirs.
 */
import type fc from 'fast-check';
import type { ErrorObject } from 'ajv';
import type { Constraint, JsonSchema, ReferentialKind } from '../contract/index.ts';

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/** Ids of existing entities by kind, from configuration. */
export type RefPools = Partial<Record<ReferentialKind, string[]>>;

/** A pattern the generator understood: `^C{min,max}$` for one character class C. */
export interface SimplePattern {
  /** Matches exactly one code point allowed by the class. */
  char: RegExp;
  minLength: number;
  maxLength?: number;
}

export interface StringFacet {
  minLength?: number;
  maxLength?: number;
  /** Patterns the value must match (the `u` flag, as ajv compiles them). */
  patterns: RegExp[];
  /** When every pattern is simple: what they allow, for drawing characters and lengths on purpose. */
  simple: SimplePattern[];
  /** Set when a pattern is too rich to analyse: values are drawn from it and filtered. */
  complex: RegExp[];
}

export interface NumberFacet {
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

export interface ObjectFacet {
  properties: Map<string, Shape>;
  required: string[];
}

export interface ArrayFacet {
  items?: Shape;
  minItems?: number;
  maxItems?: number;
}

/** A predicate on the whole value of the node (e.g. an if/then rule), with the reason it exists. */
export interface Predicate {
  test(value: unknown): boolean;
  why: string;
}

/** What the keywords of one schema node say about its valid values. */
export interface Shape {
  schema: JsonSchema;
  /** Pointer of the node in the root schema it was compiled from. */
  pointer: string;
  /** Allowed JSON types; undefined means any. */
  types?: JsonType[];
  /** A finite set of allowed values (enum, const). */
  choices?: unknown[];
  string: StringFacet;
  number: NumberFacet;
  object: ObjectFacet;
  array: ArrayFacet;
  predicates: Predicate[];
  referential?: ReferentialKind;
  /** The definition handling each keyword present on the node. */
  keywords: Map<string, KeywordDefinition>;
}

/** Context of shape compilation. */
export interface CompileContext {
  /** The public function that asked (prefix of every error message). */
  fn: string;
  /** Compiles a sub-schema at a pointer (for properties and items). */
  child(schema: JsonSchema | boolean, pointer: string): Shape;
  /** A fresh error, prefixed with the function name and the pointer. */
  error(pointer: string, problem: string): Error;
}

/** One constraint seen at one place of one base body. */
export interface Site {
  constraint: Constraint;
  keyword: string;
  /** The shape of the node holding the keyword. */
  shape: Shape;
  /** The value of the node in the base body (undefined when absent). */
  value: unknown;
  /** Short name for descriptions: `objectiveRef`, `attributes[0]`, `body`. */
  label: string;
  refs: RefPools;
  /** Draws valid values of a shape (deterministic in the case seed). */
  sampleValid(shape: Shape, count: number, options?: { full?: boolean }): unknown[];
}

/** A new value for a site's node, with what it is. */
export interface Candidate {
  /** The node's new value. */
  value: unknown;
  description: string;
  /**
   * When the case is about one member of the node (e.g. a missing required member): its name.
   * The case's pointer, path, original and mutated value then point at that member.
   */
  focus?: string;
  /** For referential members: whether the value came from the configured pool. */
  refSource?: 'pool' | 'generated';
}

/**
 * A keyword family: how it constrains generation, its boundary and violating values, and which
 * ajv errors it owns. A small object registered in `keywords/index.ts`, as ajv's vocabularies.
 */
export interface KeywordDefinition {
  /** The keywords handled (each appears in no other definition). */
  keywords: readonly string[];
  /** Checks the keyword's value and writes what it says into the shape; throws ctx.error on what it cannot honour. */
  compile?(shape: Shape, keyword: string, value: unknown, ctx: CompileContext): void;
  /** Accepting values of the node exactly on the constraint's boundary. */
  boundaries?(site: Site): Candidate[];
  /** Values of the node that break the constraint (the engine drops those breaking anything else). */
  violations?(site: Site): Candidate[];
  /**
   * True when, whatever else is done, this keyword of `shape` cannot hold for `value` because of
   * another keyword's violation (e.g. an enum of strings when the type is broken, a pattern
   * `^[a-z]{1,32}$` when maxLength 32 is broken). Such errors are declared on the case as `entails`.
   */
  entailedBy?(shape: Shape, keyword: string, value: unknown): boolean;
  /** Whether an ajv error is this keyword's failure at the case's place (default: same schema path and instance path). */
  owns?(error: ErrorObject, at: { schemaPointer: string; instancePointer: string; nodePointer: string }): boolean;
}

/** A fast-check arbitrary of JSON values. */
export type JsonArbitrary = fc.Arbitrary<unknown>;
