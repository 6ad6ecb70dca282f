/** `required`: members that must be present. The violation is the member removed; the boundary is the member present. */
import type { ErrorObject } from 'ajv';
import type { KeywordDefinition } from '../model.ts';
import { childPointer, show } from '../json.ts';

export const required: KeywordDefinition = {
  keywords: ['required'],
  compile(shape, keyword, value, ctx) {
    if (!Array.isArray(value) || !value.every((m) => typeof m === 'string')) throw ctx.error(`${shape.pointer}/${keyword}`, '"required" must list member names');
    shape.object.required.push(...(value as string[]));
  },
  boundaries(site) {
    const member = String(site.constraint.limit);
    const obj = site.value as Record<string, unknown> | undefined;
    if (!obj || typeof obj !== 'object' || !(member in obj)) return [];
    return [{ value: obj, focus: member, description: `${member} present (${show(obj[member])})` }];
  },
  violations(site) {
    const member = String(site.constraint.limit);
    const obj = site.value as Record<string, unknown> | undefined;
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return [];
    const { [member]: _removed, ...rest } = obj;
    return [{ value: rest, focus: member, description: `${member} missing from ${site.label}` }];
  },
  owns(e: ErrorObject, at) {
    const missing = (e.params as { missingProperty?: string }).missingProperty;
    return e.keyword === 'required' && e.schemaPath === `#${at.schemaPointer}` && missing !== undefined && childPointer(e.instancePath, missing) === at.instancePointer;
  },
};
