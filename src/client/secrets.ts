/** Secret masking for everything the client writes down (curl commands, evidence, logs). */

/** Headers whose values are credentials. */
export const SECRET_HEADERS = ['x-coreos-access', 'x-coreos-origin-token', 'authorization'];
export const MASK = '***';

/** Replaces every occurrence of each secret in a text. */
export function maskText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(MASK);
  return out;
}

/** A copy of headers with credential headers and secret values masked. */
export function maskHeaders(headers: Record<string, string>, secrets: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, SECRET_HEADERS.includes(k.toLowerCase()) ? MASK : maskText(v, secrets)]),
  );
}
