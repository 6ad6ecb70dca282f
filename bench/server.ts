/**
 * Throughput of the reference server against a bare node:http server that answers a constant:
 * `npm run bench:server` (options: --rounds N, --seconds S, --concurrency C).
 *
 * Each server runs in its own child process; this process is the load generator: C keep-alive
 * connections, each sending the next request as soon as the last one is answered. Rounds alternate
 * between the servers, and the medians are compared. Requests: changeJobSubStatus (a small valid
 * write, validated against the schema) and getJob (a read).
 */
import http from 'node:http';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HEADERS = {
  'content-type': 'application/json',
  'x-coreos-access': 'conformance-token',
  'x-coreos-request-id': 'bench',
  'x-coreos-tid': 'bench',
  'x-coreos-userinfo': '{"id":"bench"}',
};

/** Child mode: start one server and report its port. */
async function child(kind: string): Promise<void> {
  let port: number;
  if (kind === 'bare') {
    const body = JSON.stringify({ data: { id: 'job:00000000-0000-0000-0000-000000000000' }, request: { requestId: 'bench' } });
    const server = http.createServer({ keepAliveTimeout: 10_000 }, (req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(202, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  } else {
    const { startServer } = await import('../src/server/index.ts');
    const server = await startServer({ quiet: true });
    port = Number(new URL(server.origin).port);
  }
  process.send!({ port });
  // The parent asks for CPU time around each round: CPU per request is steadier than wall-clock
  // throughput on a busy machine.
  process.on('message', (m) => {
    if (m === 'cpu') process.send!({ cpu: process.cpuUsage() });
  });
}

function cpuOf(proc: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const on = (m: { cpu?: NodeJS.CpuUsage }) => {
      if (!m.cpu) return;
      proc.off('message', on);
      resolve(m.cpu.user + m.cpu.system);
    };
    proc.on('message', on);
    proc.send('cpu');
  });
}

/** One measured round: requests per second, and the server's CPU microseconds per request. */
async function round(server: { proc: ChildProcess; port: number }, s: Scenario, seconds: number, concurrency: number, expected: number): Promise<{ rps: number; cpuUs: number }> {
  const before = await cpuOf(server.proc);
  const { rps, count } = await load(server.port, s.method, s.path, s.body, seconds, concurrency, expected);
  const after = await cpuOf(server.proc);
  return { rps, cpuUs: (after - before) / count };
}

interface Scenario {
  name: string;
  method: string;
  path: string;
  body: string | undefined;
  expected: number;
}

function request(agent: http.Agent, port: number, method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: body ? { ...HEADERS, 'content-length': Buffer.byteLength(body) } : HEADERS }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Requests per second over `seconds` with `concurrency` keep-alive connections. */
async function load(port: number, method: string, path: string, body: string | undefined, seconds: number, concurrency: number, expected: number): Promise<{ rps: number; count: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const status = await request(agent, port, method, path, body);
      if (status !== expected) throw new Error(`${method} ${path} answered ${status}, not ${expected}`);
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { rps: done / elapsed, count: done };
}

function spawnServer(kind: string): Promise<{ proc: ChildProcess; port: number }> {
  const proc = fork(fileURLToPath(import.meta.url), ['--child', kind], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    proc.once('message', (m: { port: number }) => resolve({ proc, port: m.port }));
    proc.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { child: { type: 'string' }, rounds: { type: 'string', default: '5' }, seconds: { type: 'string', default: '2' }, concurrency: { type: 'string', default: '16' } } });
  if (values.child) return child(values.child);
  const rounds = Number(values.rounds);
  const seconds = Number(values.seconds);
  const concurrency = Number(values.concurrency);
  const bare = await spawnServer('bare');
  const ref = await spawnServer('ref');
  try {
    const base = '/core/api/v2/dispatch-service';
    const job = JSON.stringify({
      jobWorkflowId: 'workflow-conformance',
      jobTypeId: 'jobtype-conformance',
      objectives: [{ objectiveRef: 'obj-1', location: 'loc', contact: 'con', timeslot: { from: 1, to: 2 } }],
      scheduledFor: { startDateTime: 1 },
      assets: [],
    });
    const created = await new Promise<string>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: ref.port, method: 'POST', path: `${base}/jobs`, headers: HEADERS }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve((JSON.parse(text) as { data: { id: string } }).data.id));
      });
      req.on('error', reject);
      req.end(job);
    });
    const scenarios: Scenario[] = [
      { name: 'changeJobSubStatus', method: 'POST', path: `${base}/jobs/${created}/sub-status`, body: JSON.stringify({ subStatus: 'EN_ROUTE' }), expected: 202 },
      { name: 'getJob', method: 'GET', path: `${base}/jobs/${created}`, body: undefined, expected: 200 },
    ];
    console.log(`concurrency ${concurrency}, keep-alive, ${rounds} rounds of ${seconds}s per server and request (after a warm-up round)`);
    for (const s of scenarios) {
      const results = { bare: [] as { rps: number; cpuUs: number }[], ref: [] as { rps: number; cpuUs: number }[] };
      await round(bare, s, 1, concurrency, 202);
      await round(ref, s, 1, concurrency, s.expected);
      for (let i = 0; i < rounds; i++) {
        results.bare.push(await round(bare, s, seconds, concurrency, 202));
        results.ref.push(await round(ref, s, seconds, concurrency, s.expected));
      }
      const b = median(results.bare.map((x) => x.rps));
      const r = median(results.ref.map((x) => x.rps));
      const bc = median(results.bare.map((x) => x.cpuUs));
      const rc = median(results.ref.map((x) => x.cpuUs));
      console.log(`${s.name.padEnd(20)} throughput: bare node:http ${b.toFixed(0).padStart(6)} req/s, reference ${r.toFixed(0).padStart(6)} req/s, bare/reference ${(b / r).toFixed(2)}x`);
      console.log(`${''.padEnd(20)} server CPU:  bare node:http ${bc.toFixed(0).padStart(6)} µs/req, reference ${rc.toFixed(0).padStart(6)} µs/req, reference/bare ${(rc / bc).toFixed(2)}x`);
      console.log(`${''.padEnd(20)} rounds (req/s): bare [${results.bare.map((x) => x.rps.toFixed(0)).join(', ')}] reference [${results.ref.map((x) => x.rps.toFixed(0)).join(', ')}]`);
    }
  } finally {
    bare.proc.kill();
    ref.proc.kill();
  }
}

main().catch((e: unknown) => {
  console.error(`bench:server: ${(e as Error).message}`);
  process.exitCode = 1;
});
