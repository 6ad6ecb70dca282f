/** The HTTP client layer. */
export { DispatchClient, retryDelay, type ClientOptions, type Reply, type SendOptions } from './client.ts';
export { staticToken, clientCredentials, type TokenSource } from './token.ts';
export { TargetUnreachable, BudgetExceeded, describeNetworkError } from './errors.ts';
export { curlCommand } from './curl.ts';
export { createClient } from './from-config.ts';
