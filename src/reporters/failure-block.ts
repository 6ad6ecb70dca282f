/** The block the console prints for each violated row, once: everything needed to reproduce and report it. */
import type { ResultRecord } from '../results/model.ts';
import { shownProvenance } from './format.ts';

export function failureBlock(row: ResultRecord): string {
  const out: string[] = [];
  out.push(`  ${row.title}`);
  {
    // Where the rule comes from, by its provenance: a reference or security rule is not the how-to page's.
    if (row.source) out.push(`  ${shownProvenance(row) ?? row.provenance}: ${row.source}`);
    for (const e of row.evidence.slice(0, 2)) {
      out.push(`  expected ${e.expected}; ${e.actual ?? ''}`);
      if (e.caseDescription) out.push(`  case: ${e.caseDescription}`);
      if (e.position !== undefined) out.push(`  position: ${e.position} (of the array the member sits in; the items before it are valid)`);
      if (e.rule) out.push(`  finding: ${e.rule}${e.provenance ? ` (${e.provenance})` : ''}`);
      if (e.exchange) {
        out.push(`  request: ${e.exchange.method} ${e.exchange.url}  (X-COREOS-REQUEST-ID ${e.exchange.requestId})`);
        if (e.exchange.requestBody !== undefined) out.push(`  body: ${JSON.stringify(e.exchange.requestBody).slice(0, 800)}`);
        out.push(`  response: ${e.exchange.status} ${e.exchange.responseExcerpt.slice(0, 300)}`);
        out.push(`  curl: ${e.exchange.curl.slice(0, 1200)}`);
      }
      if (e.seed !== undefined) out.push(`  seed: ${e.seed}${e.path ? `  path: ${e.path}` : ''}`);
      if (e.replay) out.push(`  replay: ${e.replay}`);
    }
  }
  return out.join('\n');
}
