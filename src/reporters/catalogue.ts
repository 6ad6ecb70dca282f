/**
 * The constraint catalogue as the reports need it, so that every documented constraint appears in
 * them, tested or not. The only place the reporters read the contract.
 */
import { buildCatalogue, loadContract } from '../contract/index.ts';
import type { CatalogueEntry } from '../results/merge.ts';

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
