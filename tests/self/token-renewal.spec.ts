/**
 * An expiring or revoked token is never blamed on the target: with client credentials the client
 * renews a token at a fraction of its life (whatever `expiresIn` says), and on a 401 fetches a new
 * one and sends the request again once before anything is judged; a 401 to a token just issued is
 * a credentials error (one clear line), not a violation.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { loadContract } from '../../src/contract/index.ts';
import { createClient } from '../../src/client/index.ts';
import { clientCredentials, CredentialsRejected, RENEW_AT, TOKEN_ATTEMPTS } from '../../src/client/token.ts';
import { TargetUnreachable } from '../../src/client/errors.ts';
import { loadConfig } from '../../src/config/config.ts';
import type { ConformanceReport } from '../../src/results/model.ts';
import { DEFAULT_CREDENTIALS, SEEDED_IDS, startServer } from '../../src/server/index.ts';
import { runCommand } from './helpers/cli.ts';

test('a token is renewed at a fraction of its life, on the clock it is given', async () => {
  const server = await startServer({ quiet: true, tokenTtlSeconds: 5 });
  try {
    let now = 0;
    const source = clientCredentials({ authUrl: server.authUrl, clientId: DEFAULT_CREDENTIALS.clientId, clientSecret: DEFAULT_CREDENTIALS.clientSecret, timeoutMs: 5000, now: () => now });
    const first = await source.get();
    now = 5000 * RENEW_AT - 1;
    expect(await source.get()).toBe(first);
    now = 5000 * RENEW_AT;
    const second = await source.get();
    expect(second).not.toBe(first);
    expect(source.secrets()).toEqual(expect.arrayContaining([first, second, DEFAULT_CREDENTIALS.clientSecret]));
  } finally {
    await server.close();
  }
});

test('revoked tokens: each request answered 401 is sent again once with a new token, and no 401 reaches the caller', async () => {
  const server = await startServer({ quiet: true });
  try {
    const config = loadConfig({ envFile: '/nonexistent/.env', env: { DISPATCH_BASE_URL: server.baseUrl, DISPATCH_AUTH_URL: server.authUrl, DISPATCH_CLIENT_ID: DEFAULT_CREDENTIALS.clientId, DISPATCH_CLIENT_SECRET: DEFAULT_CREDENTIALS.clientSecret, DISPATCH_JOB_TYPE_ID: SEEDED_IDS.jobType[0]!, DISPATCH_JOB_WORKFLOW_ID: SEEDED_IDS.jobWorkflow[0]!, DISPATCH_RATE_LIMIT: '1000000' } });
    const client = createClient(config, 1);
    const getJob = loadContract().operation('getJob');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      // The deployment revokes every token it issued: the client's current one is dead.
      await fetch(server.revokeUrl, { method: 'POST' });
      statuses.push((await client.send(getJob, { pathParams: { jobId: 'job:none' } })).status);
    }
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404]);
    // Each 401 was retried once (counted with the retries), none answered.
    expect(client.retries).toBe(5);
    await client.close();
  } finally {
    await server.close();
  }
});

test('a 401 to a token just issued is a credentials error, not an answer to judge', async () => {
  // A token endpoint that issues tokens the target never accepts (another deployment's, say).
  const target = await startServer({ quiet: true });
  const issuer = await startServer({ quiet: true, clientId: 'c', clientSecret: 's' });
  try {
    const config = loadConfig({ envFile: '/nonexistent/.env', env: { DISPATCH_BASE_URL: target.baseUrl, DISPATCH_AUTH_URL: issuer.authUrl, DISPATCH_CLIENT_ID: 'c', DISPATCH_CLIENT_SECRET: 's', DISPATCH_JOB_TYPE_ID: SEEDED_IDS.jobType[0]!, DISPATCH_JOB_WORKFLOW_ID: SEEDED_IDS.jobWorkflow[0]!, DISPATCH_RATE_LIMIT: '1000000' } });
    const client = createClient(config, 1);
    const err = await client.send(loadContract().operation('getJob'), { pathParams: { jobId: 'job:none' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsRejected);
    expect((err as Error).message).toMatch(/just issued .* check DISPATCH_CLIENT_ID, DISPATCH_CLIENT_SECRET/);
    expect(client.requests).toBe(2);
    await client.close();
  } finally {
    await target.close();
    await issuer.close();
  }
});

test('npm run conformance with client credentials whose tokens live 2 s, over several lifetimes: exit 0, no violation', async () => {
  test.setTimeout(180_000);
  const server = await startServer({ quiet: true, tokenTtlSeconds: 2 });
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-token-'));
  try {
    const run = await runCommand('src/cli/conformance.ts', ['--grep', 'createJob|updateJobById'], {
      env: {
        DISPATCH_BASE_URL: server.baseUrl,
        DISPATCH_AUTH_URL: server.authUrl,
        DISPATCH_CLIENT_ID: DEFAULT_CREDENTIALS.clientId,
        DISPATCH_CLIENT_SECRET: DEFAULT_CREDENTIALS.clientSecret,
        DISPATCH_JOB_TYPE_ID: SEEDED_IDS.jobType.join(','),
        DISPATCH_JOB_WORKFLOW_ID: SEEDED_IDS.jobWorkflow.join(','),
        DISPATCH_RATE_LIMIT: '50',
        CONFORMANCE_SEED: '77',
        CONFORMANCE_REPORT_DIR: reports,
      },
      timeoutMs: 170_000,
    });
    const report = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
    expect(run.code, run.stdout.slice(-2000)).toBe(0);
    expect(report.summary.violated).toBe(0);
    // Labelled by what the client authenticated with.
    expect(report.auth).toBe('client credentials');
    expect(run.stdout).toMatch(/jobs created, client credentials, /);
    // At 50 requests/s the run outlives several 2 s tokens.
    expect(report.summary.requests / 50).toBeGreaterThan(3 * 2);
  } finally {
    await server.close();
    fs.rmSync(reports, { recursive: true, force: true });
  }
});

test('a token request whose connection is dropped is sent again once; an endpoint that keeps dropping it is unreachable, in one line', async () => {
  // A token endpoint that closes the first `drops` connections without answering, then issues tokens.
  const endpoint = async (drops: number) => {
    let seen = 0;
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (seen++ < drops) return req.socket.destroy();
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: { accessToken: `t${seen}`, expiresIn: 60 } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
    return { url, seen: () => seen, close: () => new Promise<void>((r) => server.close(() => r())) };
  };
  const once = await endpoint(1);
  try {
    const source = clientCredentials({ authUrl: once.url, clientId: 'c', clientSecret: 's', timeoutMs: 2000 });
    expect(await source.get()).toBe('t2');
    expect(once.seen()).toBe(TOKEN_ATTEMPTS);
  } finally {
    await once.close();
  }
  const always = await endpoint(Infinity);
  try {
    const source = clientCredentials({ authUrl: always.url, clientId: 'c', clientSecret: 's', timeoutMs: 2000 });
    const err = await source.get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetUnreachable);
    expect((err as Error).message).toMatch(/^token endpoint: .* \(DISPATCH_AUTH_URL\)$/);
    expect(always.seen()).toBe(TOKEN_ATTEMPTS);
  } finally {
    await always.close();
  }
});
