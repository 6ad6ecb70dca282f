/** `items`, `minItems`, `maxItems`. Item counts on and beyond the limits repeat the first item. */
import { joinPointer } from '../../contract/index.ts';
import type { Candidate, KeywordDefinition, Site } from '../model.ts';
import { clone } from '../json.ts';

function resized(site: Site, n: number): unknown[] | undefined {
  const a = site.value;
  if (!Array.isArray(a) || (a.length === 0 && n > 0)) return undefined;
  if (n <= a.length) return a.slice(0, n);
  return [...a, ...Array.from({ length: n - a.length }, () => clone(a[0]))];
}

function count(site: Site, n: number, what: string): Candidate[] {
  const v = resized(site, n);
  return v ? [{ value: v, description: `${site.label} with ${n} items (${what})` }] : [];
}

export const items: KeywordDefinition = {
  keywords: ['items', 'minItems', 'maxItems'],
  compile(shape, keyword, value, ctx) {
    if (keyword === 'items') {
      shape.array.items = ctx.child(value as never, joinPointer(shape.pointer, 'items'));
      return;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw ctx.error(`${shape.pointer}/${keyword}`, `${keyword} must be a non-negative integer`);
    shape.array[keyword as 'minItems'] = value;
  },
  boundaries(site) {
    const n = site.constraint.limit as number;
    return count(site, n, `${site.keyword} ${n}`);
  },
  violations(site) {
    const n = site.constraint.limit as number;
    if (site.keyword === 'minItems') return n === 0 ? [] : count(site, n - 1, `minItems ${n} - 1`);
    return count(site, n + 1, `maxItems ${n} + 1`);
  },
};
