/**
 * Generators from the schemas: valid values, on-boundary cases and single-violation cases with
 * provenance, each checked by the contract's ajv. This file is the public API of `src/generate/`.
 */
import fc from 'fast-check';
import type { Constraint, Contract, JsonSchema, Operation } from '../contract/index.ts';
import { build } from './arbitrary.ts';
import type { Case } from './case.ts';
import { baseBody, caseContext, casesFor, violationArbitraryFor } from './cases.ts';
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
export { deepEqual, withValueAt } from './json.ts';
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

/** Deterministic on-boundary valid cases for every constraint of the operation (kind 'boundary', expect 'accept'). */
export function boundaries(contract: Contract, op: Operation, catalogue: Constraint[], options: GenerateOptions = {}): Case[] {
  return casesFor(caseContext(contract, op, options, 'boundaries'), catalogue, 'boundary');
}

/**
 * The boundary cases of the operation packed into few valid bodies (see pack.ts), and the ones that
 * keep a request of their own (`keepAlone` adds to those the packer keeps alone by itself).
 */
export function boundaryPacks(contract: Contract, op: Operation, catalogue: Constraint[], options: GenerateOptions = {}, keepAlone?: (c: Case) => boolean): { packs: Pack[]; alone: Case[] } {
  const ctx = caseContext(contract, op, options, 'boundaryPacks');
  return packBoundaries(contract, op, baseBody(ctx), casesFor(ctx, catalogue, 'boundary'), keepAlone);
}

/** Deterministic cases, each breaking exactly one constraint of the operation and keeping the rest valid (kind 'violation', expect 'reject'). */
export function violations(contract: Contract, op: Operation, catalogue: Constraint[], options: GenerateOptions = {}): Case[] {
  return casesFor(caseContext(contract, op, options, 'violations'), catalogue, 'violation');
}

/** Random-base violations of one constraint, shrinkable (fast-check shrinks the base body toward a minimal one). */
export function violationArbitrary(contract: Contract, op: Operation, constraint: Constraint, options: GenerateOptions = {}): fc.Arbitrary<Case> {
  return violationArbitraryFor(caseContext(contract, op, options, 'violationArbitrary'), constraint);
}

/** The oracle's verdict on a case: accept cases must pass ajv; reject cases must fail at their declared keyword+pointer and nowhere else (also after a JSON round trip). */
export function checkCase(contract: Contract, op: Operation, c: Case): { ok: true } | { ok: false; problem: string } {
  return oracleCheck(contract, op, c);
}
