/** The block the console prints for each violated row, once: everything needed to reproduce and report it. */
import type { Exchange, ResultRecord } from '../results/model.ts';
import { shownProvenance } from './format.ts';

export function failureBlock(row: ResultRecord): string {
  const out: string[] = [];
  out.push(`  ${row.title}`);
  {
    // Where the rule comes from, by its provenance: a reference or security rule is not the how-to page's.
    if (row.source) out.push(`  ${shownProvenance(row) ?? row.provenance}: ${row.source}`);
    const replays = new Set<string>();
    for (const e of row.evidence.slice(0, 2)) {
      out.push(`  expected ${e.expected}; ${e.actual ?? ''}`);
      if (e.caseDescription) out.push(`  case: ${e.caseDescription}`);
      if (e.position !== undefined) out.push(`  position: ${e.position} (of the array the member sits in; the items before it are valid)`);
      if (e.rule) out.push(`  finding: ${e.rule}${e.provenance ? ` (${e.provenance})` : ''}`);
      // A state finding names the write that broke the rule first, then the read that showed it.
      for (const w of e.writes ?? []) out.push(...exchangeLines(w, 'write'));
      if (e.exchange) out.push(...exchangeLines(e.exchange, e.writes?.length ? 'read' : 'request'));
      if (e.seed !== undefined) out.push(`  seed: ${e.seed}${e.path ? `  path: ${e.path}` : ''}`);
      // Two cases at the same position replay by one command: it is said once.
      if (e.replay && !replays.has(e.replay)) out.push(`  replay: ${e.replay}`);
      if (e.replay) replays.add(e.replay);
    }
  }
  return out.join('\n');
}

function exchangeLines(x: Exchange, label: string): string[] {
  return [
    `  ${label}: ${x.method} ${x.url}  (X-COREOS-REQUEST-ID ${x.requestId})`,
    ...(x.requestBody !== undefined ? [`  body: ${JSON.stringify(x.requestBody).slice(0, 800)}`] : []),
    `  response: ${x.status} ${x.responseExcerpt.slice(0, 300)}`,
    `  curl: ${x.curl.slice(0, 1200)}`,
  ];
}
