/**
 * `--complete-created`: once Playwright is done, every job the run created (as conformance.json
 * lists them) that is not completed yet is completed and read back; the reports are written again
 * with what was done. A conformance.json that this run did not write (Playwright stopped before
 * its reporter wrote one, and an earlier run's is still in the folder: its run id is another) is
 * refused: its jobs are another run's, and none of them is touched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createClient } from '../client/index.ts';
import { peerIdentityOf } from '../client/from-config.ts';
import type { Config } from '../config/config.ts';
import type { Contract } from '../contract/index.ts';
import { parseReport } from '../reporters/json.ts';
import { REPORT_FILES, writeReports } from '../reporters/write.ts';
import type { ConformanceReport } from '../results/model.ts';
import { completeCreated } from '../suite/jobs/complete-created.ts';
import { UserError } from './run-cli.ts';

export async function completeAfterRun(config: Config, contract: Contract): Promise<void> {
  const file = path.join(config.reportDir, REPORT_FILES.json);
  if (!fs.existsSync(file)) {
    process.stdout.write('Complete created: no conformance.json to read the created jobs from; nothing completed\n');
    return;
  }
  let report: ConformanceReport;
  try {
    report = parseReport(fs.readFileSync(file, 'utf8'), file);
  } catch (e) {
    throw new UserError(`--complete-created: ${(e as Error).message}; nothing completed`);
  }
  if (report.runId !== config.runId) {
    throw new UserError(`--complete-created: ${file} is not this run's (it is run ${report.runId || 'of no recorded id'}'s, this is run ${config.runId}): this run wrote no report, so nothing was completed`);
  }
  const client = createClient(config, 1);
  try {
    const peer = peerIdentityOf(config);
    report.completed = await completeCreated(client, contract, report.createdJobs, config.consistencyMs, (job) => (job.tenantId !== undefined && job.tenantId === config.peer?.tenantId ? peer : undefined));
  } finally {
    await client.close();
  }
  writeReports(config.reportDir, report);
  const done = report.completed.filter((c) => c.after === 'COMPLETED').length;
  process.stdout.write(`Complete created: ${done} of ${report.completed.length} jobs the run created read back COMPLETED (${report.completed.filter((c) => c.action === 'already completed').length} already were); see the report\n`);
}
