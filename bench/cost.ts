/**
 * `npm run bench:cost`: what a run costs a staging deployment, by plan. The reference server is
 * started as a remote target (so the suite plans as it would for staging) and the whole suite runs
 * through `npm run conformance`, unpaced; the wall time at the default 50 requests/s is computed from
 * the request count. For each plan: requests, jobs created, wall time unpaced and at 50 requests/s,
 * and the mutation score the plan reaches (the engine against every fault, both profiles, judged
 * as a remote target with that plan).
 * Options: --rounds N (default 3: medians of requests, jobs and wall time), --skip-mutation.
 */
import { embeddedRun } from '../src/targets/embedded.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UNLIMITED_RATE } from '../src/config/config.ts';
import { runMutation } from '../src/mutation/runner.ts';
import { PROFILE_NAMES, SEEDED_IDS, startServer } from '../src/server/index.ts';
import { runCommand } from '../tests/self/helpers/cli.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const TOKEN = 'bench-cost-token';
const PACE = 50;

interface Plan {
  name: string;
  /** Settings over a remote target's defaults. */
  settings: Record<string, string>;
}

const PLANS: Plan[] = [
  { name: 'remote default', settings: {} },
  { name: '--thorough', settings: { CONFORMANCE_THOROUGH: 'true' } },
];

async function runOnce(plan: Plan, seed: number): Promise<{ requests: number; jobs: number; wallS: number; violated: number; untested: number }> {
  const server = await startServer({ quiet: true, accessToken: TOKEN });
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cost-'));
  try {
    // As `npm run conformance` runs (node --import tsx), unpaced; the server answers from this process.
    const run = await runCommand('src/cli/conformance.ts', [], {
      importTsx: true,
      timeoutMs: 1_800_000,
      env: {
        DISPATCH_BASE_URL: server.baseUrl,
        DISPATCH_ACCESS_TOKEN: TOKEN,
        DISPATCH_JOB_TYPE_ID: SEEDED_IDS.jobType.join(','),
        DISPATCH_JOB_WORKFLOW_ID: SEEDED_IDS.jobWorkflow.join(','),
        DISPATCH_RATE_LIMIT: String(UNLIMITED_RATE),
        CONFORMANCE_SEED: String(seed),
        CONFORMANCE_REPORT_DIR: reports,
        ...plan.settings,
      },
    });
    const wallS = run.ms / 1000;
    const report = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8'));
    if (run.code !== 0) console.log(`   (${plan.name} run exited ${run.code})`);
    return { requests: report.summary.requests, jobs: report.createdJobs.length, wallS, violated: report.summary.violated, untested: report.summary.untested };
  } finally {
    await server.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string' }, 'skip-mutation': { type: 'boolean' } } });
  const rounds = Number(values.rounds ?? 3);
  console.log(`dispatch-conformance cost on staging · ${os.cpus().length} cores · node ${process.version} · ${rounds} rounds, medians`);
  for (const plan of PLANS) {
    const runs = [];
    for (let r = 0; r < rounds; r++) runs.push(await runOnce(plan, 1000 + r));
    const requests = median(runs.map((r) => r.requests));
    const jobs = median(runs.map((r) => r.jobs));
    const wall = median(runs.map((r) => r.wallS));
    let score = '(skipped)';
    if (!values['skip-mutation']) {
      const scores: string[] = [];
      for (const profile of PROFILE_NAMES) {
        const m = await runMutation({ target: embeddedRun, mode: 'fast', plan: 'remote', seed: 20261128, profile, settings: plan.settings });
        scores.push(`${profile} ${m.detected}/${m.total}${m.falseAlarms.length ? `, ${m.falseAlarms.length} false alarms` : ''}`);
      }
      score = scores.join('; ');
    }
    console.log(
      `${plan.name.padEnd(15)} requests ${fmt(requests).padStart(5)} (${runs.map((r) => r.requests).join(', ')}) · jobs ${fmt(jobs).padStart(3)} (${runs.map((r) => r.jobs).join(', ')}) · wall ${fmt(wall, 1)} s unpaced, ${fmt(requests / PACE)} s at ${PACE} requests/s · violated ${runs.map((r) => r.violated).join('/')}, untested ${runs.map((r) => r.untested).join('/')} · detection ${score}`,
    );
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
