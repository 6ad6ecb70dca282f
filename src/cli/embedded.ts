/**
 * The embedded reference server as a target: started on a free loopback port with a fresh token,
 * and the settings that point the suite at it. The one place the suite's entry points (the
 * command line, the Playwright fixtures when run directly, the mutation runner) start it.
 */
import { randomBytes } from 'node:crypto';
import { DROP_WHEN, SEEDED_IDS, startServer, UnknownFaultError, type DropWhen, type ProfileName, type RunningServer } from '../server/index.ts';
import { UserError } from './run-cli.ts';

export interface Embedded {
  server: RunningServer;
  /** DISPATCH_* settings that make the suite use this server. */
  env: Record<string, string>;
}

export interface EmbeddedOptions {
  lagMs?: number;
  faults?: string[];
  /** How the server answers: the contract's envelopes (default) or OS1's. */
  profile?: ProfileName;
  /** Lose the connection of every Nth request (a flaky network), before or after carrying it out. */
  dropEvery?: number;
  dropWhen?: DropWhen;
}

export async function startEmbedded(options: EmbeddedOptions = {}): Promise<Embedded> {
  const token = randomBytes(18).toString('base64url');
  const server = await startServer({ port: 0, accessToken: token, lagMs: options.lagMs, faults: options.faults, profile: options.profile, dropEvery: options.dropEvery, dropWhen: options.dropWhen, quiet: true }).catch((e: Error) => {
    throw e instanceof UnknownFaultError ? new UserError(e.message) : e;
  });
  return {
    server,
    env: {
      DISPATCH_BASE_URL: server.baseUrl,
      DISPATCH_ACCESS_TOKEN: token,
      DISPATCH_EMBEDDED: '1',
      DISPATCH_JOB_TYPE_ID: SEEDED_IDS.jobType.join(','),
      DISPATCH_JOB_WORKFLOW_ID: SEEDED_IDS.jobWorkflow.join(','),
    },
  };
}

/** The value of `--drop-when` (before or after), which needs `--drop-every`. */
export function dropWhenOf(value: string | undefined, dropEvery: number | undefined): DropWhen {
  if (value === undefined) return 'before';
  if (!(DROP_WHEN as readonly string[]).includes(value)) throw new UserError(`--drop-when takes ${DROP_WHEN.join(' or ')}, not "${value}"`);
  if (!dropEvery) throw new UserError('--drop-when needs --drop-every N');
  return value as DropWhen;
}
