/**
 * The reference server misbehaves on purpose: --drop-every N closes the connection of every Nth
 * request without an answer, before carrying it out or after. The jobRef a lost createJob carried
 * tells which: after, the job exists (updateJob by that jobRef finds it); before, it does not.
 */
import http from 'node:http';
import { test, expect } from '@playwright/test';
import { startServer, type RunningServer } from '../../src/server/index.ts';
import { call, osHeaders, validJob } from './helpers/reference.ts';

/** One request on its own connection; resolves with the status, or 'dropped' when the connection closed unanswered. */
function once(server: RunningServer, method: string, path: string, body: unknown): Promise<number | 'dropped'> {
  return new Promise((resolve) => {
    const url = new URL(server.baseUrl + path);
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method, headers: osHeaders(), agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve('dropped'));
    req.end(JSON.stringify(body));
  });
}

for (const when of ['before', 'after'] as const) {
  test(`--drop-every 3 --drop-when ${when}: every third request loses its connection, and the write was ${when === 'after' ? '' : 'not '}carried out`, async () => {
    const server = await startServer({ quiet: true, dropEvery: 3, dropWhen: when });
    try {
      const outcomes: (number | 'dropped')[] = [];
      for (let i = 1; i <= 6; i++) outcomes.push(await once(server, 'POST', '/jobs', validJob({ jobRef: `drop-${when}-${i}` })));
      expect(outcomes).toEqual([202, 202, 'dropped', 202, 202, 'dropped']);
      expect(server.dropped()).toBe(2);
      // The 7th and 8th requests are answered: was the job of the 3rd (lost) request created?
      const lost = await call(server, 'PUT', '/jobs', { jobRef: `drop-${when}-3`, status: 'COMPLETED' });
      const kept = await call(server, 'PUT', '/jobs', { jobRef: `drop-${when}-2`, status: 'COMPLETED' });
      expect(kept.status).toBe(202);
      expect(lost.status).toBe(when === 'after' ? 202 : 404);
    } finally {
      await server.close();
    }
  });
}

test('without --drop-every nothing is dropped, and a bad option is refused by name', async () => {
  const server = await startServer({ quiet: true });
  try {
    for (let i = 0; i < 5; i++) expect(await once(server, 'POST', '/jobs', validJob())).toBe(202);
    expect(server.dropped()).toBe(0);
  } finally {
    await server.close();
  }
  await expect(startServer({ quiet: true, dropEvery: -1 })).rejects.toThrow(/dropEvery/);
  await expect(startServer({ quiet: true, dropEvery: 2, dropWhen: 'later' as 'after' })).rejects.toThrow(/dropWhen must be one of before, after/);
});
