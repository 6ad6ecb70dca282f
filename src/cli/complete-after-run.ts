/**
 * `--complete-created`: once Playwright is done, every job the run created (as conformance.json
 * lists them) that is not completed yet is completed and read back; the reports are written again
 * with what was done.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createClient } from '../client/index.ts';
import type { Config } from '../config/config.ts';
import type { Contract } from '../contract/index.ts';
import { REPORT_FILES, writeReports } from '../reporters/write.ts';
import type { ConformanceReport } from '../results/model.ts';
import { completeCreated } from '../suite/complete-created.ts';

export async function completeAfterRun(config: Config, contract: Contract): Promise<void> {
  const file = path.join(config.reportDir, REPORT_FILES.json);
  if (!fs.existsSync(file)) {
    process.stdout.write('Complete created: no conformance.json to read the created jobs from; nothing completed\n');
    return;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as ConformanceReport;
  const client = createClient(config, 1);
  try {
    report.completed = await completeCreated(client, contract, report.createdJobs, config.consistencyMs);
  } finally {
    await client.close();
  }
  writeReports(config.reportDir, report);
  const done = report.completed.filter((c) => c.after === 'COMPLETED').length;
  process.stdout.write(`Complete created: ${done} of ${report.completed.length} jobs the run created read back COMPLETED (${report.completed.filter((c) => c.action === 'already completed').length} already were); see the report\n`);
}
