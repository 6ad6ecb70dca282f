/**
 * Referential faults: the server accepts any well-formed id of a member it should look up (a job
 * type, a job workflow), as code that checks the id's form and never whether it names anything.
 * One per referential member the server checks, derived from the catalogue.
 */
import { CHECKS } from '../../results/model.ts';
import { serverContract } from '../contract.ts';
import { SEEDED_IDS } from '../seed.ts';
import type { Fault } from './types.ts';

/** The kinds of entity the server keeps and looks referential members up in: those it seeds (seed.ts; handlers.ts looks them up). */
const CHECKED: ReadonlySet<string> = new Set(Object.keys(SEEDED_IDS));

export function referentialFaults(): Fault[] {
  const members = new Map<string, { operationId: string; path: string; kind: string }>();
  for (const c of serverContract().catalogue) {
    if (c.referential && CHECKED.has(c.referential)) members.set(`${c.operationId}.${c.path}`, { operationId: c.operationId, path: c.path, kind: c.referential });
  }
  return [...members.entries()].map(([member, m]) => ({
    name: `${member}:unchecked-reference`,
    description: `accepts a ${m.path} of valid form that names no ${m.kind} (the id is never looked up)`,
    detectedBy: `${CHECKS.unknownReference}.${m.path}`,
    family: 'referential',
    apply: (b) => void b.relaxedMembers.push(member),
  }));
}
