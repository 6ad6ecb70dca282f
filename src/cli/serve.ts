/**
 * Runs the embedded reference Dispatch server: `npm run serve -- [options]`.
 *
 *   --port N        port to listen on (0, the default, picks a free one)
 *   --host H        interface (default 127.0.0.1)
 *   --lag-ms N      writes become visible to reads N ms later (OS1's asynchronous writes)
 *   --fault NAME    break one rule on purpose (repeatable); see --list-faults
 *   --profile P     contract (default: dispatch-contract.md's envelopes), os1 (answers as OS1's API reference shows)
 *                   or lenient (reads JSON with the leeway RFC 8259 allows, as mainstream stacks do)
 *   --token T       the static access token to accept (default conformance-token)
 *   --drop-every N  close the connection of every Nth request without an answer (a flaky network)
 *   --drop-when W   before (default): the request is not carried out; after: it is, the answer is lost
 *   --list-faults   print every fault (name, what the suite must report, description) and exit
 *   --quiet         no per-request log lines
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CREDENTIALS, listFaults, PEER_SEEDED_IDS, PROFILES, PROFILE_NAMES, SEEDED_IDS, startServer, UnknownFaultError } from '../server/index.ts';
import { dropWhenOf } from '../targets/embedded.ts';
import { profileOption } from './profile-option.ts';
import { runCli, UserError } from './run-cli.ts';

const USAGE = `usage: npm run serve -- [--port N] [--host H] [--lag-ms N] [--fault NAME]... [--profile ${PROFILE_NAMES.join('|')}] [--drop-every N] [--drop-when before|after] [--token T] [--list-faults] [--quiet]`;

function integer(flag: string, value: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > max) throw new UserError(`--${flag} must be an integer 0..${max} (got "${value}")`);
  return Number(value);
}

runCli(async () => {
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'lag-ms': { type: 'string' },
        'drop-every': { type: 'string' },
        'drop-when': { type: 'string' },
        fault: { type: 'string', multiple: true },
        profile: { type: 'string' },
        token: { type: 'string' },
        'list-faults': { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UserError(`${(e as Error).message.split('\n')[0]} (${USAGE})`);
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (values['list-faults']) {
    const faults = listFaults();
    for (const f of faults) process.stdout.write(`${f.name}\t${f.detectedBy}\t${f.description}\n`);
    process.stdout.write(`${faults.length} faults\n`);
    return 0;
  }
  const port = integer('port', values.port, 0, 65535);
  const lagMs = integer('lag-ms', values['lag-ms'], 0);
  const dropEvery = integer('drop-every', values['drop-every'], 0);
  const dropWhen = dropWhenOf(values['drop-when'], dropEvery);
  if (values.token !== undefined && values.token.trim() === '') throw new UserError('--token must not be empty');
  const profile = profileOption(values.profile);
  let server;
  try {
    server = await startServer({ host: values.host, port, lagMs, faults: values.fault ?? [], profile, accessToken: values.token, quiet: values.quiet, dropEvery, dropWhen });
  } catch (e) {
    if (e instanceof UnknownFaultError || e instanceof RangeError) throw new UserError(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') throw new UserError(`cannot listen on ${values.host ?? '127.0.0.1'}:${port} (${code})`);
    throw e;
  }
  // Listen for the signals before saying "Ctrl-C to stop", so a signal sent on reading it is handled.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const c = server.credentials;
  process.stdout.write(
    [
      `Dispatch reference server listening on ${server.origin}${lagMs ? ` (reads lag writes by ${lagMs} ms)` : ''}${profile && profile !== 'contract' ? ` (profile ${profile}: ${PROFILES[profile].description})` : ''}`,
      ...(dropEvery ? [`  drops the connection of every ${dropEvery}th request ${dropWhen} carrying it out`] : []),
      `  DISPATCH_BASE_URL=${server.baseUrl}`,
      `  DISPATCH_ACCESS_TOKEN=${c.accessToken}`,
      `  or: DISPATCH_AUTH_URL=${server.authUrl} DISPATCH_CLIENT_ID=${c.clientId} DISPATCH_CLIENT_SECRET=${c.clientSecret === DEFAULT_CREDENTIALS.clientSecret ? c.clientSecret : '***'}`,
      `  DISPATCH_TENANT_ID=${c.tenantId} DISPATCH_PEER_TENANT_ID=${c.peerTenantId} DISPATCH_PEER_ACCESS_TOKEN=${c.peerAccessToken === DEFAULT_CREDENTIALS.peerAccessToken ? c.peerAccessToken : '***'} DISPATCH_JOB_TYPES_BY_TENANT=true`,
      // Its job types are its tenant's: the peer's job type and workflow for the peer's own job.
      `  DISPATCH_PEER_JOB_TYPE_ID=${PEER_SEEDED_IDS.jobType[0]} DISPATCH_PEER_JOB_WORKFLOW_ID=${PEER_SEEDED_IDS.jobWorkflow[0]}`,
      // Its seeded ids, boundary lengths among them: the jobTypeId and jobWorkflowId length rows send them.
      `  DISPATCH_JOB_TYPE_ID=${SEEDED_IDS.jobType.join(',')} DISPATCH_JOB_WORKFLOW_ID=${SEEDED_IDS.jobWorkflow.join(',')}`,
      ...(server.faults.length ? [`  faults on: ${server.faults.join(', ')}`] : []),
      'Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  await stopped;
  await server.close();
  return 0;
});

