/**
 * Secret masking for everything the project writes down: the client's evidence and curl commands,
 * and every report file and console line. A secret is replaced by `***`:
 * - the values of `DISPATCH_ACCESS_TOKEN`, `DISPATCH_CLIENT_SECRET` and the peer's
 *   `DISPATCH_PEER_ACCESS_TOKEN`, `DISPATCH_PEER_CLIENT_SECRET` (client ids are not secrets);
 * - any value given to {@link registerSecret} in this process;
 * - the value of any header or member named like a credential (`X-COREOS-ACCESS`,
 *   `X-COREOS-ORIGIN-TOKEN`, `Authorization`, `accessToken`, `clientSecret`, ...), wherever it is
 *   written: a headers object, a JSON body, a curl `-H` option, a URL query, a line of text.
 *
 * The client masks its evidence with the secrets it holds; the reporters mask again, because a
 * token fetched at run time in a worker is only recognisable by the name it travels under.
 */

/** What a masked value is replaced with. */
export const MASK = '***';

/** Header and member names whose value is a credential (compared case-insensitively). */
const SECRET_NAMES = [
  'x-coreos-access',
  'x-coreos-origin-token',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'accesstoken',
  'access_token',
  'refreshtoken',
  'refresh_token',
  'clientsecret',
  'client_secret',
  'password',
];
const SECRET_NAME_SET = new Set(SECRET_NAMES);
const SECRET_ENV = ['DISPATCH_ACCESS_TOKEN', 'DISPATCH_CLIENT_SECRET', 'DISPATCH_PEER_ACCESS_TOKEN', 'DISPATCH_PEER_CLIENT_SECRET'] as const;
/** Shorter values are not masked by value: masking `qa` would shred every text it occurs in. */
export const MIN_SECRET_LENGTH = 4;

const registered = new Set<string>();

/** Registers a value to be masked in every report, log line and curl command this process writes. */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== 'string') return;
  const v = value.trim();
  if (v.length >= MIN_SECRET_LENGTH) registered.add(v);
}

/** The secret values known now (environment and registered), longest first so that overlaps mask fully. */
export function knownSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const all = new Set(registered);
  for (const name of SECRET_ENV) {
    const v = env[name]?.trim();
    if (v && v.length >= MIN_SECRET_LENGTH) all.add(v);
  }
  // A secret also travels URL-encoded (query strings, curl) and JSON-escaped (bodies, attachments).
  for (const v of [...all]) {
    all.add(encodeURIComponent(v));
    all.add(JSON.stringify(v).slice(1, -1));
  }
  return [...all].filter((v) => v.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/** True when a header or member name carries a credential. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME_SET.has(name.toLowerCase());
}

const NAMES_RE = SECRET_NAMES.map((n) => n.replace(/[-_]/g, '[-_]?')).join('|');
/**
 * `Name: value`, `"name":"value"`, `name=value` (query strings), `-H 'Name: value'`. The value may be
 * `Bearer <token>` / `Basic <token>`; it ends at a quote, whitespace, `&`, `,`, `;`, `}` or `]`.
 */
const NAMED_VALUE = new RegExp(
  `((?:^|[^A-Za-z0-9_-])(?:${NAMES_RE})\\\\?["']?\\s*[:=]\\s*\\\\?["']?)((?:(?:Bearer|Basic|Token)\\s+)?[^\\s"'\\\\&,;}\\]]+)`,
  'gi',
);
/** `scheme://user:password@host` */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)(@)/gi;
/** A bearer token anywhere in text, whatever it is named. */
const BEARER = /(\bBearer\s+)([A-Za-z0-9._~+/=-]{8,})/g;

/**
 * Every text the patterns above can match has one of these in it: a word of a credential name (the
 * last word of each name in SECRET_NAMES, which every spelling NAMED_VALUE allows contains; a word
 * holding another is left to it), an @ (a URL password) or "Bearer". Most strings of a report have
 * none: they skip the patterns. Plain words, not NAMES_RE: a test for them is a few times faster.
 */
const SUSPECT_WORDS = (() => {
  const words = [...new Set(SECRET_NAMES.map((n) => n.split(/[-_]/).pop()!))];
  return words.filter((w) => !words.some((o) => o !== w && w.includes(o)));
})();
const SUSPECT = new RegExp([...SUSPECT_WORDS, 'bearer', '@'].join('|'), 'i');

/**
 * What a curl line reads a token from: a shell variable (`$DISPATCH_ACCESS_TOKEN`), or one edit of
 * it (`${DISPATCH_ACCESS_TOKEN}0`, `${DISPATCH_ACCESS_TOKEN:0:5}X${DISPATCH_ACCESS_TOKEN:6}`):
 * expansions, and literal runs of at most two characters between them, never a token.
 */
const SHELL_VARIABLE = /^(?:[A-Za-z0-9]{0,2}(?:\$[A-Z_][A-Z0-9_]*|\$\{[A-Z_][A-Z0-9_]*(?::\d+(?::\d+)?)?\}))+[A-Za-z0-9]{0,2}$/;

/** Masks every secret in a string. */
export function maskText(text: string, secrets: string[] = knownSecrets()): string {
  let out = text;
  for (const s of secrets) if (s.length >= MIN_SECRET_LENGTH && out.includes(s)) out = out.split(s).join(MASK);
  if (!SUSPECT.test(out)) return out;
  // A shell variable a curl line reads the token from ("$DISPATCH_ACCESS_TOKEN") names a secret, it is none.
  // The value ends at a brace, as JSON's does; a shell expression is read on to its quote, space,
  // backslash or ampersand (a curl inside JSON text, `\"...\"`, or inside HTML, `&quot;...&quot;`).
  out = out.replace(NAMED_VALUE, (_m, head: string, value: string, at: number, whole: string) => {
    const expression = /^[^\s"'\\&]*/.exec(whole.slice(at + head.length))![0];
    return value === MASK || SHELL_VARIABLE.test(expression) ? head + value : head + MASK;
  });
  out = out.replace(URL_PASSWORD, `$1${MASK}$3`);
  out = out.replace(BEARER, `$1${MASK}`);
  return out;
}

/** Bytes with each secret's occurrences replaced by `***` (a raw body kept as it was sent). */
export function maskBytes(bytes: Buffer, secrets: string[] = knownSecrets()): Buffer {
  let out = bytes;
  for (const s of secrets) {
    if (s.length < MIN_SECRET_LENGTH) continue;
    const needle = Buffer.from(s);
    const parts: Buffer[] = [];
    let from = 0;
    for (let at = out.indexOf(needle); at !== -1; at = out.indexOf(needle, from)) {
      parts.push(out.subarray(from, at), Buffer.from(MASK));
      from = at + needle.length;
    }
    if (parts.length) out = Buffer.concat([...parts, out.subarray(from)]);
  }
  return out;
}

/**
 * Masks a JSON-like value deeply: every string is masked, and the value of any member named like a
 * credential becomes `***` whatever its type. Returns a new value; the input is not changed.
 */
export function maskDeep<T>(value: T, secrets: string[] = knownSecrets()): T {
  return walk(value, secrets) as T;
}

function walk(value: unknown, secrets: string[]): unknown {
  if (typeof value === 'string') return maskText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => walk(v, secrets));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[maskText(k, secrets)] = isSecretName(k) && v !== undefined && v !== null ? MASK : walk(v, secrets);
    return out;
  }
  return value;
}
