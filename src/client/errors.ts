import { UserError } from '../cli/run-cli.ts';

/** The target cannot be reached (DNS, refused connection, TLS, timeout). */
export class TargetUnreachable extends UserError {
  override name = 'TargetUnreachable';
}

/** The run's request budget (DISPATCH_MAX_REQUESTS) is spent; no further request is sent. */
export class BudgetExceeded extends UserError {
  override name = 'BudgetExceeded';
}

/** Explains a network error in one line that says what to fix. */
export function describeNetworkError(e: unknown, url: string): string {
  const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code ?? '';
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
  if (code.includes('TIMEOUT') || code === 'ETIMEDOUT') return `${host} did not answer in time: check DISPATCH_BASE_URL or raise DISPATCH_TIMEOUT_MS`;
  if (/CERT|SSL|TLS|SELF_SIGNED|EPROTO/i.test(code + (err.message ?? ''))) return `TLS handshake with ${host} failed (${code || err.message}): check the certificate or the URL's scheme`;
  return `cannot reach ${host}: ${code || err.message || String(e)}`;
}
