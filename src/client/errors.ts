import { UserError } from '../shared/user-error.ts';
import { errorCode } from './transport.ts';

/** The target cannot be reached (DNS, refused connection, TLS, timeout). */
export class TargetUnreachable extends UserError {
  override name = 'TargetUnreachable';
}

/** The run's request budget (DISPATCH_MAX_REQUESTS) is spent; no further request is sent. */
export class BudgetExceeded extends UserError {
  override name = 'BudgetExceeded';
}

/** A network error in a few words, without advice: `connection refused`, `no answer within the timeout`, ... */
export function describeFault(e: unknown): string {
  const err = e as { message?: string };
  const code = errorCode(e);
  if (code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)';
  if (code === 'ECONNRESET') return 'connection reset (ECONNRESET)';
  if (code === 'EPIPE') return 'connection broken while writing (EPIPE)';
  if (code === 'UND_ERR_SOCKET') return 'connection closed by the other side (UND_ERR_SOCKET)';
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return 'no answer within the timeout (UND_ERR_HEADERS_TIMEOUT)';
  if (code === 'UND_ERR_BODY_TIMEOUT') return 'the answer stalled within the timeout (UND_ERR_BODY_TIMEOUT)';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'no connection within the timeout (UND_ERR_CONNECT_TIMEOUT)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `DNS lookup failed (${code})`;
  return code || err.message || String(e);
}

/** Explains a network error in one line that says what to fix. */
export function describeNetworkError(e: unknown, url: string): string {
  const err = e as { message?: string };
  const code = errorCode(e);
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve ${host} (DNS): check DISPATCH_BASE_URL`;
  if (code === 'ECONNREFUSED') return `${host} refused the connection: is the target running, and is DISPATCH_BASE_URL right?`;
  if (code === 'ECONNRESET') return `${host} reset the connection: check DISPATCH_BASE_URL (http or https?)`;
  if (code === 'UND_ERR_SOCKET') return `${host} closed the connection without answering: check DISPATCH_BASE_URL (http or https?)`;
  if (code.includes('TIMEOUT') || code === 'ETIMEDOUT') return `${host} did not answer in time: check DISPATCH_BASE_URL or raise DISPATCH_TIMEOUT_MS`;
  if (/CERT|SSL|TLS|SELF_SIGNED|EPROTO/i.test(code + (err.message ?? ''))) return `TLS handshake with ${host} failed (${code || err.message}): check the certificate or the URL's scheme`;
  return `cannot reach ${host}: ${code || err.message || String(e)}`;
}
