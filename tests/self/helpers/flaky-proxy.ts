/**
 * A loopback HTTP proxy in front of a target, misbehaving on cue:
 * - `stopAfter` N: after N answered requests the target stops: it accepts requests but never answers
 *   them ('silent'), or refuses new connections and cuts open ones ('refuse');
 * - `drop(request)`: the requests it picks are carried out by the target, and their connection is
 *   closed before the answer (the answer is lost);
 * - `delay(request)`: milliseconds to hold the target's answer before passing it on (a slow target).
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ProxiedRequest {
  method: string;
  url: string;
  body: string;
}

export interface FlakyProxyOptions {
  stopAfter?: number;
  mode?: 'silent' | 'refuse';
  drop?: (r: ProxiedRequest) => boolean;
  delay?: (r: ProxiedRequest) => number;
}

export interface FlakyProxy {
  origin: string;
  /** Requests answered. */
  answered: number;
  /** Requests whose answer was dropped on purpose. */
  dropped: number;
  /** Requests that arrived after the target stopped. */
  unanswered: number;
  /** When the target stopped (performance.now() in this process), once it has. */
  stoppedAt?: number;
  close(): Promise<void>;
}

export async function flakyProxy(target: string, o: FlakyProxyOptions = {}): Promise<FlakyProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const state: FlakyProxy = { origin: '', answered: 0, dropped: 0, unanswered: 0, close: async () => {} };
  const stop = () => {
    if (state.stoppedAt !== undefined) return;
    state.stoppedAt = performance.now();
    if (o.mode === 'refuse') {
      server.close();
      for (const s of sockets) s.destroy();
    }
  };
  const server = http.createServer((req, res) => {
    if (state.stoppedAt !== undefined || (o.stopAfter !== undefined && state.answered >= o.stopAfter)) {
      stop();
      state.unanswered++;
      if (o.mode === 'refuse') req.socket.destroy();
      return; // silent: never answered
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const lose = o.drop?.({ method: req.method ?? 'GET', url: req.url ?? '/', body: body.toString('utf8') }) ?? false;
      const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        if (lose) {
          up.resume();
          state.dropped++;
          req.socket.destroy();
          return;
        }
        state.answered++;
        const answer = () => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        };
        const hold = o.delay?.({ method: req.method ?? 'GET', url: req.url ?? '/', body: body.toString('utf8') }) ?? 0;
        if (hold > 0) setTimeout(answer, hold);
        else answer();
      });
      out.on('error', () => res.destroy());
      out.end(body);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      if (!server.listening) return r();
      server.close(() => r());
    });
  return state;
}
