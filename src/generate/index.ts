/**
 * Generators from the schemas: valid values, on-boundary cases and single-violation cases with
 * provenance, each checked by the contract's ajv. This file is the public API of `src/generate/`.
 */
import fc from 'fast-check';
import type { Constraint, Contract, JsonSchema, Operation } from '../contract/index.ts';
import { build } from './arbitrary.ts';
import type { Case } from './case.ts';
import { baseBody as baseBodyOf, caseContext, casesFor, violationArbitraryFor } from './cases.ts';
import { packBoundaries, type Pack } from './pack.ts';
import type { RefPools } from './model.ts';
import { checkCase as oracleCheck } from './oracle.ts';
import { rootShape } from './shape.ts';

export type { Case, CaseKind, CasePosition, Expectation, PositionName } from './case.ts';
export { positionName } from './case.ts';
export type { Pack } from './pack.ts';
export type { RefPools } from './model.ts';
export { GenerateError } from './errors.ts';
export { codePoints } from './strings.ts';
export { deepEqual, withValueAt, pointersOverlap } from './json.ts';
export { DEFAULT_SEED } from './cases.ts';

export interface GenerateOptions {
  /** Existing entity ids by kind; referential members draw valid values from them. */
  refs?: RefPools;
  /** Seed of the deterministic generators (boundaries, violations); `valid` takes fast-check's run seed instead. */
  seed?: number;
}

/**
 * A fast-check arbitrary of values valid against a schema (the operation's inlined requestSchema or
 * a sub-schema): exact length limits, every enum member and minimum values come often, optional
 * members both present and absent, strings beyond ASCII wherever no pattern forbids them.
 * Throws `valid: unsupported keyword ...` for a keyword no generator honours.
 */
export function valid(schema: JsonSchema, options: GenerateOptions = {}): fc.Arbitrary<unknown> {
  return build(rootShape(schema, 'valid'), { refs: options.refs ?? {}, full: false, forced: new Set(), fn: 'valid' });
}

/** Options of the deterministic cases of an operation. */
export interface CaseOptions extends GenerateOptions {
  /**
   * The operation's base body, as `baseBody` gives it for the same options, when the caller makes
   * both boundary and violation cases: it is then drawn once.
   */
  base?: unknown;
}

/**
 * The deterministic base body every boundary and violation case of the operation is made from:
 * valid, every optional member present, every value inside its limits, valid by every reading.
 */
export function baseBody(contract: Contract, op: Operation, options: GenerateOptions = {}): unknown {
  return baseBodyOf(caseContext(contract, op, options, 'baseBody'));
}

/** Deterministic on-boundary valid cases for every constraint of the operation (kind 'boundary', expect 'accept'). */
export function boundaries(contract: Contract, op: Operation, catalogue: Constraint[], options: CaseOptions = {}): Case[] {
  return casesFor(caseContext(contract, op, options, 'boundaries'), catalogue, 'boundary', options.base);
}

/**
 * The boundary cases of the operation packed into few valid bodies (see pack.ts), and the ones that
 * keep a request of their own (`keepAlone` adds to those the packer keeps alone by itself).
 */
export function boundaryPacks(contract: Contract, op: Operation, catalogue: Constraint[], options: CaseOptions = {}, keepAlone?: (c: Case) => boolean): { packs: Pack[]; alone: Case[] } {
  const ctx = caseContext(contract, op, options, 'boundaryPacks');
  const base = options.base ?? baseBodyOf(ctx);
  return packBoundaries(contract, op, base, casesFor(ctx, catalogue, 'boundary', base), keepAlone);
}

/** Deterministic cases, each breaking exactly one constraint of the operation and keeping the rest valid (kind 'violation', expect 'reject'). */
export function violations(contract: Contract, op: Operation, catalogue: Constraint[], options: CaseOptions = {}): Case[] {
  return casesFor(caseContext(contract, op, options, 'violations'), catalogue, 'violation', options.base);
}

/** Random-base violations of one constraint, shrinkable (fast-check shrinks the base body toward a minimal one). */
export function violationArbitrary(contract: Contract, op: Operation, constraint: Constraint, options: GenerateOptions = {}): fc.Arbitrary<Case> {
  return violationArbitraryFor(caseContext(contract, op, options, 'violationArbitrary'), constraint);
}

/** The oracle's verdict on a case: accept cases must pass ajv; reject cases must fail at their declared keyword+pointer and nowhere else (also after a JSON round trip). */
export function checkCase(contract: Contract, op: Operation, c: Case): { ok: true } | { ok: false; problem: string } {
  return oracleCheck(contract, op, c);
}
