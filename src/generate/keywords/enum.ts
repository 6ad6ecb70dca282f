/** `enum` / `const`: a finite set of values. Boundaries are each member; violations are near misses (case, a neighbour, empty). */
import type { Candidate, KeywordDefinition } from '../model.ts';
import { deepEqual, jsonTypeOf, show } from '../json.ts';

function sameKind(a: unknown, b: unknown): boolean {
  const ta = jsonTypeOf(a);
  const tb = jsonTypeOf(b);
  const num = (t: string) => (t === 'integer' ? 'number' : t);
  return num(ta) === num(tb);
}

/** Values close to a member: other letter cases, the member one character short, empty; the next number. */
function nearMisses(member: unknown, first: boolean): { value: unknown; what: string }[] {
  if (typeof member === 'string') {
    const lower = member.toLowerCase();
    const cap = lower.charAt(0).toUpperCase() + lower.slice(1);
    const out = [
      { value: lower, what: 'lower case' },
      { value: cap, what: 'capitalised' },
      { value: member.toUpperCase(), what: 'upper case' },
    ];
    if (first) out.push({ value: member.slice(0, -1), what: 'a neighbour one character short' }, { value: '', what: 'empty' });
    return out;
  }
  if (typeof member === 'number') return [{ value: member + 1, what: 'the next number' }];
  if (typeof member === 'boolean') return [{ value: !member, what: 'the other boolean' }];
  return [{ value: null, what: 'null' }];
}

export const enumeration: KeywordDefinition = {
  keywords: ['enum', 'const'],
  compile(shape, keyword, value, ctx) {
    const members = keyword === 'const' ? [value] : value;
    if (!Array.isArray(members) || members.length === 0) throw ctx.error(`${shape.pointer}/${keyword}`, 'enum must be a non-empty array');
    shape.choices = shape.choices ? shape.choices.filter((c) => members.some((m) => deepEqual(c, m))) : [...members];
  },
  boundaries(site) {
    const members = site.keyword === 'const' ? [site.constraint.limit] : (site.constraint.limit as unknown[]);
    return members.map((m) => ({ value: m, description: `${site.label} = ${show(m)} (${site.keyword} member)` }));
  },
  violations(site) {
    const members = site.keyword === 'const' ? [site.constraint.limit] : (site.constraint.limit as unknown[]);
    const out: Candidate[] = [];
    members.forEach((m, i) => {
      for (const { value, what } of nearMisses(m, i === 0)) {
        if (members.some((x) => deepEqual(x, value)) || out.some((c) => deepEqual(c.value, value))) continue;
        out.push({ value, description: `${site.label} = ${show(value)} (${what}; not one of ${show(members, 60)})` });
      }
    });
    return out;
  },
  entailedBy(shape, keyword, value) {
    // When the type is broken, a member of another kind is impossible.
    const members = keyword === 'const' ? [shape.schema.const] : ((shape.schema.enum as unknown[] | undefined) ?? []);
    return !members.some((m) => sameKind(m, value));
  },
};
