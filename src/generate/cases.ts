/**
 * Turns catalogue constraints into cases: finds each constraint's node in a base body, asks the
 * keyword's definition for boundary or violating values, writes them into a copy of the body with
 * full provenance, and keeps only what the oracle confirms. Knows no keyword.
 */
import fc from 'fast-check';
import { agreedValid, getAtPointer, joinPointer, pointerTokens, type Constraint, type Contract, type Operation } from '../contract/index.ts';
import { build, type BuildOptions } from './arbitrary.ts';
import type { Case, CaseKind, CasePosition } from './case.ts';
import { GenerateError } from './errors.ts';
import { childPointer, deepEqual, humanPath, labelOf, withValueAt } from './json.ts';
import type { Candidate, RefPools, Shape, Site } from './model.ts';
import { checkCase } from './oracle.ts';
import { definitionOf, rootShape, shapeAt } from './shape.ts';
import { untie } from './ties.ts';

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

/**
 * The instance pointer of a schema node in a body, taking in every array the item `choose` picks
 * from its length, and the position of the node in the innermost array (undefined outside arrays).
 */
function pointerIn(nodePointer: string, choose: (length: number) => number, body?: unknown): Omit<Placement, 'body'> {
  let out = '';
  let position: CasePosition | undefined;
  let item: string | undefined;
  const tokens = pointerTokens(nodePointer);
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === 'properties') out = childPointer(out, tokens[++i]!);
    else if (tokens[i] === 'items') {
      const list = getAtPointer(body, out);
      const items = Array.isArray(list) ? list.length : 1;
      const index = items > 0 ? choose(items) % items : 0;
      position = { index, items };
      out = childPointer(out, index);
      item = out;
    }
  }
  return { pointer: out, ...(position ? { position, item: item! } : {}) };
}

/** A base body made ready for the cases of one node at one position. */
interface Placement {
  /** The base body, with the arrays above the node resized when the position asks for it. */
  body: unknown;
  /** Instance pointer of the node in that body. */
  pointer: string;
  position?: CasePosition;
  /** Instance pointer of the node's item in the innermost array (set with position). */
  item?: string;
}

/**
 * The positions a node inside an array is checked at: item 0 of the base body, the second of two
 * items and the last of three. At the later positions the node's item moves to the end of its
 * array and valid items (drawn from the items' schema, distinct from it and from each other) fill
 * the places before it; arrays further out are resized the same way. Outside arrays: one placement.
 */
const LATER_POSITIONS = [2, 3];

function placements(ctx: CaseContext, base: unknown, nodePointer: string): Placement[] {
  const first = pointerIn(nodePointer, () => 0, base);
  const out: Placement[] = [{ body: base, ...first }];
  if (!first.position) return out;
  for (const items of LATER_POSITIONS) {
    const placed = placeLast(ctx, base, nodePointer, items);
    // An array's minItems may make two positions one (the last of four, for minItems 4).
    if (placed && !out.some((p) => p.pointer === placed.pointer)) out.push(placed);
  }
  return out;
}

/** The base body with every array above the node made `items` long, the node's own item last. */
function placeLast(ctx: CaseContext, base: unknown, nodePointer: string, items: number): Placement | undefined {
  let body = base;
  let out = '';
  let item = '';
  let n = items;
  let schema = '';
  const tokens = pointerTokens(nodePointer);
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === 'properties') {
      const name = tokens[++i]!;
      out = childPointer(out, name);
      schema = joinPointer(schema, 'properties', name);
    } else if (tokens[i] === 'items') {
      const list = getAtPointer(body, out);
      if (!Array.isArray(list) || list.length === 0) return undefined;
      // The array's own item counts hold: at least minItems items, and no position past maxItems.
      const array = shapeAt(ctx.root, schema, ctx.fn).array;
      n = Math.max(items, array.minItems ?? 0);
      if (array.maxItems !== undefined && n > array.maxItems) return undefined;
      schema = joinPointer(schema, 'items');
      const fillers = fillersFor(ctx, schema, list[0], n - 1);
      if (!fillers) return undefined;
      body = withValueAt(body, out, [...fillers, list[0]]);
      out = childPointer(out, n - 1);
      item = out;
    }
  }
  return { body, pointer: out, position: { index: n - 1, items: n }, item };
}

/**
 * `count` valid items of the array whose items' schema is at `itemsPointer`, distinct from `item`
 * and from each other, every value inside its limits as in the base body (a filler holding a
 * boundary value would let a refusal of it be blamed on the case's own constraint).
 */
function fillersFor(ctx: CaseContext, itemsPointer: string, item: unknown, count: number): unknown[] | undefined {
  const shape = shapeAt(ctx.root, itemsPointer, ctx.fn);
  const drawn = fc.sample(build(shape, buildOptions(ctx, true, new Set(), true)), { seed: ctx.seed + 1, numRuns: count + 8 });
  const out: unknown[] = [];
  for (const d of drawn) {
    if (out.length === count) break;
    if (!deepEqual(d, item) && !out.some((o) => deepEqual(o, d))) out.push(d);
  }
  return out.length === count ? out : undefined;
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
  const agreed = agreedValid((schema) => ctx.contract.validatorFor(schema), ctx.op);
  const drawn = fc.sample(build(ctx.root, buildOptions(ctx, true, new Set(), true)), { seed: ctx.seed, numRuns: 50 });
  const body = drawn.find(agreed);
  if (body === undefined) throw new GenerateError(`${ctx.fn}: no base body for ${ctx.op.operationId} that every reading accepts in 50 draws (a generator bug)`);
  return body;
}

function site(ctx: CaseContext, constraint: Constraint, at: Placement): Site {
  const shape = shapeAt(ctx.root, constraint.nodePointer, ctx.fn);
  return {
    constraint,
    keyword: constraint.keyword,
    shape,
    value: getAtPointer(at.body, at.pointer),
    label: labelOf(at.pointer),
    refs: ctx.refs,
    sampleValid: (s, count, o) => fc.sample(build(s, buildOptions(ctx, o?.full ?? false)), { seed: ctx.seed, numRuns: count }),
  };
}

function toCase(ctx: CaseContext, s: Site, at: Placement, cand: Candidate, kind: CaseKind): Case {
  const nodePtr = at.pointer;
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
    description: cand.description + placedAt(at),
    body: withValueAt(at.body, nodePtr, cand.value),
  };
  if (kind === 'violation') {
    // Another rule that reads the member with others must not be able to refuse the case.
    const memberSchema = cand.focus !== undefined ? joinPointer(s.constraint.nodePointer, 'properties', cand.focus) : s.constraint.nodePointer;
    const untied = untie(ctx.root, c.body, memberSchema, pointer, ctx.fn);
    if (untied.removed.length > 0) {
      c.body = untied.body;
      const note = `, ${untied.removed.join(', ')} left out (${untied.rules.join(', ')} reads ${untied.removed.length > 1 ? 'them' : 'it'} with ${humanPath(pointer)})`;
      c.description = cand.description + note + placedAt(at);
    }
  }
  if (at.position) c.position = at.position;
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

/** Where a case sits, for its description: nothing at item 0, else the item and its array's length. */
function placedAt(at: Placement): string {
  if (!at.position || at.position.index === 0 || at.item === undefined) return '';
  const where = at.position.index === at.position.items - 1 ? `the last of ${at.position.items} items` : `item ${at.position.index} of ${at.position.items}`;
  return ` (${humanPath(at.item)} is ${where}, the others valid)`;
}

/**
 * Cases of one kind for every constraint of the operation, each confirmed by the oracle. A
 * constraint inside an array is checked at positions 0, 1 and last: its candidates take the
 * positions in turn (so the flavours of a limit cost no extra request), and where a violation has
 * fewer candidates than positions, its first one is placed at the rest as well. Boundary cases keep
 * to what their candidates give: an accepting value sits at a later position only when there are
 * several (a second one costs a request, and on createJob a job, while a fault that rejects a valid
 * item only at a later position is not the kind validation code has). `base` is the operation's
 * base body, when the caller has built it already.
 */
export function casesFor(ctx: CaseContext, catalogue: Constraint[], kind: 'boundary' | 'violation', base: unknown = baseBody(ctx)): Case[] {
  const out: Case[] = [];
  const seen = new Set<string>();
  // The constraints of one node share its placements (placing an item last draws its fillers).
  const placed = new Map<string, Placement[]>();
  for (const constraint of catalogue) {
    if (constraint.operationId !== ctx.op.operationId) continue;
    const def = definitionOf(constraint.keyword);
    if (!def) throw new GenerateError(`${ctx.fn}: no generator for keyword "${constraint.keyword}" of ${constraint.id}`);
    let places = placed.get(constraint.nodePointer);
    if (!places) placed.set(constraint.nodePointer, (places = placements(ctx, base, constraint.nodePointer)));
    // The node's item is the same at every position, so are its candidates (but for their labels).
    const sites = places.map((p) => site(ctx, constraint, p));
    const candidatesAt = sites.map((s) => (kind === 'boundary' ? def.boundaries?.(s) : def.violations?.(s)) ?? []);
    const cands = candidatesAt[0]!;
    const covered = new Set<number>();
    const emit = (k: number, i: number): boolean => {
      const cand = candidatesAt[i]![k];
      if (!cand) return false;
      const c = toCase(ctx, sites[i]!, places[i]!, cand, kind);
      // Flavours of an empty string are one case.
      const key = `${constraint.id} ${JSON.stringify(c.body)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      if (!checkCase(ctx.contract, ctx.op, c).ok) return false;
      out.push(c);
      covered.add(i);
      return true;
    };
    cands.forEach((_, k) => emit(k, k % places.length));
    if (kind === 'violation') {
      for (let i = 1; i < places.length; i++) if (!covered.has(i)) cands.some((_, k) => emit(k, i));
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
  // The breaker's index, and the item it breaks in each array above the node: both shrink to 0.
  return fc
    .tuple(base, fc.nat(), fc.nat())
    .map(([body, k, item]) => {
      const at: Placement = { body, ...pointerIn(constraint.nodePointer, () => item, body) };
      const s = site(ctx, constraint, at);
      const cands = violations(s);
      if (cands.length === 0) return undefined;
      return toCase(ctx, s, at, cands[k % cands.length]!, 'violation');
    })
    .filter((c): c is Case => c !== undefined && checkCase(ctx.contract, ctx.op, c).ok);
}
