/**
 * Violations of a job-making operation, packed: on a target that accepts what it should refuse,
 * every violating create (or completion) it accepts makes a job, so a target that ignores a whole
 * family of rules (every `type`, every `required`) would spend the run's jobs one row at a time.
 *
 * The violating cases whose members sit at the same array positions (the same lengths of the
 * arrays above them; first also across arrays that lie apart, `objectives` and `assets`, each
 * array at its own length) and that break disjoint members are sent once, together, in one body (the
 * first one's base, the body it was made from, with each broken member put in; the rules packed
 * are local to their member, conditional ones are never packed): first all of them (every keyword),
 * then, if that is refused, those of each keyword. A target that accepts such a body has accepted
 * a body breaking each of their rules: each row is violated on that one request, and one job. A
 * target that refuses it says nothing of any one of them: each is then sent alone, as without
 * packs (a refusal costs no job). On a conforming target packs cost a request per base body and
 * keyword of a job-making operation.
 *
 * A pack is sent once per run, by whichever worker needs it first (a claim in the run's folder);
 * the others read its answer there. Its body and its answer do not depend on which worker sent it,
 * so every row's verdict is the same whatever the workers' timing.
 */
import { getAtPointer, pointerTokens, type Operation } from '../../contract/index.ts';
import { pointersOverlap, withValueAt, type Case } from '../../generate/index.ts';
import { fnv1a } from '../../shared/hash.ts';
import type { Evidence } from '../../results/model.ts';
import type { SuiteContext } from '../run/context.ts';
import { caseEvidence } from '../record/evidence.ts';
import { judgeCase } from '../run/resilient.ts';
import type { Recorder } from '../record/recorder.ts';
import { JOB_MAKING } from '../run/plan.ts';

/** How a pack fared, as every worker reads it. */
interface PackOutcome {
  accepted: boolean;
  /** The pack's exchange, when accepted (the evidence each member row shows). */
  evidence?: Evidence;
  /** Member case descriptions, in the order they were packed. */
  members: string[];
}

interface PackPlan {
  id: string;
  cases: Case[];
  body: unknown;
  keyword: string;
  /** Tried in this order: every keyword across array shapes (0), one keyword across them (1), every keyword of one shape (2), one keyword of one shape (3). */
  level: 0 | 1 | 2 | 3;
}


/** Whether violations of this operation are packed: those that make or complete a job. */
export function packsViolations(op: Operation): boolean {
  return (JOB_MAKING as readonly string[]).includes(op.operationId);
}

/**
 * The evidence that `c` was accepted inside its pack, when one of its packs was accepted;
 * undefined when it has none or each was refused (send it alone then). Sends a pack if no worker
 * has. Only `c`'s own packs: its row's cases at other positions go their own way, so a report
 * can say the rule holds at one position and breaks at another.
 */
export async function acceptedInPack(ctx: SuiteContext, recorder: Recorder, op: Operation, c: Case): Promise<Evidence | undefined> {
  if (!packsViolations(op) || c.expect !== 'reject') return undefined;
  // The widest pack first (every keyword, across the shapes), then narrower ones (see PackPlan.level).
  for (const plan of packsOf(ctx, op).filter((p) => p.cases.includes(c)).sort((a, b) => a.level - b.level)) {
    const outcome = await outcomeOf(ctx, recorder, op, plan, c.constraintId!);
    if (!outcome.accepted || !outcome.evidence) continue;
    const kind = plan.keyword === '*' ? '' : `${plan.keyword} `;
    return {
      ...outcome.evidence,
      caseDescription: `${c.description}: accepted in one body with ${plan.cases.length - 1} other ${kind}violations of ${op.operationId} (${outcome.members.join('; ')})`,
    };
  }
  return undefined;
}

/** The packs of an operation's deterministic violating cases, computed once per context. */
export function packsOf(ctx: SuiteContext, op: Operation): PackPlan[] {
  // Kept in the worker's state (typed there as unknown[]: the plans are this module's own).
  const byOp = ctx.state.violationPacks as Map<string, PackPlan[]>;
  let list = byOp.get(op.operationId);
  if (list) return list;
  list = [];
  const contested = new Set(ctx.catalogue.filter((x) => x.contested?.length).map((x) => x.id));
  const groups = new Map<string, { base: unknown; cases: Case[] }>();
  for (const c of ctx.cases(op).violations) {
    if (c.expect !== 'reject' || !c.keyword || c.keyword === 'if' || !c.constraintId || c.instancePointer === '' || contested.has(c.constraintId)) continue;
    const base = baseOf(c);
    if (base === NO_BASE) continue;
    for (const keyword of ['*', c.keyword]) {
      const key = `${keyword}|${arraysAbove(c.body, c.instancePointer)}`;
      const g = groups.get(key) ?? { base, cases: [] };
      g.cases.push(c);
      groups.set(key, g);
    }
  }
  // Every keyword across the shapes whose arrays lie apart first (a target lenient everywhere makes
  // one job for them), then each keyword across the shapes (a target that ignores every `type`),
  // then every keyword of each shape (a target lenient in one place only, as one that checks
  // objectives[0] alone, refuses the wider packs and accepts this one), then each keyword's of each shape.
  const every = (key: string) => key.startsWith('*|');
  const across = (keep: (key: string) => boolean) => sharedShapes(new Map([...groups].filter(([key]) => keep(key)))).filter((m) => m.key.includes(' + '));
  const levels: { key: string; g: { base: unknown; cases: Case[] }; level: PackPlan['level'] }[] = [
    ...across(every).map((m) => ({ key: `across|${m.key}`, g: m, level: 0 as const })),
    ...across((key) => !every(key)).map((m) => ({ key: `across|${m.key}`, g: m, level: 1 as const })),
    ...[...groups].filter(([key]) => every(key)).map(([key, g]) => ({ key, g, level: 2 as const })),
    ...[...groups].filter(([key]) => !every(key)).map(([key, g]) => ({ key, g, level: 3 as const })),
  ];
  for (const { key, g, level } of levels) {
    // Packs of one case per constraint, on members no other member of the pack contains or is
    // inside: the deepest members first, then what is left (the containers) in further packs.
    let rest = [...g.cases].sort((a, b) => depth(b.instancePointer) - depth(a.instancePointer));
    for (let n = 0; rest.length >= 2; n++) {
      const chosen: Case[] = [];
      for (const c of rest) {
        if (chosen.some((x) => x.constraintId === c.constraintId || pointersOverlap(x.instancePointer, c.instancePointer))) continue;
        const parent = getAtPointer(g.base, c.instancePointer.slice(0, c.instancePointer.lastIndexOf('/')));
        if (parent === null || typeof parent !== 'object') continue;
        chosen.push(c);
      }
      rest = rest.filter((c) => !chosen.includes(c) && !chosen.some((x) => x.constraintId === c.constraintId));
      if (chosen.length < 2) break;
      let body = g.base;
      for (const c of chosen) body = applyCase(body, c);
      const keyword = (every(key.replace(/^across\|/, '')) ? '*' : key.replace(/^across\|/, '')).split('|')[0]!;
      list.push({ id: `${op.operationId}-${fnv1a(key).toString(36)}-${n}`, cases: chosen, body, keyword, level });
    }
  }
  byOp.set(op.operationId, list);
  return list;
}

/**
 * Groups of one keyword whose arrays lie apart (none above or inside another's: `objectives` at
 * two items, `assets` at two, the top-level members) in one body, each array at its group's
 * length: a target that accepts all of them makes one job, not one per array shape.
 */
function sharedShapes(groups: Map<string, { base: unknown; cases: Case[] }>): { key: string; base: unknown; cases: Case[] }[] {
  const out: { key: string; keyword: string; paths: string[]; base: unknown; cases: Case[] }[] = [];
  for (const [key, g] of groups) {
    const keyword = key.slice(0, key.indexOf('|'));
    const shape = key.slice(key.indexOf('|') + 1);
    const paths = shape ? shape.split(' ').map((a) => a.slice(0, a.lastIndexOf(':'))) : [];
    const into = out.find((m) => m.keyword === keyword && !m.paths.some((p) => paths.some((q) => pointersOverlap(p, q))));
    if (!into) {
      out.push({ key, keyword, paths: [...paths], base: g.base, cases: [...g.cases] });
      continue;
    }
    for (const p of paths) into.base = withValueAt(into.base, p, getAtPointer(g.base, p));
    into.paths.push(...paths);
    into.key += ` + ${shape}`;
    into.cases.push(...g.cases);
  }
  return out;
}

/** The pack's outcome: sent by the first worker to claim it, read from the run's folder by the others. */
function outcomeOf(ctx: SuiteContext, recorder: Recorder, op: Operation, plan: PackPlan, servedId: string): Promise<PackOutcome> {
  // A worker that never writes its outcome leaves the pack refused, as if unsent: its members go alone.
  const refused = (): PackOutcome => ({ accepted: false, members: plan.cases.map((c) => c.description) });
  return ctx.runDir.shared(`pack-${plan.id}`, () => sendPack(ctx, recorder, op, plan, servedId), ctx.config.timeoutMs * 3 + ctx.config.consistencyMs, refused);
}

/** Sends the pack, served for the row whose case needed it first (the HAR and the logs tag each request with a row). */
async function sendPack(ctx: SuiteContext, recorder: Recorder, op: Operation, plan: PackPlan, servedId: string): Promise<PackOutcome> {
  const members = plan.cases.map((c) => c.description);
  const packed: Case = {
    operationId: op.operationId,
    kind: 'violation',
    expect: 'reject',
    keyword: plan.keyword,
    instancePointer: '',
    path: 'body',
    description: `${plan.cases.length} ${plan.keyword === '*' ? '' : `${plan.keyword} `}violations of ${op.operationId} in one body`,
    body: plan.body,
  };
  const j = await judgeCase(ctx, recorder, op, packed, servedId);
  // Not sent (no budget, a lost answer): no verdict from the pack; its members go alone.
  return j.sent && j.reply.status >= 200 && j.reply.status < 300 ? { accepted: true, evidence: caseEvidence(j.sentCase, j.reply), members } : { accepted: false, members };
}

const NO_BASE = Symbol('no base');

/** The body the case was made from: its own with the broken member as it was (or absent). */
function baseOf(c: Case): unknown {
  const restored = 'original' in c && c.original !== undefined ? withValueAt(c.body, c.instancePointer, c.original) : withoutAt(c.body, c.instancePointer);
  return restored === undefined ? NO_BASE : restored;
}

/** The base with the case's broken member put in (or left out, for a missing member). */
function applyCase(body: unknown, c: Case): unknown {
  // JSON has no undefined: a member the case's body lacks is one it leaves out.
  const value = getAtPointer(c.body, c.instancePointer);
  return value === undefined ? withoutAt(body, c.instancePointer) : withValueAt(body, c.instancePointer, value);
}

function withoutAt(doc: unknown, pointer: string): unknown {
  const ts = pointerTokens(pointer);
  if (ts.length === 0) return undefined;
  const out = structuredClone(doc);
  let node = out as Record<string, unknown>;
  for (const t of ts.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[t] as Record<string, unknown>;
  }
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  delete node[ts[ts.length - 1]!];
  return out;
}

/** The arrays above a member and their lengths (`/objectives:2`): where in its body the member sits. */
function arraysAbove(body: unknown, pointer: string): string {
  const out: string[] = [];
  let node: unknown = body;
  let at = '';
  for (const t of pointerTokens(pointer)) {
    if (Array.isArray(node)) out.push(`${at}:${node.length}`);
    if (node === null || typeof node !== 'object') break;
    node = (node as Record<string, unknown>)[t];
    at += `/${t}`;
  }
  return out.join(' ');
}

function depth(pointer: string): number {
  return pointer.split('/').length;
}
