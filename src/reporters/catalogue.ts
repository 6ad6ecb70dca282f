/**
 * The constraint catalogue as the reports need it, so that every documented constraint appears in
 * them, tested or not. The only place the reporters read the contract.
 */
import { buildCatalogue, loadContract, type JsonSchema } from '../contract/index.ts';
import type { CatalogueEntry } from '../results/merge.ts';
import type { OperationPlan } from '../results/coverage.ts';

let cache: CatalogueEntry[] | undefined;

/** Every catalogue constraint (id, operation, path, keyword, limit, documentation sentence), loaded once. */
export function loadCatalogue(): CatalogueEntry[] {
  cache ??= buildCatalogue(loadContract()).map((c) => ({
    id: c.id,
    operationId: c.operationId,
    path: c.path,
    keyword: c.keyword,
    limit: c.limit,
    source: c.source,
    description: c.description,
    provenance: c.provenance,
    ...(c.contested ? { contested: c.contested } : {}),
  }));
  return cache;
}

let plan: OperationPlan[] | undefined;

/** What the spec documents of each operation, for the coverage table (src/results/coverage.ts), loaded once. */
export function loadCoveragePlan(): OperationPlan[] {
  if (plan) return plan;
  const contract = loadContract();
  const spec = contract.spec as unknown as Record<string, unknown>;
  const resolve = (v: unknown): Record<string, unknown> | undefined => {
    let node = v as Record<string, unknown> | undefined;
    for (let i = 0; i < 8 && node && typeof node.$ref === 'string' && node.$ref.startsWith('#/'); i++) {
      node = node.$ref
        .slice(2)
        .split('/')
        .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<unknown>((at, t) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[t] : undefined), spec) as Record<string, unknown> | undefined;
    }
    return node;
  };
  const specOps = new Map<string, Record<string, unknown>>();
  for (const item of Object.values((spec.paths ?? {}) as Record<string, Record<string, unknown>>)) {
    for (const op of Object.values(item)) if (op && typeof op === 'object' && typeof (op as { operationId?: unknown }).operationId === 'string') specOps.set((op as { operationId: string }).operationId, op as Record<string, unknown>);
  }
  const contentTypes = (v: unknown) => Object.keys((resolve(v)?.content as Record<string, unknown> | undefined) ?? {}).map((t) => t.toLowerCase());
  plan = contract.operations.map((op) => {
    const raw = specOps.get(op.operationId) ?? {};
    const statuses = Object.keys(op.responses).sort();
    const success = statuses.filter((s) => s.startsWith('2'));
    const responses = Object.values((raw.responses as Record<string, unknown> | undefined) ?? {});
    return {
      operationId: op.operationId,
      method: op.method,
      path: op.path,
      // Several documented 2xx (200 and 202: the pages disagree) are one item: a target answers one of them.
      statuses: [...(success.length > 1 ? [success.join('|')] : success), ...statuses.filter((s) => !s.startsWith('2'))],
      requestTypes: raw.requestBody ? contentTypes(raw.requestBody) : [],
      responseTypes: [...new Set(responses.flatMap(contentTypes))],
      parameters: [...op.pathParams],
      members: op.requestSchema ? schemaMembers(op.requestSchema) : [],
    };
  });
  return plan;
}

/** The member paths a request schema names (`objectives`, `objectives[].location`), through its combinators. */
function schemaMembers(schema: JsonSchema): string[] {
  const out = new Set<string>();
  const walk = (s: unknown, at: string) => {
    if (!s || typeof s !== 'object') return;
    const node = s as Record<string, unknown>;
    for (const [k, x] of Object.entries((node.properties as Record<string, unknown> | undefined) ?? {})) {
      const p = at === '' ? k : `${at}.${k}`;
      out.add(p);
      walk(x, p);
    }
    if (node.items) walk(node.items, `${at}[]`);
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) for (const x of (node[key] as unknown[] | undefined) ?? []) walk(x, at);
    for (const key of ['then', 'else'] as const) walk(node[key], at);
  };
  walk(schema, '');
  return [...out];
}
