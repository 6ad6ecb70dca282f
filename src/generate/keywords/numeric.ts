/** `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`. Boundaries sit on the limit; violations just beyond it, and at 0 and -1. */
import type { Candidate, KeywordDefinition, Site } from '../model.ts';
import { nextDouble } from '../json.ts';

function isInteger(site: Site): boolean {
  return (site.shape.types ?? []).every((t) => t === 'integer');
}

/** The nearest valid number above (or below) x. */
function step(x: number, up: boolean, integer: boolean): number {
  if (integer) return up ? Math.floor(x) + 1 : Math.ceil(x) - 1;
  return nextDouble(x, up);
}

export const numeric: KeywordDefinition = {
  keywords: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'],
  compile(shape, keyword, value, ctx) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw ctx.error(`${shape.pointer}/${keyword}`, `${keyword} must be a finite number`);
    shape.number[keyword as 'minimum'] = value;
  },
  boundaries(site) {
    const x = site.constraint.limit as number;
    const integer = isInteger(site);
    const value = site.keyword === 'minimum' || site.keyword === 'maximum' ? x : step(x, site.keyword === 'exclusiveMinimum', integer);
    return [{ value, description: `${site.label} = ${value} (${site.keyword} ${x})` }];
  },
  violations(site) {
    const x = site.constraint.limit as number;
    const integer = isInteger(site);
    const below = site.keyword === 'minimum' || site.keyword === 'exclusiveMinimum';
    const out: Candidate[] = [];
    const add = (value: number, what: string) => {
      if (!Number.isFinite(value) || Object.is(value, -0) || out.some((c) => c.value === value)) return;
      const breaks = site.keyword === 'minimum' ? value < x : site.keyword === 'maximum' ? value > x : site.keyword === 'exclusiveMinimum' ? value <= x : value >= x;
      if (breaks) out.push({ value, description: `${site.label} = ${value} (${what})` });
    };
    if (site.keyword === 'exclusiveMinimum' || site.keyword === 'exclusiveMaximum') add(x, `${site.keyword} ${x} itself`);
    add(below ? x - 1 : x + 1, `${site.keyword} ${x} ${below ? '- 1' : '+ 1'}`);
    if (!integer) add(below ? x - 0.5 : x + 0.5, `${site.keyword} ${x} ${below ? '- 0.5' : '+ 0.5'}`);
    if (below) {
      add(0, `zero, below ${site.keyword} ${x}`);
      add(-1, `negative, below ${site.keyword} ${x}`);
    }
    return out;
  },
};
