/**
 * The whole engine in-process against the embedded server, clean or losing the connection of every
 * Nth request: what the reliability test holds to its bounds and `npm run bench:reliability`
 * measures. It runs the heavy plan (`--thorough`'s), so that there is much to drop.
 */
import type { Constraint, Contract } from '../../../src/contract/index.ts';
import { embeddedSuite } from '../../../src/targets/embedded.ts';
import type { DropWhen } from '../../../src/server/index.ts';
import { runAll } from './run-steps.ts';

export interface EngineRun {
  requests: number;
  /** Requests sent again after a transport fault. */
  transportRetries: number;
  /** Connections the server dropped. */
  dropped: number;
  /** Each violated row, with what the target answered. */
  violated: string[];
  /** Each case that could not be judged, and each step that errored. */
  errors: string[];
  /** Rows given a verdict other than untested. */
  judged: Set<string>;
}

export async function flakyEngineRun(contract: Contract, catalogue: Constraint[], seed: number, drop?: { every: number; when: DropWhen }): Promise<EngineRun> {
  // The heavy plan (--thorough's), as settings: the run is the one the command line would make.
  const { server, ctx, recorder, close } = await embeddedSuite({ ...(drop ? { dropEvery: drop.every, dropWhen: drop.when } : {}), contract, catalogue, settings: { CONFORMANCE_SEED: String(seed), CONFORMANCE_THOROUGH: 'true' } });
  try {
    await runAll(ctx, recorder);
  } finally {
    await close();
  }
  const rows = recorder.records();
  return {
    requests: ctx.client.requests,
    transportRetries: ctx.client.transportRetries,
    dropped: server.dropped(),
    violated: rows.filter((r) => r.verdict === 'violated').map((r) => `${r.rowId}: ${r.evidence[0]?.actual}`),
    errors: recorder.errors.map((e) => e.message),
    judged: new Set(rows.filter((r) => r.verdict !== 'untested').map((r) => r.rowId)),
  };
}
