/**
 * Turns catalogue constraints into cases: finds each constraint's node in a base body, asks the
 * keyword's definition for boundary or violating values, writes them into a copy of the body with
 * full provenance, and keeps only what the oracle confirms. Knows no keyword.
 */
import fc from 'fast-check';
import { getAtPointer, pointerTokens, type Constraint, type Contract, type Operation } from '../contract/index.ts';
import { build, type BuildOptions } from './arbitrary.ts';
import type { Case, CaseKind } from './case.ts';
import { GenerateError } from './errors.ts';
import { childPointer, humanPath, labelOf, withValueAt } from './json.ts';
import type { Candidate, RefPools, Shape, Site } from './model.ts';
import { checkCase } from './oracle.ts';
import { definitionOf, rootShape, shapeAt } from './shape.ts';

export const DEFAULT_SEED = 20_260_101;

export interface CaseContext {
  contract: Contract;
  op: Operation;
  root: Shape;
  refs: RefPools;
  seed: number;
  fn: string;
}

export function caseContext(contract: Contract, op: Operation, options: { refs?: RefPools; seed?: number }, fn: string): CaseContext {
  if (!op.requestSchema) throw new GenerateError(`${fn}: operation ${op.operationId} has no request body`);
  return { contract, op, root: rootShape(op.requestSchema, fn), refs: options.refs ?? {}, seed: options.seed ?? DEFAULT_SEED, fn };
}

function buildOptions(ctx: CaseContext, full: boolean, forced: ReadonlySet<string> = new Set(), interior = false): BuildOptions {
  return { refs: ctx.refs, full, forced, fn: ctx.fn, interior };
}

/** The instance pointer of a schema node, taking item 0 of every array: `/properties/objectives/items` → `/objectives/0`. */
export function instancePointerOf(nodePointer: string): string {
  let out = '';
  const tokens = pointerTokens(nodePointer);
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === 'properties') out = childPointer(out, tokens[++i]!);
    else if (tokens[i] === 'items') out = childPointer(out, 0);
  }
  return out;
}

/** Schema pointers of the node and every node above it (they must be present in a base body). */
function pathNodes(nodePointer: string): Set<string> {
  const out = new Set<string>(['']);
  const tokens = pointerTokens(nodePointer);
  let p = '';
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === 'properties') {
      p += `/properties/${tokens[++i]!}`;
      out.add(p);
    } else if (tokens[i] === 'items') {
      p += '/items';
      out.add(p);
    }
  }
  return out;
}

/**
 * The deterministic base body: valid, every optional member present, every array with items, every
 * value inside its limits (so that a case holds one boundary or broken value, its own, and a refusal
 * names the right constraint), and valid by every other reading of the pages too (x-readings), so
 * that no case is contested for what its base holds, only for what it changes.
 */
export function baseBody(ctx: CaseContext): unknown {
  const validators = [ctx.op.requestSchema!, ...ctx.op.readings.map((r) => r.schema)].map((s) => ctx.contract.validatorFor(s));
  const drawn = fc.sample(build(ctx.root, buildOptions(ctx, true, new Set(), true)), { seed: ctx.seed, numRuns: 50 });
  const body = drawn.find((b) => validators.every((v) => v(b)));
  if (body === undefined) throw new GenerateError(`${ctx.fn}: no base body for ${ctx.op.operationId} that every reading accepts in 50 draws (a generator bug)`);
  return body;
}

function site(ctx: CaseContext, constraint: Constraint, body: unknown): Site {
  const shape = shapeAt(ctx.root, constraint.nodePointer, ctx.fn);
  const pointer = instancePointerOf(constraint.nodePointer);
  return {
    constraint,
    keyword: constraint.keyword,
    shape,
    value: getAtPointer(body, pointer),
    label: labelOf(pointer),
    refs: ctx.refs,
    sampleValid: (s, count, o) => fc.sample(build(s, buildOptions(ctx, o?.full ?? false)), { seed: ctx.seed, numRuns: count }),
  };
}

function toCase(ctx: CaseContext, s: Site, body: unknown, cand: Candidate, kind: CaseKind): Case {
  const nodePtr = instancePointerOf(s.constraint.nodePointer);
  const pointer = cand.focus !== undefined ? childPointer(nodePtr, cand.focus) : nodePtr;
  const member = (v: unknown) => (cand.focus !== undefined ? (v as Record<string, unknown> | undefined)?.[cand.focus] : v);
  const memberShape = cand.focus !== undefined ? s.shape.object.properties.get(cand.focus) : s.shape;
  const referential = memberShape?.referential;
  const original = member(s.value);
  const mutated = member(cand.value);
  const c: Case = {
    operationId: ctx.op.operationId,
    kind,
    expect: kind === 'violation' ? 'reject' : 'accept',
    constraintId: s.constraint.id,
    keyword: s.constraint.keyword,
    schemaPointer: s.constraint.schemaPointer,
    instancePointer: pointer,
    path: humanPath(pointer),
    description: cand.description,
    body: withValueAt(body, nodePtr, cand.value),
  };
  if (original !== undefined) c.original = original;
  if (mutated !== undefined) c.mutated = mutated;
  if (referential) {
    c.referential = referential;
    if (kind !== 'violation') {
      const pool = ctx.refs[referential] ?? [];
      c.refSource = cand.refSource ?? (typeof mutated === 'string' && pool.includes(mutated) ? 'pool' : 'generated');
    }
  }
  if (kind === 'violation' && cand.focus === undefined) {
    const entails = [...s.shape.keywords].filter(([kw, def]) => kw !== s.keyword && def.entailedBy?.(s.shape, kw, cand.value)).map(([kw]) => kw);
    if (entails.length > 0) c.entails = entails;
  }
  return c;
}

/** Cases of one kind for every constraint of the operation, each confirmed by the oracle. */
export function casesFor(ctx: CaseContext, catalogue: Constraint[], kind: 'boundary' | 'violation'): Case[] {
  const body = baseBody(ctx);
  const out: Case[] = [];
  const seen = new Set<string>();
  for (const constraint of catalogue) {
    if (constraint.operationId !== ctx.op.operationId) continue;
    const def = definitionOf(constraint.keyword);
    if (!def) throw new GenerateError(`${ctx.fn}: no generator for keyword "${constraint.keyword}" of ${constraint.id}`);
    const s = site(ctx, constraint, body);
    const cands = (kind === 'boundary' ? def.boundaries?.(s) : def.violations?.(s)) ?? [];
    for (const cand of cands) {
      const c = toCase(ctx, s, body, cand, kind);
      // Flavours of an empty string are one case.
      const key = `${constraint.id} ${JSON.stringify(c.body)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (checkCase(ctx.contract, ctx.op, c).ok) out.push(c);
    }
  }
  return out;
}

/** Random-base violations of one constraint; fast-check shrinks the base body and the breaker's index. */
export function violationArbitraryFor(ctx: CaseContext, constraint: Constraint): fc.Arbitrary<Case> {
  const def = definitionOf(constraint.keyword);
  if (!def?.violations) throw new GenerateError(`${ctx.fn}: no violation generator for keyword "${constraint.keyword}" of ${constraint.id}`);
  const violations = def.violations;
  const base = build(ctx.root, buildOptions(ctx, false, pathNodes(constraint.nodePointer)));
  return fc
    .tuple(base, fc.nat())
    .map(([body, k]) => {
      const s = site(ctx, constraint, body);
      const cands = violations(s);
      if (cands.length === 0) return undefined;
      return toCase(ctx, s, body, cands[k % cands.length]!, 'violation');
    })
    .filter((c): c is Case => c !== undefined && checkCase(ctx.contract, ctx.op, c).ok);
}
