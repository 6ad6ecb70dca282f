/**
 * `pattern` (ECMA-262 with the `u` flag, as ajv compiles it). A pattern of one character class
 * repeated, `^[a-zA-Z]{1,32}$`, is understood: characters and lengths are drawn from it on purpose.
 * Richer patterns are drawn with fast-check's stringMatching and filtered.
 */
import type { Candidate, KeywordDefinition, Shape, SimplePattern } from '../model.ts';
import { codePoints } from '../strings.ts';
import { show } from '../json.ts';

/** `^` one atom (a class, an escape, `.` or a literal), an optional quantifier, `$`. */
const SIMPLE = /^\^(\[(?:\\.|[^\]\\])+\]|\\[dwsDWSp](?:\{[^}]+\})?|\.|[^\\^$|()*+?{}[\]])(\{(\d+)(?:(,)(\d*))?\}|[+*?])?\$$/u;

/** Analyses a pattern; undefined when it is not a single repeated atom. */
export function analyse(source: string): SimplePattern | undefined {
  const m = SIMPLE.exec(source);
  if (!m) return undefined;
  const [, atom, quant, lo, comma, hi] = m;
  const char = new RegExp(`^${atom}$`, 'u');
  if (!quant) return { char, minLength: 1, maxLength: 1 };
  if (quant === '+') return { char, minLength: 1 };
  if (quant === '*') return { char, minLength: 0 };
  if (quant === '?') return { char, minLength: 0, maxLength: 1 };
  const min = Number(lo);
  return { char, minLength: min, ...(comma ? (hi ? { maxLength: Number(hi) } : {}) : { maxLength: min }) };
}

/** Breakers that keep the length in code points: each replaces one code point. */
const BREAKERS: { ch: string; at: 'first' | 'middle' | 'last'; what: string }[] = [
  { ch: '1', at: 'last', what: 'a digit' },
  { ch: ' ', at: 'middle', what: 'a space' },
  { ch: '-', at: 'last', what: 'punctuation' },
  { ch: 'É', at: 'first', what: 'a non-ASCII letter' },
  { ch: 'é', at: 'middle', what: 'an accented letter' },
  { ch: '😀', at: 'first', what: 'an astral character' },
];

function replaceAt(s: string, at: 'first' | 'middle' | 'last', ch: string): string {
  const cps = [...s];
  const i = at === 'first' ? 0 : at === 'last' ? cps.length - 1 : Math.floor(cps.length / 2);
  cps[i] = ch;
  return cps.join('');
}

/** Whether a string fails a simple pattern only by its length (every character is allowed). */
function failsByLengthOnly(p: SimplePattern, s: string): boolean {
  const n = codePoints(s);
  const outside = n < p.minLength || (p.maxLength !== undefined && n > p.maxLength);
  return outside && [...s].every((ch) => p.char.test(ch));
}

export const pattern: KeywordDefinition = {
  keywords: ['pattern'],
  compile(shape, keyword, value, ctx) {
    let re: RegExp;
    try {
      re = new RegExp(String(value), 'u');
    } catch (e) {
      throw ctx.error(`${shape.pointer}/${keyword}`, `pattern does not compile: ${(e as Error).message}`);
    }
    shape.string.patterns.push(re);
    const simple = analyse(String(value));
    if (simple) shape.string.simple.push(simple);
    else shape.string.complex.push(re);
  },
  boundaries(site) {
    const v = site.value;
    if (typeof v !== 'string') return [];
    return [{ value: v, description: `${site.label} ${show(v)} matches ${String(site.constraint.limit)}` }];
  },
  violations(site) {
    const v = site.value;
    if (typeof v !== 'string' || v.length === 0) return [];
    const out: Candidate[] = [];
    const seen = new Set<string>();
    for (const b of BREAKERS) {
      const s = replaceAt(v, b.at, b.ch);
      if (s === v || seen.has(s)) continue;
      seen.add(s);
      out.push({ value: s, description: `${site.label} ${show(s)} with ${b.what} does not match ${String(site.constraint.limit)}` });
    }
    // Empty breaks the pattern alone only where no minLength forbids it; the oracle decides.
    out.push({ value: '', description: `${site.label} empty does not match ${String(site.constraint.limit)}` });
    return out;
  },
  entailedBy(shape: Shape, _keyword, value) {
    if (typeof value !== 'string') return false;
    const failing = shape.string.patterns.map((re, i) => ({ re, i })).filter(({ re }) => !re.test(value));
    if (failing.length === 0) return false;
    // A value of a length the pattern does not admit breaks it whatever its characters (when every
    // pattern is simple, simple[i] is patterns[i]).
    return shape.string.simple.length === shape.string.patterns.length &&
      failing.every(({ i }) => failsByLengthOnly(shape.string.simple[i]!, value));
  },
};
