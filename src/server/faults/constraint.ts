/**
 * Constraint faults, derived from the catalogue (one or more per constraint, never a hand list).
 * Each edits the server's own copy of the operation's inlined request schema at the constraint's
 * pointer, so the server validates with a schema that is wrong in exactly one place:
 * - `<id>:ignore`        the keyword is dropped: violations are accepted;
 * - `<id>:off-by-one`    a numeric limit moves one step outward: the first value past the limit is accepted;
 * - `<id>:strict-by-one` a numeric limit moves one step inward: a value exactly on the limit is rejected;
 * - `<id>:any-string`, `<id>:case-insensitive` for a string enum that an if/then rule of the node
 *   above reads (attributes[].dataType, read by the range rule): the enum accepts any string, or its
 *   members in any letter case, while the rule stays keyed on the exact members it allows (the rule
 *   holds for every value but those), as code that checks a whitelist would. A violation of the enum
 *   that carries what the rule reads with it (a range) is then refused for the rule, not the enum:
 *   these faults hold that the suite's violations carry nothing another rule could refuse.
 */
import { getAtPointer, isSchemaObject, pointerTokens, type Constraint, type JsonSchema } from '../../contract/index.ts';
import { editableSchema, type Behaviour } from '../behaviour.ts';
import { serverContract } from '../contract.ts';
import type { Fault } from './types.ts';

/** For each numeric limit keyword: the direction in which the limit lets more values through. */
const OUTWARD: Record<string, 1 | -1> = {
  minLength: -1,
  maxLength: 1,
  minimum: -1,
  maximum: 1,
  exclusiveMinimum: -1,
  exclusiveMaximum: 1,
  minItems: -1,
  maxItems: 1,
};
/** Limits that count things, so a shifted value must stay a non-negative integer. */
const COUNTS = new Set(['minLength', 'maxLength', 'minItems', 'maxItems']);

/**
 * The constraint faults a run on this server may rightly leave unrevealed (FaultInfo.excusable):
 * a bulk jobId exactly 1 or 64 characters long cannot name an existing job (the server's ids are
 * 36 characters), so no accepted case can show the limit moved inward; a 1-character jobRef
 * refused and objectives left out accepted are what another OS1 page allows (contested).
 */
const EXCUSABLE: Record<string, 'unsendable' | 'other-reading'> = {
  'changeJobsSubStatus.jobs[].jobId.minLength:strict-by-one': 'unsendable',
  'changeJobsSubStatus.jobs[].jobId.maxLength:strict-by-one': 'unsendable',
  'createJob.jobRef.minLength:strict-by-one': 'other-reading',
  'createJob.objectives.required:ignore': 'other-reading',
};

/** Every constraint fault the catalogue allows. */
export function constraintFaults(): Fault[] {
  const out: Fault[] = [];
  for (const c of serverContract().catalogue) {
    out.push({
      name: `${c.id}:ignore`,
      description: `drops ${c.keyword === 'if' ? `the rule "${String(c.limit)}"` : `"${c.keyword}"`} at ${c.path}: ${c.description} is not enforced`,
      detectedBy: c.id,
      family: 'constraint',
      ...equivalence(c, undefined, 'accept'),
      apply: (b) => ignore(b, c),
    });
    const step = OUTWARD[c.keyword];
    if (step === undefined || typeof c.limit !== 'number') continue;
    const shifted = (dir: 1 | -1) => (c.limit as number) + dir * step;
    const possible = (v: number) => !COUNTS.has(c.keyword) || v >= 0;
    if (possible(shifted(1))) {
      out.push({
        name: `${c.id}:off-by-one`,
        description: `${c.keyword} ${String(c.limit)} at ${c.path} enforced as ${shifted(1)}: the first value past the limit is accepted`,
        detectedBy: c.id,
        family: 'constraint',
        ...equivalence(c, shifted(1), 'accept'),
        apply: (b) => setLimit(b, c, shifted(1)),
      });
    }
    if (possible(shifted(-1))) {
      out.push({
        name: `${c.id}:strict-by-one`,
        description: `${c.keyword} ${String(c.limit)} at ${c.path} enforced as ${shifted(-1)}: a value exactly on the limit is rejected`,
        detectedBy: c.id,
        family: 'constraint',
        ...equivalence(c, shifted(-1), 'reject'),
        apply: (b) => setLimit(b, c, shifted(-1)),
      });
    }
  }
  out.push(...keyedEnumFaults());
  for (const f of out) if (EXCUSABLE[f.name]) f.excusable = EXCUSABLE[f.name];
  return out;
}

/** The if/then node above an enum's member that reads the member with an `enum` of its own, and the member's name. */
function readingRule(c: Constraint): { parentPointer: string; member: string } | undefined {
  if (c.keyword !== 'enum') return undefined;
  const tokens = pointerTokens(c.nodePointer);
  if (tokens.length < 2 || tokens[tokens.length - 2] !== 'properties') return undefined;
  const member = tokens[tokens.length - 1]!;
  const parentPointer = c.nodePointer.slice(0, c.nodePointer.length - `/properties/${escape(member)}`.length);
  const { contract } = serverContract();
  const schema = contract.operation(c.operationId).requestSchema;
  const parent = getAtPointer(schema, parentPointer);
  const own = getAtPointer(schema, c.nodePointer);
  if (!isSchemaObject(parent) || !isSchemaObject(parent.if) || !isSchemaObject(own)) return undefined;
  const read = parent.if.properties?.[member];
  if (!isSchemaObject(read) || !Array.isArray(read.enum)) return undefined;
  if (!Array.isArray(own.enum) || !own.enum.every((m) => typeof m === 'string') || own.pattern !== undefined) return undefined;
  return { parentPointer, member };
}

function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A pattern that matches exactly the given strings, in any letter case. */
function anyCase(members: string[]): string {
  const letter = (ch: string) => (ch.toLowerCase() !== ch.toUpperCase() ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  return `^(?:${members.map((m) => [...m].map(letter).join('')).join('|')})$`;
}

/** Faults of a string enum that a rule of the node above reads (see the file's comment). */
function keyedEnumFaults(): Fault[] {
  const out: Fault[] = [];
  for (const c of serverContract().catalogue) {
    const rule = readingRule(c);
    if (!rule) continue;
    const members = c.limit as string[];
    // The rule of the node above, keyed on the members it lets through rather than on those it refuses.
    const rekey = (b: Behaviour) => {
      const parent = nodeAt(b, c.operationId, rule.parentPointer);
      const read = (parent.if as JsonSchema).properties![rule.member] as JsonSchema;
      const refused = read.enum as unknown[];
      const allowed = members.filter((m) => !refused.includes(m));
      delete read.enum;
      read.not = { enum: allowed };
      relax(b, c);
    };
    out.push({
      name: `${c.id}:any-string`,
      description: `${c.path} accepts any string (not only ${JSON.stringify(members)}), while the rule that reads it still allows only the members it names`,
      detectedBy: c.id,
      family: 'constraint',
      apply: (b) => {
        rekey(b);
        delete nodeOf(b, c).enum;
      },
    });
    out.push({
      name: `${c.id}:case-insensitive`,
      description: `${c.path} accepts ${JSON.stringify(members)} in any letter case, while the rule that reads it still allows only the exact members it names`,
      detectedBy: c.id,
      family: 'constraint',
      apply: (b) => {
        rekey(b);
        const node = nodeOf(b, c);
        delete node.enum;
        node.pattern = anyCase(members);
      },
    });
  }
  return out;
}

/** The schema node at a pointer of the server's editable copy of an operation's request schema. */
function nodeAt(b: Behaviour, operationId: string, pointer: string): JsonSchema {
  const node = getAtPointer(editableSchema(b, operationId), pointer);
  if (!isSchemaObject(node)) throw new Error(`fault on ${operationId}: no schema at ${pointer}`);
  return node;
}

/** Characters the witness strings of a length fault are made of. */
const ALPHABET = ['a', 'Z', '0', '-', ' ', 'é', '😀'];

/**
 * Whether a length fault can be seen at all. Another keyword at the same member may enforce the
 * same limit (attributes[].name's pattern `^[a-zA-Z]{1,32}$` also bounds its length): then the
 * value the fault lets through is still rejected, and no request can tell the faulty server from
 * a correct one. Checked on the member's own schema with strings of the lengths concerned.
 * `limit` undefined means the keyword is dropped.
 */
function equivalence(c: Constraint, limit: number | undefined, effect: 'accept' | 'reject'): { equivalent?: string } {
  if (c.keyword !== 'minLength' && c.keyword !== 'maxLength') return {};
  const { contract } = serverContract();
  const original = getAtPointer(contract.operation(c.operationId).requestSchema, c.nodePointer);
  if (!isSchemaObject(original)) return {};
  const faulted: JsonSchema = structuredClone(original);
  if (limit === undefined) delete faulted[c.keyword];
  else faulted[c.keyword] = limit;
  const before = contract.validatorFor(original);
  const after = contract.validatorFor(faulted);
  const own = c.limit as number;
  // The lengths at which the two schemas can differ: just past the limit, or on it.
  const length = effect === 'reject' ? own : c.keyword === 'maxLength' ? own + 1 : own - 1;
  if (length < 0) return {};
  const witnesses = ALPHABET.map((ch) => ch.repeat(length));
  const differs = witnesses.some((w) => before(w) !== after(w));
  if (differs) return {};
  const others = Object.keys(original).filter((k) => k !== c.keyword && k !== 'type' && !k.startsWith('x-') && k !== 'description');
  return { equivalent: `no value of ${length} code points at ${c.path} is treated differently: ${others.join(' and ') || 'another keyword'} at the same member ${others.length > 1 ? 'decide' : 'decides'} it` };
}

/** The schema node that holds the constraint's keyword, in the server's editable copy. */
function nodeOf(b: Behaviour, c: Constraint): JsonSchema {
  const node = getAtPointer(editableSchema(b, c.operationId), c.nodePointer);
  if (!isSchemaObject(node)) throw new Error(`fault on ${c.id}: no schema at ${c.nodePointer}`);
  return node;
}

/** A member whose own check is broken must not be rejected for naming an unknown entity instead. */
function relax(b: Behaviour, c: Constraint): void {
  b.relaxedMembers.push(`${c.operationId}.${c.path}`);
}

export function ignore(b: Behaviour, c: Constraint): void {
  const node = nodeOf(b, c);
  relax(b, c);
  switch (c.keyword) {
    case 'required': {
      const rest = (node.required ?? []).filter((m) => m !== c.limit);
      if (rest.length > 0) node.required = rest;
      else delete node.required;
      return;
    }
    case 'if':
      delete node.if;
      delete node.then;
      delete node.else;
      delete node['x-constraint'];
      return;
    case 'type': {
      // Dropping `type` alone would leave keywords such as minLength without their type, which
      // strict ajv refuses; "this type, or anything that is not this type" drops it exactly.
      // The wrap happens last, when every other edit of this tree has found its node.
      const type = node.type;
      b.finalizers.push(() => {
        const inner: JsonSchema = { ...node };
        for (const k of Object.keys(node)) delete node[k];
        node.anyOf = [inner, { not: { type } }];
      });
      return;
    }
    default:
      delete node[c.keyword];
  }
}

function setLimit(b: Behaviour, c: Constraint, value: number): void {
  (nodeOf(b, c) as Record<string, unknown>)[c.keyword] = value;
  relax(b, c);
}
