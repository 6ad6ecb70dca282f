/** The HTTP client layer: what the other layers import of it. */
export { DispatchClient, retryDelay, type ClientOptions, type Identity, type Reply } from './client.ts';
export { staticToken, clientCredentials, type IssuedToken, type TokenSource } from './token.ts';
export { TargetUnreachable, BudgetExceeded } from './errors.ts';
export { TransportError, TargetHealth, MAX_TRANSPORT_RETRIES, UNREACHABLE_AFTER } from './transport.ts';
export { servingRow } from './exchange-log.ts';
export { createClient } from './from-config.ts';
export { tokenEdit } from './curl.ts';
