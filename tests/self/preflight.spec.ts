/**
 * The preflight says what to fix before a run blames the target: a wrong workflow id is one line
 * naming DISPATCH_JOB_WORKFLOW_ID and exit 2, not a run of violations; a typo in the base URL is
 * one line naming DISPATCH_BASE_URL with the server's own message, not a missing job type.
 */
import { test, expect } from '@playwright/test';
import { SEEDED_IDS, startServer } from '../../src/server/index.ts';
import { runCommand } from './helpers/cli.ts';

const env = (baseUrl: string, workflow: string) => ({
  DISPATCH_BASE_URL: baseUrl,
  DISPATCH_ACCESS_TOKEN: 'tok-preflight',
  DISPATCH_JOB_TYPE_ID: SEEDED_IDS.jobType[0]!,
  DISPATCH_JOB_WORKFLOW_ID: workflow,
});

test('a workflow id the target does not know: one line naming DISPATCH_JOB_WORKFLOW_ID, exit 2, nothing run', async () => {
  const server = await startServer({ quiet: true, accessToken: 'tok-preflight' });
  try {
    const run = await runCommand('src/cli/conformance.ts', [], { env: env(server.baseUrl, 'wf-made-up-by-ci') });
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/refused a valid createJob \(400 .*wf-made-up-by-ci.*\): check DISPATCH_JOB_WORKFLOW_ID \("wf-made-up-by-ci"\)/);
    expect(run.stdout).not.toMatch(/Running \d+ tests/);
  } finally {
    await server.close();
  }
});

test("a typo in the base URL: the URL, the server's message and DISPATCH_BASE_URL, not the job type", async () => {
  const server = await startServer({ quiet: true, accessToken: 'tok-preflight' });
  try {
    const typo = server.baseUrl.replace('dispatch-service', 'dispatch-servce');
    const run = await runCommand('src/cli/conformance.ts', [], { env: env(typo, SEEDED_IDS.jobWorkflow[0]!) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${typo}/job-types/`);
    expect(run.stderr).toMatch(/answered 404 "no such path: [^"]+", as a path that does not exist does: check DISPATCH_BASE_URL/);
    expect(run.stderr).not.toMatch(/does not exist on the target/);
  } finally {
    await server.close();
  }
});

test('a tenant id the token does not belong to is blamed on DISPATCH_TENANT_ID, a token the target does not know on the token', async () => {
  const server = await startServer({ quiet: true, accessToken: 'tok-preflight' });
  try {
    const wrongTenant = await runCommand('src/cli/conformance.ts', [], { env: { ...env(server.baseUrl, SEEDED_IDS.jobWorkflow[0]!), DISPATCH_TENANT_ID: 'another-tenant' } });
    expect(wrongTenant.code).toBe(2);
    expect(wrongTenant.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrongTenant.stderr.trim()).toMatch(/refused the credentials \(403 "X-COREOS-TID names another tenant[^"]*" on the preflight request GET [^)]+\): the token was taken but not for tenant "another-tenant": check DISPATCH_TENANT_ID \(sent as X-COREOS-TID\) is the token's tenant, then DISPATCH_ACCESS_TOKEN$/);
    const wrongToken = await runCommand('src/cli/conformance.ts', [], { env: { ...env(server.baseUrl, SEEDED_IDS.jobWorkflow[0]!), DISPATCH_ACCESS_TOKEN: 'tok-rotated' } });
    expect(wrongToken.code).toBe(2);
    expect(wrongToken.stderr.trim()).toMatch(/refused the credentials \(401 "[^"]+" on the preflight request GET [^)]+\): check DISPATCH_ACCESS_TOKEN$/);
    expect(wrongToken.stderr).not.toContain('DISPATCH_TENANT_ID');
    expect(wrongToken.stderr).not.toContain('tok-rotated');
  } finally {
    await server.close();
  }
});
