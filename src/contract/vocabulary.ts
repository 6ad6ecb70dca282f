/**
 * The project's extension keywords. They are annotations: they never change whether a value is
 * valid, but ajv's strict mode must know them, so they are registered here with meta-schemas
 * that check their own values (a typo in a referential kind is an error, not a silent no-op).
 */
import type { KeywordDefinition } from 'ajv';

/** Entity kinds a referential member can name; valid cases draw these from configured ids. */
export const REFERENTIAL_KINDS = ['jobType', 'jobWorkflow', 'location', 'contact', 'job', 'jobRef'] as const;
export type ReferentialKind = (typeof REFERENTIAL_KINDS)[number];

export const vocabulary: KeywordDefinition[] = [
  {
    // The documentation sentence a member's constraints come from, so a report can cite it.
    keyword: 'x-source',
    metaSchema: { type: 'string', minLength: 1 },
  },
  {
    // The member names an entity that must exist on the target.
    keyword: 'x-referential',
    metaSchema: { enum: [...REFERENTIAL_KINDS] },
  },
  {
    // Names a rule that a composite keyword (if/then) of this schema expresses.
    keyword: 'x-constraint',
    metaSchema: {
      type: 'object',
      required: ['name', 'description', 'source'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9.]*$' },
        description: { type: 'string', minLength: 1 },
        source: { type: 'string', minLength: 1 },
      },
    },
  },
];
