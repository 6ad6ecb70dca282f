/** A server the tests started, as the suite's command line sees a remote target (a staging deployment). */
import { embeddedEnv } from '../../../src/targets/embedded.ts';
import { UNLIMITED_RATE } from '../../../src/config/config.ts';
import type { RunningServer } from '../../../src/server/index.ts';

/**
 * The DISPATCH_* settings that point `npm run conformance` at `server` as at a remote target: its
 * static tokens (the main one and the peer's), its seeded job types, workflows and tenants, and no
 * pacing (the target is on loopback). `overrides` win (a wrong peer token, a seed).
 */
export function remoteTargetEnv(server: RunningServer, overrides: Record<string, string> = {}): Record<string, string> {
  const c = server.credentials;
  const { DISPATCH_EMBEDDED: _embedded, ...env } = embeddedEnv(server.baseUrl, c.accessToken, { peerToken: c.peerAccessToken });
  return { ...env, DISPATCH_RATE_LIMIT: String(UNLIMITED_RATE), ...overrides };
}
