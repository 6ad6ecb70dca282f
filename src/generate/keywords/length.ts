/**
 * `minLength` / `maxLength`, counted in code points. Boundaries sit exactly on each limit, also in
 * astral characters (at the maximum in code points, longer in UTF-16 units: must be accepted);
 * violations sit one code point beyond it, also in astral characters (so a target counting UTF-16
 * units is caught on both sides).
 */
import fc from 'fast-check';
import type { Candidate, KeywordDefinition, Site } from '../model.ts';
import { allowedChar, codePoints, flavoured, FLAVOURS, type Flavour } from '../strings.ts';

const FLAVOUR_WORDS: Record<Flavour | 'pool' | 'pattern', string> = {
  ascii: 'ASCII letters',
  astral: 'astral code points',
  intl: 'non-ASCII letters, combining marks and RTL',
  pool: 'a configured id',
  pattern: 'drawn from the pattern',
};
/** Draws from a rich pattern before giving up on finding a value of one exact length. */
const PATTERN_DRAWS = 2000;

function describe(site: Site, s: string, flavour: Flavour | 'pool' | 'pattern', limit: string): string {
  const n = codePoints(s);
  const units = s.length !== n ? `, ${s.length} UTF-16 units` : '';
  const what = FLAVOUR_WORDS[flavour];
  return `${site.label} of ${n} code points (${what}${units}; ${limit})`;
}

/** Strings of exactly n code points: a configured id of that length for referential members, else one per flavour. */
function ofLength(site: Site, n: number, limit: string, accept: boolean): Candidate[] {
  const kind = site.shape.referential;
  const pool = kind ? site.refs[kind] : undefined;
  if (accept && pool && pool.length > 0) {
    const hit = pool.find((id) => codePoints(id) === n);
    if (hit !== undefined) return [{ value: hit, description: describe(site, hit, 'pool', limit), refSource: 'pool' }];
  }
  // Accepting values keep to characters the node's patterns allow; violating ones try every flavour
  // (the oracle drops any that breaks a pattern as well).
  const allowed = accept ? allowedChar(site.shape) : undefined;
  const out: Candidate[] = [];
  const ref = kind ? { refSource: 'generated' as const } : {};
  // A pattern too rich to analyse: find a value of the length among values drawn from it, so
  // the case breaks (or sits on) the length alone.
  const complex = site.shape.string.complex;
  if (complex.length > 0) {
    const drawn = fc.sample(fc.stringMatching(complex[0]!), { seed: n, numRuns: PATTERN_DRAWS });
    const hit = drawn.find((s) => codePoints(s) === n && site.shape.string.patterns.every((p) => p.test(s)));
    if (hit !== undefined) out.push({ value: hit, description: describe(site, hit, 'pattern', limit), ...ref });
  }
  for (const flavour of Object.keys(FLAVOURS) as Flavour[]) {
    const s = flavoured(flavour, n, allowed);
    if (s !== undefined) out.push({ value: s, description: describe(site, s, flavour, limit), ...ref });
  }
  return out;
}

function limitOf(site: Site): number {
  return site.constraint.limit as number;
}

export const length: KeywordDefinition = {
  keywords: ['minLength', 'maxLength'],
  compile(shape, keyword, value, ctx) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw ctx.error(`${shape.pointer}/${keyword}`, `${keyword} must be a non-negative integer`);
    if (keyword === 'minLength') shape.string.minLength = value;
    else shape.string.maxLength = value;
  },
  boundaries(site) {
    const n = limitOf(site);
    return ofLength(site, n, `${site.keyword} ${n}`, true);
  },
  violations(site) {
    const n = limitOf(site);
    if (site.keyword === 'minLength') return n === 0 ? [] : ofLength(site, n - 1, `minLength ${n} - 1`, false);
    return ofLength(site, n + 1, `maxLength ${n} + 1`, false);
  },
};
