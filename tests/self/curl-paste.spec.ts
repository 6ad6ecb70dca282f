/**
 * A curl line of the report runs as pasted: in a shell in the folder the suite ran in, with the
 * token in DISPATCH_ACCESS_TOKEN, it sends the body's exact bytes (a byte-order mark included)
 * from the file kept beside the report, and the target answers it as it did in the run.
 * The `curl` that runs is a small stand-in of ours on PATH (fresh machines need not have curl):
 * it sends what the shell hands it, so the test holds the command's quoting, its token variable
 * and its body file, not curl itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { test, expect } from '@playwright/test';
import { startExpressTarget } from './targets/express.ts';
import { startServer } from '../../src/server/index.ts';
import { esc } from '../../src/reporters/html.ts';
import { freshDir } from './fixtures/reporters/run-fixture.ts';
import { runCommand } from './helpers/cli.ts';
import { remoteTargetEnv } from './targets/remote.ts';
import type { ConformanceReport } from '../../src/results/model.ts';

/** A stand-in for curl: -sS, -X METHOD, -H 'name: value', --data-binary @file, URL; prints a JSON line of what it sent and got. */
const STAND_IN = `#!/usr/bin/env node
const args = process.argv.slice(2);
let method = 'GET', url, body, headers = {};
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '-sS') continue;
  else if (a === '-X') method = args[++i];
  else if (a === '-H') { const h = args[++i]; const at = h.indexOf(':'); headers[h.slice(0, at)] = h.slice(at + 1).trim(); }
  else if (a === '--data-binary') { const v = args[++i]; if (!v.startsWith('@')) throw new Error('inline body: ' + v.slice(0, 40)); body = require('fs').readFileSync(v.slice(1)); }
  else if (a.startsWith('-')) throw new Error('unknown option ' + a);
  else url = a;
}
fetch(url, { method, headers, body }).then(async (r) => { await r.text(); console.log(JSON.stringify({ status: r.status, headers, bytes: body ? body.toString('hex') : null })); });
`;

test('on an Express target, a malformed-body curl pasted in the run folder sends the raw bytes from its kept file and gets the answer the run got', async () => {
  test.setTimeout(180_000);
  // Express's body-parser takes a byte-order mark and invalid UTF-8 (RFC 8259 leeway): deviations, with their evidence.
  const server = await startExpressTarget();
  try {
    const dir = freshDir('curl-paste');
    const env = remoteTargetEnv(server);
    const run = await runCommand('src/cli/conformance.ts', ['--grep', '^.*createJob rejects a body that is not JSON$'], { cwd: dir, env, timeoutMs: 150_000 });
    expect(run.code, run.stdout.slice(-1500) + run.stderr).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'reports', 'conformance.json'), 'utf8')) as ConformanceReport;
    const row = report.results.find((r) => r.rowId === 'check:malformed-body.createJob')!;
    const bom = row.evidence.find((e) => /byte-order mark|invalid UTF-8/.test(e.actual ?? ''))!;
    expect(bom, row.evidence.map((e) => e.actual).join('; ')).toBeDefined();
    const x = bom.exchange!;
    // The curl sends the kept file (by the path from the run's folder) and reads the token from the environment.
    expect(x.curl).toContain(`--data-binary @'reports/${x.bodyFile}'`);
    expect(x.curl).toContain('"x-coreos-access: $DISPATCH_ACCESS_TOKEN"');
    expect(x.curl).not.toContain(server.credentials.accessToken);
    const kept = fs.readFileSync(path.join(dir, 'reports', x.bodyFile!));
    // Bytes no text shows as sent: a byte-order mark, or bytes that are not UTF-8.
    expect(kept.subarray(0, 3).toString('hex') === 'efbbbf' || !kept.equals(Buffer.from(kept.toString('utf8'))), kept.toString('hex').slice(0, 40)).toBe(true);

    const bin = freshDir('curl-stand-in');
    fs.writeFileSync(path.join(bin, 'curl'), STAND_IN, { mode: 0o755 });
    // Asynchronously: the target answers from this process.
    const { stdout: out } = await promisify(execFile)('bash', ['-c', x.curl], { cwd: dir, encoding: 'utf8', timeout: 30_000, env: { PATH: `${bin}:${process.env.PATH}`, DISPATCH_ACCESS_TOKEN: server.credentials.accessToken } });
    const sent = JSON.parse(out.trim()) as { status: number; headers: Record<string, string>; bytes: string };
    expect(sent.bytes).toBe(kept.toString('hex'));
    expect(sent.headers['x-coreos-access']).toBe(server.credentials.accessToken);
    expect(sent.status).toBe(x.status);
  } finally {
    await server.close();
  }
});

test('an altered-token finding replays as pasted: its curl makes the altered token from DISPATCH_ACCESS_TOKEN by the same edit, and the target takes it again', async () => {
  test.setTimeout(240_000);
  const bin = freshDir('curl-stand-in-token');
  fs.writeFileSync(path.join(bin, 'curl'), STAND_IN, { mode: 0o755 });
  // Tokens compared by prefix: the appended token gets in; ignoring case: the case-flipped one.
  for (const [fault, altered] of [['token-prefix-match', (t: string) => `${t}0`], ['token-case-insensitive', (t: string) => t.replace(/[A-Za-z]/, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()))]] as const) {
    const server = await startServer({ quiet: true, faults: [fault] });
    try {
      const dir = freshDir(`curl-${fault}`);
      const run = await runCommand('src/cli/conformance.ts', ['--grep', 'API2'], { cwd: dir, env: remoteTargetEnv(server, { CONFORMANCE_SEED: '31' }), timeoutMs: 150_000 });
      expect(run.code, run.stdout.slice(-1500) + run.stderr).toBe(1);
      // The console says where the curls read the token from, and how a .env user gets it there.
      expect(run.stdout).toMatch(/^Conformance: the curls read the token from "\$DISPATCH_ACCESS_TOKEN" \(bash\): with the token in \.env, first run: export DISPATCH_ACCESS_TOKEN="\$\(sed -n 's\/\^DISPATCH_ACCESS_TOKEN=\/\/p' \.env\)"$/m);
      const report = JSON.parse(fs.readFileSync(path.join(dir, 'reports', 'conformance.json'), 'utf8')) as ConformanceReport;
      // The answers to altered tokens (not a row's other evidence: the owner's read showing the job changed).
      const evidence = report.results.filter((r) => r.rowId.startsWith('check:token-variants.') && r.verdict === 'violated').flatMap((r) => r.evidence.filter((e) => / with the token with /.test(e.actual ?? '')));
      expect(evidence.length, fault).toBeGreaterThan(5);
      const token = server.credentials.accessToken;
      // The HTML shows each curl as conformance.json holds it (its copy button copies that text).
      const html = fs.readFileSync(path.join(dir, 'reports', 'conformance.html'), 'utf8');
      for (const e of evidence) {
        const x = e.exchange!;
        expect(x.curl).not.toContain(token);
        expect(html.includes(esc(x.curl)), `${fault}: the HTML shows ${x.curl}`).toBe(true);
        const { stdout: out } = await promisify(execFile)('bash', ['-c', x.curl], { cwd: dir, encoding: 'utf8', timeout: 30_000, env: { PATH: `${bin}:${process.env.PATH}`, DISPATCH_ACCESS_TOKEN: token } });
        const sent = JSON.parse(out.trim()) as { status: number; headers: Record<string, string> };
        // The altered token, made again from the user's, taken again as in the run.
        expect(sent.headers['x-coreos-access'], `${fault}: ${x.curl}`).toBe(altered(token));
        expect(sent.status, x.curl).toBe(x.status);
      }
    } finally {
      await server.close();
    }
  }
});
