import { loadConfig } from '../src/config/config.ts';
import { buildCatalogue, loadContract, loadSilentPoints } from '../src/contract/index.ts';
import { startEmbedded } from '../src/cli/embedded.ts';
import { openSuite, Recorder, runConstraint, runValidBodies, probeAuth, probeMalformed, probeUnknownId, unknownIdOperations, probeSilentPoint, runReadAfterWrite } from '../src/suite/index.ts';
const contract = loadContract(); const catalogue = buildCatalogue(contract);
const { server, env } = await startEmbedded({});
const config = loadConfig({ envFile: '/x/.env', env: { ...env, CONFORMANCE_SEED: '1' } });
const ctx = openSuite({ config, contract, catalogue, share: 1 });
const rec = new Recorder(contract);
const by: Record<string, {req: number, jobs: number}> = {};
async function step(name: string, f: () => Promise<unknown>) { const r0 = ctx.client.requests, j0 = ctx.jobs.created.length; await f(); const k = name; by[k] ??= {req:0,jobs:0}; by[k].req += ctx.client.requests - r0; by[k].jobs += ctx.jobs.created.length - j0; }
for (const c of catalogue) await step(`constraint ${c.operationId}`, () => runConstraint(ctx, rec, c, { randomRuns: 5 }));
for (const op of contract.operations) { if (op.requestSchema) { await step(`valid ${op.operationId}`, () => runValidBodies(ctx, rec, op, 100)); await step('malformed', () => probeMalformed(ctx, rec, op)); } await step('auth', () => probeAuth(ctx, rec, op)); }
for (const op of unknownIdOperations(ctx)) await step('404', () => probeUnknownId(ctx, rec, op));
await step('raw', () => runReadAfterWrite(ctx, rec, { numRuns: 25, maxCommands: 8 }));
for (const p of loadSilentPoints(undefined, contract.operations.map(o => o.operationId))) await step('observations', () => probeSilentPoint(ctx, rec, p));
console.log(JSON.stringify(by, null, 1)); console.log('total', ctx.client.requests, 'jobs', ctx.jobs.created.length);
await ctx.close(); await server.close();
