/**
 * A curl command that replays a request, with credentials masked. A header that carries a token
 * the user has in their environment reads it from there (`"$DISPATCH_ACCESS_TOKEN"`), so a paste
 * into a shell works; every other secret is `***`. The body is sent from a file of its exact bytes
 * (`--data-binary @file`, kept beside the report), so a byte-order mark or invalid UTF-8 reaches
 * the target as it did in the run.
 */
import { maskDeep, maskText } from '../results/mask.ts';
import { shellQuote } from '../shared/text.ts';

/** Where a request's body is kept, relative to the report folder: `bodies/<request id>.bin`. */
export function bodyFileOf(requestId: string): string {
  return `bodies/${requestId.replace(/[^A-Za-z0-9._-]/g, '_')}.bin`;
}

/** The curl's last argument, the body's file: it names `bodyFile` at `where` (the path a shell in the run's folder reaches it by). */
export function placeBody(curl: string, where: string): string {
  const at = curl.lastIndexOf(BODY_OPTION);
  return at === -1 ? curl : `${curl.slice(0, at)}${BODY_OPTION}${shellQuote(where)}`;
}

const BODY_OPTION = ' --data-binary @';

/**
 * `bodyFile`: the file that holds the body's bytes as sent, relative to the report folder (the
 * reporter writes it, and places the path where the curl is shown). `tokenVars`: token value → the
 * shell expression that gives it from the user's environment (`$DISPATCH_ACCESS_TOKEN`, or one
 * edit of it: `tokenEdit`).
 */
export function curlCommand(method: string, url: string, headers: Record<string, string>, bodyFile: string | undefined, secrets: readonly string[], tokenVars: ReadonlyMap<string, string> = new Map()): string {
  const parts = ['curl', '-sS', '-X', method, shellQuote(maskText(url, [...secrets]))];
  const masked = maskDeep(headers, [...secrets]);
  for (const [k, raw] of Object.entries(headers)) {
    if (k.toLowerCase() === 'content-length') continue;
    const bearer = /^Bearer (.+)$/.exec(raw);
    const expression = tokenVars.get(raw) ?? (bearer ? tokenVars.get(bearer[1]!) : undefined);
    // Double quotes, so the shell puts the token in; the header name is ours and plain.
    if (expression) parts.push('-H', `"${k}: ${bearer ? 'Bearer ' : ''}${expression}"`);
    else parts.push('-H', shellQuote(`${k}: ${masked[k]}`));
  }
  const command = parts.join(' ');
  return bodyFile === undefined ? command : `${command}${BODY_OPTION}${shellQuote(bodyFile)}`;
}

/**
 * A token made from the one in the environment variable `variable` by one edit (a character
 * changed, or one appended), as the bash expression that makes it again from the user's own
 * (`${DISPATCH_ACCESS_TOKEN}0`, `${DISPATCH_ACCESS_TOKEN:0:5}X${DISPATCH_ACCESS_TOKEN:6}`), so that
 * an altered-token finding replays as pasted, the token itself never written. Undefined for any
 * other change, or a character a shell would take as its own.
 */
export function tokenEdit(base: string, edited: string, variable: string): string | undefined {
  const plain = (c: string) => /^[A-Za-z0-9]{1,2}$/.test(c);
  if (edited.length > base.length && edited.startsWith(base) && plain(edited.slice(base.length))) return `\${${variable}}${edited.slice(base.length)}`;
  if (edited.length !== base.length) return undefined;
  let at = 0;
  while (at < base.length && base[at] === edited[at]) at++;
  if (at === base.length || base.slice(at + 1) !== edited.slice(at + 1) || !plain(edited[at]!)) return undefined;
  return `${at > 0 ? `\${${variable}:0:${at}}` : ''}${edited[at]}\${${variable}:${at + 1}}`;
}
