/** `type`: the JSON type of a value. Violations are type confusions: null, a number for a string, a numeric string for a number, and so on. */
import type { Candidate, JsonType, KeywordDefinition, Site } from '../model.ts';
import { hasType, show } from '../json.ts';

const TYPES: readonly JsonType[] = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];

/** A fraction that lies within the node's numeric bounds, so it breaks the integer type only. */
function fractionWithin(site: Site): number {
  const f = site.shape.number;
  const lo = f.minimum ?? (f.exclusiveMinimum !== undefined ? f.exclusiveMinimum + 1 : undefined);
  const hi = f.maximum ?? (f.exclusiveMaximum !== undefined ? f.exclusiveMaximum - 1 : undefined);
  if (lo !== undefined) return lo + 0.5;
  if (hi !== undefined) return hi - 0.5;
  return 1.5;
}

export const type: KeywordDefinition = {
  keywords: ['type'],
  compile(shape, keyword, value, ctx) {
    const types = (Array.isArray(value) ? value : [value]) as JsonType[];
    for (const t of types) if (!TYPES.includes(t)) throw ctx.error(`${shape.pointer}/${keyword}`, `unknown type "${String(t)}"`);
    shape.types = types;
  },
  boundaries(site) {
    if (site.value === undefined) return [];
    return [{ value: site.value, description: `${site.label} present, of type ${(site.shape.types ?? []).join(' or ')}` }];
  },
  violations(site) {
    const types = site.shape.types ?? [];
    const expected = types.join(' or ');
    const out: Candidate[] = [];
    const add = (value: unknown, what: string) => {
      if (!types.some((t) => hasType(value, t))) out.push({ value, description: `${site.label} ${what} instead of ${expected}` });
    };
    const v = site.value;
    add(null, 'null');
    if (types.includes('integer')) add(fractionWithin(site), `a fraction (${fractionWithin(site)})`);
    add(typeof v === 'number' ? String(v) : '42', `a numeric string (${show(typeof v === 'number' ? String(v) : '42')})`);
    add(42, 'a number (42)');
    add(true, 'a boolean (true)');
    add(typeof v === 'string' ? [v] : [], 'an array');
    add({}, 'an object ({})');
    add(typeof v === 'string' ? `${v}` : 'text', 'a string');
    return out;
  },
};
