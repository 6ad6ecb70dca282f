/** A curl command that replays a request, with credentials masked. */
import { maskDeep, maskText } from '../results/mask.ts';

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function curlCommand(method: string, url: string, headers: Record<string, string>, body: string | undefined, secrets: readonly string[]): string {
  const parts = ['curl', '-sS', '-X', method, shellQuote(maskText(url, [...secrets]))];
  for (const [k, v] of Object.entries(maskDeep(headers, [...secrets]))) {
    if (k.toLowerCase() === 'content-length') continue;
    parts.push('-H', shellQuote(`${k}: ${v}`));
  }
  if (body !== undefined) parts.push('--data-binary', shellQuote(maskText(body.length > 20_000 ? body.slice(0, 20_000) : body, [...secrets])));
  return parts.join(' ');
}
