/**
 * The project's extension keywords. They are annotations: they never change whether a value is
 * valid, but ajv's strict mode must know them, so they are registered here with meta-schemas
 * that check their own values (a typo in a referential kind is an error, not a silent no-op).
 */
import type { KeywordDefinition } from 'ajv';

/** Entity kinds a referential member can name; valid cases draw these from configured ids. */
export const REFERENTIAL_KINDS = ['jobType', 'jobWorkflow', 'location', 'contact', 'job', 'jobRef'] as const;
export type ReferentialKind = (typeof REFERENTIAL_KINDS)[number];

/**
 * Where a rule comes from. `documented`: a sentence of the how-to page; `reference`: OS1's API
 * reference or platform pages; `security`: an access rule of a multi-tenant API, from the OWASP API
 * Security Top 10 (2023), whose item the rule names (dispatch-contract.md "Tenants and access");
 * `assumed`: this project's pin where every page is silent. Documented, reference and security
 * rules can be violated; a target that differs from an assumed one deviates.
 */
export const PROVENANCES = ['documented', 'reference', 'security', 'assumed'] as const;
export type Provenance = (typeof PROVENANCES)[number];

/** The provenance of one keyword, with the sentence it comes from when that is not the node's. */
export interface KeywordOrigin {
  provenance: Provenance;
  source?: string;
}

/**
 * Another reading of a node, where the pages contradict each other: `overrides` replaces keywords
 * of the node (null removes one), `alsoAccepts` is a schema of further values the other page allows
 * (the node becomes "the node, or this"). A body the readings judge differently may be accepted or
 * rejected: both answers conform.
 */
export interface Reading {
  id: string;
  provenance: Provenance;
  source: string;
  overrides?: Record<string, unknown>;
  alsoAccepts?: Record<string, unknown>;
}

const provenance = { enum: [...PROVENANCES] };

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
    // Where the keywords of this node (and of the nodes below it, unless they say otherwise) come from.
    keyword: 'x-provenance',
    metaSchema: provenance,
  },
  {
    // Keywords of this node whose provenance or source differs from the node's.
    keyword: 'x-keywords',
    metaSchema: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        required: ['provenance'],
        additionalProperties: false,
        properties: { provenance, source: { type: 'string', minLength: 1 } },
      },
    },
  },
  {
    // Other readings of this node, where the pages contradict each other.
    keyword: 'x-readings',
    metaSchema: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'provenance', 'source'],
        anyOf: [
          { properties: { overrides: true }, required: ['overrides'] },
          { properties: { alsoAccepts: true }, required: ['alsoAccepts'] },
        ],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9]*$' },
          provenance,
          source: { type: 'string', minLength: 1 },
          overrides: { type: 'object', minProperties: 1 },
          alsoAccepts: { type: 'object', minProperties: 1 },
        },
      },
    },
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

/** The names of the extension keywords above, for the code that must know every keyword of a schema. */
export const VOCABULARY_KEYWORDS: readonly string[] = vocabulary.flatMap((d) => d.keyword);
