/**
 * Faults whose violations another rule could hide: the server takes more values of a member than
 * documented, while a rule that reads that member (a conditional) is written as a whitelist of the
 * documented values. A violating case that also carried the tied member would be refused for the
 * conditional, and the fault pass unseen: the suite must send the violation without it.
 * - `createJobAttributes.attributes[].dataType:any-string`: any string is a dataType; a range is
 *   allowed only with "string" or "number" (so "String" with a range is refused for the range);
 * - `createJobAttributes.attributes[].dataType:case-insensitive`: "String", "ARRAY" are dataTypes.
 */
import type { JsonSchema } from '../../contract/index.ts';
import type { Behaviour } from '../behaviour.ts';
import { serverContract } from '../contract.ts';
import { nodeOf, relax } from './constraint.ts';
import type { Fault } from './types.ts';

const ENUM_ID = 'createJobAttributes.attributes[].dataType.enum';
const RANGE_ID = 'createJobAttributes.attributes[].validation.range.onlyForStringAndNumber';

/** The documented values, each letter either case: `String`, `ARRAY`, `nUmBeR`. */
function anyCase(values: string[]): string {
  return `^(${values.map((v) => [...v].map((ch) => (/[a-z]/i.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : ch)).join('')).join('|')})$`;
}

function edit(b: Behaviour, dataType: (values: string[]) => JsonSchema): void {
  const { catalogue } = serverContract();
  const enumC = catalogue.find((c) => c.id === ENUM_ID)!;
  const rangeC = catalogue.find((c) => c.id === RANGE_ID)!;
  const member = nodeOf(b, enumC);
  const values = member.enum as string[];
  delete member.enum;
  Object.assign(member, dataType(values));
  relax(b, enumC);
  // The range rule as a whitelist: with a range, dataType must be one of these exactly.
  const item = nodeOf(b, rangeC);
  item.if = { required: ['validation'], properties: { validation: { type: 'object', required: ['range'], properties: { range: {} } } } };
  item.then = { properties: { dataType: { enum: ['string', 'number'] } } };
}

export const maskingFaults = (): Fault[] => [
  {
    name: 'createJobAttributes.attributes[].dataType:any-string',
    description: 'any string is an attribute dataType, while a range is allowed only with "string" or "number": a dataType violation carrying a range is refused for the range',
    detectedBy: ENUM_ID,
    family: 'masking',
    apply: (b) => edit(b, () => ({})),
  },
  {
    name: 'createJobAttributes.attributes[].dataType:case-insensitive',
    description: 'attribute dataType is matched in any case ("String", "ARRAY"), while a range is allowed only with "string" or "number" exactly',
    detectedBy: ENUM_ID,
    family: 'masking',
    apply: (b) => edit(b, (values) => ({ pattern: anyCase(values) })),
  },
];
