/**
 * Keeps generated bodies off the contract's silent points. The schemas allow `from > to`, a range
 * with one bound or `min > max`, and a documentUrl that is not a URL; the documentation says
 * nothing of them, so a target may reject them without breaking the contract. A body that touches
 * one would make a valid case's rejection ambiguous, and could mask a violation case (rejected
 * for the silent reason, not for the broken constraint). Each tamer moves the body off its silent
 * point while leaving the member the case is about exactly as generated. The silent points
 * themselves are probed separately, as observations.
 */
import { getAtPointer, type Contract, type Operation } from '../../contract/index.ts';
import { checkCase } from '../../generate/index.ts';
import type { Case } from '../../generate/case.ts';
import { isRecord } from '../../shared/json.ts';

type Json = Record<string, any>;

/** Rewrites a body in place; `subject` is the pointer of the member the case is about. True when it changed something. */
type Tamer = (body: Json, subject: string) => boolean;

const isUrl = (v: string) => {
  try {
    return /^https?:$/.test(new URL(v).protocol);
  } catch {
    return false;
  }
};

/** Calls `f` on each object item of `body[member]`; true when any call changed its item. */
function eachItem(body: Json, member: string, f: (item: Json, pointer: string) => boolean): boolean {
  const list = body[member];
  if (!Array.isArray(list)) return false;
  let changed = false;
  list.forEach((item, i) => {
    if (isRecord(item) && f(item, `/${member}/${i}`)) changed = true;
  });
  return changed;
}

/** Tamers by silent point id (specs/silent-points.yaml). */
export const TAMERS: Record<string, Tamer> = {
  timeslotFromAfterTo: (body, subject) =>
    eachItem(body, 'objectives', (o, at) => {
      const t = o.timeslot;
      if (!isRecord(t) || typeof t.from !== 'number' || typeof t.to !== 'number' || t.from <= t.to) return false;
      if (subject === `${at}/timeslot/to`) t.from = t.to;
      else t.to = t.from;
      return true;
    }),
  rangeOneSided: (body) =>
    eachItem(body, 'attributes', (a) => {
      const r = a.validation?.range;
      if (!isRecord(r) || ('min' in r && 'max' in r)) return false;
      // min and max are not required, so no case is about a bound being absent: add what is missing.
      if (!('min' in r) && !('max' in r)) Object.assign(r, { min: 1, max: 10 });
      else if ('min' in r) r.max = typeof r.min === 'number' ? r.min : 0;
      else r.min = typeof r.max === 'number' ? r.max : 0;
      return true;
    }),
  rangeMinAboveMax: (body, subject) =>
    eachItem(body, 'attributes', (a, at) => {
      const r = a.validation?.range;
      if (!isRecord(r) || typeof r.min !== 'number' || typeof r.max !== 'number' || r.min <= r.max) return false;
      if (subject === `${at}/validation/range/min`) r.max = r.min;
      else r.min = r.max;
      return true;
    }),
  // documentUrl has no limit of its own: a URL is as much "a string" as any other, so even a case
  // about documentUrl's type may get one.
  documentUrlNotUrl: (body) =>
    eachItem(body, 'assets', (asset) => {
      if (typeof asset.documentUrl !== 'string' || isUrl(asset.documentUrl)) return false;
      asset.documentUrl = `https://docs.example.invalid/${encodeURIComponent(asset.documentUrl).slice(0, 80)}`;
      return true;
    }),
};

/**
 * A copy of the case whose body is off every silent point, the case's own member untouched. The
 * oracle confirms the tamed case means what the original meant (accepted, or rejected at the same
 * keyword and pointer only); if it does not, the original is kept.
 */
export function tame(contract: Contract, op: Operation, c: Case): Case {
  if (!isRecord(c.body)) return c;
  const body = structuredClone(c.body) as Json;
  let changed = false;
  for (const t of Object.values(TAMERS)) if (t(body, c.instancePointer)) changed = true;
  if (!changed) return c;
  const tamed: Case = { ...c, body };
  if (c.mutated !== undefined) tamed.mutated = getAtPointer(body, c.instancePointer);
  return checkCase(contract, op, tamed).ok ? tamed : c;
}

/** A valid body kept off the silent points. */
export function tameBody(contract: Contract, op: Operation, body: unknown): unknown {
  return tame(contract, op, { operationId: op.operationId, kind: 'valid', expect: 'accept', instancePointer: '', path: 'body', description: 'a valid body', body }).body;
}
