/**
 * Which row a request serves, for the exchange log: the suite runs each case inside
 * `servingRow(id, ...)`, and the client tags every request sent within it (through
 * AsyncLocalStorage, so concurrent cases keep their own ids).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SentExchange } from '../results/exchanges.ts';

const serving = new AsyncLocalStorage<string>();

/** Runs `fn` with every request it sends tagged with the constraint or check id `id`. */
export function servingRow<T>(id: string, fn: () => Promise<T>): Promise<T> {
  return serving.run(id, fn);
}

/** The id the current request serves, if a caller said. */
export function servedRow(): string | undefined {
  return serving.getStore();
}

/** Receives every exchange a client sends, failed attempts included. */
export type ExchangeSink = (exchange: SentExchange) => void;
