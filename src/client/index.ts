/** The HTTP client layer. */
export { DispatchClient, retryDelay, type ClientOptions, type Reply, type SendOptions } from './client.ts';
export { staticToken, clientCredentials, type TokenSource } from './token.ts';
export { TargetUnreachable, BudgetExceeded, describeNetworkError, describeFault } from './errors.ts';
export { TransportError, TargetHealth, SAFE_METHODS, MAX_TRANSPORT_RETRIES, TRANSPORT_BACKOFF_MS, UNREACHABLE_AFTER, describeDelivery, type Delivery } from './transport.ts';
export { servingRow, servedRow, type ExchangeSink } from './exchange-log.ts';
export { curlCommand } from './curl.ts';
export { createClient } from './from-config.ts';
