/**
 * `npm run bench`: the suite's numbers on this machine, medians of several rounds.
 * 1. Request rate: the suite's client with its checks, and the whole engine, as a ratio to a raw
 *    keep-alive node:http client sending the same request to the same server (in a child process).
 * 2. Wall time and CPU of the default `npm run conformance` against the embedded server, each as a
 *    ratio to a bare Node start in the same round, and the share of each phase (bench/wall.ts).
 * 3. Generation rate: valid bodies per second per operation.
 * 4. Requests needed to detect a fault: the suite's boundary-first cases against fast-check's
 *    default random generation alone (bench/naive.ts), over a sample of the reference server's faults.
 * Options: --rounds N (default 5), --skip-wall, --wall-only (part 2 alone), --faults N (default 40),
 * --cap N (default 500).
 */
import { embeddedRun } from '../src/targets/embedded.ts';
import http from 'node:http';
import os from 'node:os';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { buildCatalogue, loadContract } from '../src/contract/index.ts';
import { DispatchClient, staticToken } from '../src/client/index.ts';
import { valid } from '../src/generate/index.ts';
import { listFaults, SEEDED_IDS } from '../src/server/index.ts';
import { runMutation } from '../src/mutation/runner.ts';
import { loadConfig } from '../src/config/config.ts';
import { openSuite } from '../src/suite/run/open.ts';
import { Recorder } from '../src/suite/record/recorder.ts';
import { runSuite } from '../src/suite/run/run-suite.ts';
import { naiveCase } from './naive.ts';
import { measureWall } from './wall.ts';

const TOKEN = 'bench-token';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** Child mode: the reference server (optionally with faults), reporting its port. */
async function child(faults: string[]): Promise<void> {
  const { startServer } = await import('../src/server/index.ts');
  const server = await startServer({ quiet: true, accessToken: TOKEN, faults });
  process.send!({ baseUrl: server.baseUrl });
}

async function serverProcess(faults: string[] = []): Promise<{ baseUrl: string; stop(): void }> {
  const proc = fork(fileURLToPath(import.meta.url), ['--child', JSON.stringify(faults)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { baseUrl } = await new Promise<{ baseUrl: string }>((r) => proc.once('message', (m) => r(m as { baseUrl: string })));
  return { baseUrl, stop: () => proc.kill() };
}

const contract = loadContract();
const catalogue = buildCatalogue(contract);
const subStatus = contract.operation('changeJobSubStatus');

async function rawRate(baseUrl: string, jobId: string, n: number, concurrency: number): Promise<number> {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const body = JSON.stringify({ subStatus: 'bench' });
  const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'x-coreos-access': TOKEN, 'x-coreos-tid': 'bench', 'x-coreos-userinfo': '{"id":"bench"}' };
  let sent = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, method: 'POST', path: `${url.pathname}/jobs/${encodeURIComponent(jobId)}/sub-status`, agent, headers: { ...headers, 'x-coreos-request-id': `raw-${sent}` } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 202 ? resolve() : reject(new Error(`raw: ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (sent < n) {
      sent++;
      await one();
    }
  }));
  const rate = n / ((performance.now() - started) / 1000);
  agent.destroy();
  return rate;
}

async function suiteRate(baseUrl: string, jobId: string, n: number, concurrency: number): Promise<number> {
  const client = new DispatchClient({ baseUrl, token: staticToken(TOKEN), tenantId: 'bench', userInfo: '{"id":"bench"}', sendOriginToken: false, rateLimit: 1_000_000, maxRequests: Infinity, timeoutMs: 10_000, runId: 'bench', connections: concurrency });
  const recorder = new Recorder(contract);
  const c = { operationId: 'changeJobSubStatus', kind: 'valid' as const, expect: 'accept' as const, instancePointer: '', path: 'body', description: 'bench', body: { subStatus: 'bench' } };
  let sent = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (sent < n) {
      sent++;
      const reply = await client.send(subStatus, { pathParams: { jobId }, body: c.body });
      const failures = recorder.observe(subStatus, reply, c);
      if (failures.length) throw new Error(`suite: ${failures[0]!.message}`);
    }
  }));
  const rate = n / ((performance.now() - started) / 1000);
  await client.close();
  return rate;
}

function suiteConfig(baseUrl: string, seed: number, runs = 100) {
  return loadConfig({
    envFile: '/nonexistent/.env',
    env: { DISPATCH_BASE_URL: baseUrl, DISPATCH_ACCESS_TOKEN: TOKEN, DISPATCH_EMBEDDED: '1', DISPATCH_JOB_TYPE_ID: SEEDED_IDS.jobType.join(','), DISPATCH_JOB_WORKFLOW_ID: SEEDED_IDS.jobWorkflow.join(','), CONFORMANCE_SEED: String(seed), CONFORMANCE_RUNS: String(runs), CONFORMANCE_VIOLATION_RUNS: '5', CONFORMANCE_MODEL_RUNS: '25' },
  });
}

interface Sent {
  method: string;
  url: string;
  contentType?: string;
  body?: string;
}

/** The whole engine, in-process; every request it sends is recorded for the raw replay. */
async function engineRate(baseUrl: string, seed: number): Promise<{ rate: number; requests: number; sent: Sent[] }> {
  const ctx = openSuite({ config: suiteConfig(baseUrl, seed), contract, catalogue, share: 1 });
  const sent: Sent[] = [];
  const send = ctx.client.send.bind(ctx.client);
  ctx.client.send = async (op, o = {}) => {
    const reply = await send(op, o);
    const body = o.rawBody !== undefined ? String(o.rawBody) : o.body !== undefined ? JSON.stringify(o.body) : undefined;
    sent.push({ method: reply.method, url: reply.url, contentType: reply.requestHeaders['content-type'], body });
    return reply;
  };
  const started = performance.now();
  await runSuite([ctx]);
  const rate = ctx.client.requests / ((performance.now() - started) / 1000);
  await ctx.close();
  return { rate, requests: ctx.client.requests, sent };
}

/** The same requests, in the same order, from a raw keep-alive node:http client. */
async function rawReplay(sent: Sent[]): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const started = performance.now();
  for (const [i, r] of sent.entries()) {
    const url = new URL(r.url);
    const headers: Record<string, string> = { 'x-coreos-access': TOKEN, 'x-coreos-tid': 'bench', 'x-coreos-userinfo': '{"id":"bench"}', 'x-coreos-request-id': `replay-${i}` };
    if (r.body !== undefined) {
      headers['content-type'] = r.contentType ?? 'application/json';
      headers['content-length'] = String(Buffer.byteLength(r.body));
    }
    await new Promise<void>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, method: r.method, path: url.pathname + url.search, agent, headers }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(r.body);
    });
  }
  const rate = sent.length / ((performance.now() - started) / 1000);
  agent.destroy();
  return rate;
}

async function createJob(baseUrl: string): Promise<string> {
  const ctx = openSuite({ config: suiteConfig(baseUrl, 1), contract, catalogue, share: 1 });
  const job = await ctx.jobs.create();
  await ctx.close();
  return job.jobId;
}

/** Requests until naive random generation shows the fault: the target's verdict differs from the oracle's. */
async function naiveRequestsToDetect(faultName: string, operationId: string, seed: number, cap: number): Promise<number | undefined> {
  const server = await serverProcess([faultName]);
  try {
    const ctx = openSuite({ config: suiteConfig(server.baseUrl, seed), contract, catalogue, share: 1 });
    const op = contract.operation(operationId);
    const job = op.pathParams.includes('jobId') || operationId === 'updateJob' || operationId === 'changeJobsSubStatus' ? await ctx.jobs.create() : undefined;
    const validate = contract.validatorFor(op.requestSchema!);
    const refs = { ...ctx.refs(), job: job ? [job.jobId] : [], jobRef: job ? [job.jobRef] : [] };
    const bodies = fc.sample(naiveCase(op.requestSchema!, refs), { numRuns: cap, seed });
    let detectedAt: number | undefined;
    const before = ctx.client.requests;
    for (const body of bodies) {
      // A completing operation needs a fresh job each time, as the suite's cases get.
      let sendBody = body;
      if (operationId === 'updateJob' && sendBody && typeof sendBody === 'object' && (sendBody as { jobRef?: unknown }).jobRef === job!.jobRef) {
        const fresh = await ctx.jobs.create();
        sendBody = { ...(sendBody as object), jobRef: fresh.jobRef };
      }
      const pathParams: Record<string, string> = {};
      if (op.pathParams.includes('jobId')) pathParams.jobId = operationId === 'changeJobStatus' ? (await ctx.jobs.create()).jobId : job!.jobId;
      if (op.pathParams.includes('jobTypeId')) pathParams.jobTypeId = ctx.config.jobTypeIds[0]!;
      const reply = await ctx.client.send(op, { pathParams, body: sendBody });
      const accepted = reply.status >= 200 && reply.status < 300;
      if (accepted !== (validate(sendBody) as boolean) || reply.status >= 500) {
        detectedAt = ctx.client.requests - before;
        break;
      }
    }
    await ctx.close();
    return detectedAt;
  } finally {
    server.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, 'skip-wall': { type: 'boolean' }, 'wall-only': { type: 'boolean' }, faults: { type: 'string', default: '40' }, cap: { type: 'string', default: '500' }, child: { type: 'string' } } });
  if (values.child !== undefined) return child(JSON.parse(values.child) as string[]);
  const rounds = Number(values.rounds);
  const seed = 20261128;
  console.log(`dispatch-conformance benchmark · ${os.cpus().length} cores · node ${process.version} · ${rounds} rounds, medians · ${new Date().toISOString().slice(0, 10)}`);
  if (values['wall-only']) {
    console.log(`\n${await measureWall(rounds, seed)}`);
    return;
  }

  // 1. Request rate.
  const server = await serverProcess();
  const jobId = await createJob(server.baseUrl);
  const rows: [string, number[], number[]][] = [];
  for (const concurrency of [1, 16]) {
    const raw: number[] = [];
    const suite: number[] = [];
    for (let r = 0; r < rounds; r++) {
      raw.push(await rawRate(server.baseUrl, jobId, 3000, concurrency));
      suite.push(await suiteRate(server.baseUrl, jobId, 3000, concurrency));
    }
    rows.push([`changeJobSubStatus, concurrency ${concurrency}`, raw, suite]);
  }
  const engine: number[] = [];
  const replay: number[] = [];
  let engineRequests = 0;
  for (let r = 0; r < Math.min(rounds, 3); r++) {
    const e = await engineRate(server.baseUrl, seed + r);
    engine.push(e.rate);
    replay.push(await rawReplay(e.sent));
    engineRequests = e.requests;
  }
  console.log('\n1. Request rate (requests/s): the suite against a raw keep-alive node:http client, same server');
  for (const [name, raw, suite] of rows) console.log(`   ${name.padEnd(36)} raw ${fmt(median(raw)).padStart(7)}   suite client + checks ${fmt(median(suite)).padStart(7)}   ratio ${fmt(median(suite) / median(raw), 2)}`);
  console.log(`   ${'whole engine, one worker'.padEnd(36)} raw replay of its ${fmt(engineRequests)} requests ${fmt(median(replay)).padStart(7)}   engine ${fmt(median(engine)).padStart(7)}   ratio ${fmt(median(engine) / median(replay), 2)}`);
  server.stop();

  // 2. Wall time and CPU of the default run, against a bare Node start, by phase.
  if (!values['skip-wall']) console.log(`\n${await measureWall(rounds, seed)}`);

  // 3. Generation rate.
  console.log('\n3. Generation: valid bodies per second');
  for (const op of contract.operations.filter((o) => o.requestSchema)) {
    const rates: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const started = performance.now();
      fc.sample(valid(op.requestSchema!), { numRuns: 2000, seed: seed + r });
      rates.push(2000 / ((performance.now() - started) / 1000));
    }
    console.log(`   ${op.operationId.padEnd(22)} ${fmt(median(rates)).padStart(8)}/s`);
  }

  // 4. Requests to detect a fault.
  const cap = Number(values.cap);
  const constraintFaults = listFaults().filter((f) => f.family === 'constraint' && !f.equivalent && catalogue.some((c) => c.id === f.detectedBy));
  const step = Math.max(1, Math.floor(constraintFaults.length / Number(values.faults)));
  const sample = constraintFaults.filter((_, i) => i % step === 0).slice(0, Number(values.faults));
  const ours = await runMutation({ target: embeddedRun, mode: 'fast', seed, faults: sample.map((f) => f.name), baseline: false });
  const boundaryFirst: number[] = [];
  const naive: number[] = [];
  let naiveMissed = 0;
  let detected = 0;
  // Untestable faults cannot be caught on any target; contested ones are a reading another page allows.
  const judged = ours.faults.filter((f) => f.excuse?.code !== 'unsendable' && f.excuse?.code !== 'other-reading');
  for (const f of judged) {
    if (f.detected) detected++;
    boundaryFirst.push(f.detected ? f.requests : cap);
    const opId = catalogue.find((c) => c.id === f.detectedBy)!.operationId;
    const n = await naiveRequestsToDetect(f.name, opId, seed, cap);
    if (n === undefined) naiveMissed++;
    naive.push(n ?? cap);
  }
  const left = ours.faults.length - judged.length;
  console.log(`\n4. Requests to detect a fault (${boundaryFirst.length} constraint faults sampled${left ? `, ${left} untestable or contested left out` : ''}; a miss counts as the cap of ${cap})`);
  console.log(`   boundary-first (the suite)             median ${fmt(median(boundaryFirst))} requests, detected ${detected}/${boundaryFirst.length}`);
  console.log(`   fast-check default random generation   median ${fmt(median(naive))} requests, detected ${naive.length - naiveMissed}/${naive.length} within ${cap}`);
}

main().then(
  // The child keeps serving until its parent kills it; the parent exits when done.
  () => (process.argv.includes('--child') ? undefined : process.exit(0)),
  (e) => {
    console.error(`bench: ${(e as Error).stack}`);
    process.exit(1);
  },
);
