/** A DispatchClient pointed at a test server on 127.0.0.1, with known headers and a static token. */
import { DispatchClient, staticToken, type ClientOptions } from '../../../src/client/index.ts';

/** What the client built here sends, for tests that compare each header with the value it stands for. */
export const TEST_CLIENT = { token: 'tok-SECRET-4f9a', tenantId: 'tenant-a', userInfo: '{"id":"qa"}', runId: 'run1' } as const;

/** A client of `origin` (a stub or the reference server) that sends every OS1 header, fast and unbudgeted enough for tests; `o` overrides. */
export function testClient(origin: string, o: Partial<ClientOptions> = {}): DispatchClient {
  return new DispatchClient({
    baseUrl: `${origin}/core/api/v2/dispatch-service`,
    token: staticToken(TEST_CLIENT.token),
    tenantId: TEST_CLIENT.tenantId,
    userInfo: TEST_CLIENT.userInfo,
    sendOriginToken: true,
    rateLimit: 1000,
    maxRequests: 1000,
    timeoutMs: 2000,
    runId: TEST_CLIENT.runId,
    ...o,
  });
}
