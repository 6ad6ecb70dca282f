/**
 * Request bodies kept beside the report: each evidence exchange's bytes, as sent, in
 * `<report folder>/bodies/`, and its curl's `--data-binary @file` pointed at that file by the path
 * a shell in the run's folder reaches it by. A raw body (a byte-order mark, invalid UTF-8) is
 * replayed byte for byte, where the report's text shows it decoded.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ConformanceReport, Evidence, Exchange } from '../results/model.ts';
import { placeBody } from '../client/curl.ts';

/** The exact bytes an exchange sent, when they were kept. */
export function sentBytes(x: Exchange): Buffer | undefined {
  if (!x.bodyFile) return undefined;
  if (x.requestBytes !== undefined) return Buffer.from(x.requestBytes, 'base64');
  // A JSON object or array: the client sent its serialisation.
  return x.requestBody !== undefined ? Buffer.from(JSON.stringify(x.requestBody)) : undefined;
}

/**
 * The report with every evidence curl sending its body from `dir`'s bodies/ folder, by its path
 * from `cwd`: the folder the user ran the command in (npm's INIT_CWD, which the command line sets
 * when run otherwise), where the Playwright runner's own is the project's.
 */
export function placeBodies(report: ConformanceReport, dir: string, cwd = process.env.INIT_CWD || process.cwd()): ConformanceReport {
  const place = (x: Exchange): Exchange => (x.bodyFile ? { ...x, curl: placeBody(x.curl, shownPath(path.join(dir, x.bodyFile), cwd)) } : x);
  const evidence = (e: Evidence): Evidence => ({ ...e, ...(e.exchange ? { exchange: place(e.exchange) } : {}), ...(e.writes ? { writes: e.writes.map(place) } : {}) });
  return { ...report, results: report.results.map((r) => ({ ...r, evidence: r.evidence.map(evidence) })) };
}

/** Writes `dir`/bodies/ afresh: the bytes of every evidence exchange of the report; returns how many. */
export function writeBodies(dir: string, report: ConformanceReport): number {
  const folder = path.join(dir, 'bodies');
  fs.rmSync(folder, { recursive: true, force: true });
  let n = 0;
  for (const r of report.results) {
    for (const e of r.evidence) {
      for (const x of [...(e.writes ?? []), ...(e.exchange ? [e.exchange] : [])]) {
        const bytes = sentBytes(x);
        if (!bytes || !x.bodyFile) continue;
        const file = path.join(dir, x.bodyFile);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, bytes);
        n++;
      }
    }
  }
  return n;
}

/** A path relative to `cwd` when the file is under it (what a paste in that folder reaches), else absolute. */
function shownPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : path.resolve(file);
}
