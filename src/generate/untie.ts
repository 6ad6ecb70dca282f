/**
 * A violating case must be refusable for one reason only. Where a conditional of the object a
 * member sits in reads that member together with others (`if` dataType is boolean, object or array
 * and `validation` is there, `then` invalid), a violation of the member that also carries the others
 * could be refused for the conditional instead (a server that takes "String" as a dataType but
 * allows a range only with "string" or "number" refuses it for the range, and its fault is masked).
 * So the violating case leaves out the optional members a conditional ties to the violated one;
 * the oracle confirms the result still breaks exactly the constraint it is about. Generic: it
 * reads the conditionals of the schema, not a member's name.
 */
import { getAtPointer, isSchemaObject, type Contract, type Operation } from '../contract/index.ts';
import type { Case } from './case.ts';
import { checkCase as oracleCheck } from './oracle.ts';

/** The case without the optional members a conditional of its object ties to the violated member; the case itself when none or when that would not keep it a clean violation. */
export function untie(contract: Contract, op: Operation, c: Case): Case {
  if (c.kind !== 'violation' || !c.schemaPointer || !op.requestSchema) return c;
  const m = /^(.*)\/properties\/([^/]+)\/[^/]+$/.exec(c.schemaPointer);
  if (!m) return c;
  const [, parentPtr, name] = m as unknown as [string, string, string];
  const parent = getAtPointer(op.requestSchema, parentPtr);
  if (!isSchemaObject(parent) || !isSchemaObject(parent.if)) return c;
  const read = new Set<string>([...Object.keys(isSchemaObject(parent.if.properties) ? parent.if.properties : {}), ...(Array.isArray(parent.if.required) ? (parent.if.required as string[]) : [])]);
  if (!read.has(name)) return c;
  const required = new Set(Array.isArray(parent.required) ? (parent.required as string[]) : []);
  const tied = [...read].filter((n) => n !== name && !required.has(n));
  const objectPtr = c.instancePointer.slice(0, c.instancePointer.lastIndexOf('/'));
  const object = getAtPointer(c.body, objectPtr);
  if (!object || typeof object !== 'object' || Array.isArray(object)) return c;
  const present = tied.filter((n) => Object.prototype.hasOwnProperty.call(object, n));
  if (present.length === 0) return c;
  const body = structuredClone(c.body);
  const target = getAtPointer(body, objectPtr) as Record<string, unknown>;
  for (const n of present) delete target[n];
  const untied: Case = { ...c, body, description: `${c.description} (without ${present.join(', ')}, which a conditional reads with ${name})` };
  return oracleCheck(contract, op, untied).ok ? untied : c;
}
