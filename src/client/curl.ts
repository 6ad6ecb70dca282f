/**
 * A curl command that replays a request, with credentials masked. A header that carries a token
 * the user has in their environment reads it from there (`"$DISPATCH_ACCESS_TOKEN"`), so a paste
 * into a shell works; every other secret is `***`.
 */
import { maskDeep, maskText } from '../results/mask.ts';
import { shellQuote } from '../shared/text.ts';

/** `tokenVars`: token value → the environment variable that holds it (e.g. DISPATCH_ACCESS_TOKEN). */
export function curlCommand(method: string, url: string, headers: Record<string, string>, body: string | undefined, secrets: readonly string[], tokenVars: ReadonlyMap<string, string> = new Map()): string {
  const parts = ['curl', '-sS', '-X', method, shellQuote(maskText(url, [...secrets]))];
  const masked = maskDeep(headers, [...secrets]);
  for (const [k, raw] of Object.entries(headers)) {
    if (k.toLowerCase() === 'content-length') continue;
    const bearer = /^Bearer (.+)$/.exec(raw);
    const variable = tokenVars.get(raw) ?? (bearer ? tokenVars.get(bearer[1]!) : undefined);
    // Double quotes, so the shell puts the token in; the header name is ours and plain.
    if (variable) parts.push('-H', `"${k}: ${bearer ? 'Bearer ' : ''}$${variable}"`);
    else parts.push('-H', shellQuote(`${k}: ${masked[k]}`));
  }
  if (body !== undefined) parts.push('--data-binary', shellQuote(maskText(body.length > 20_000 ? body.slice(0, 20_000) : body, [...secrets])));
  return parts.join(' ');
}
