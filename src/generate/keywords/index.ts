/**
 * The registered keyword families, as ajv's vocabularies: a plain array. A keyword no definition
 * lists is an error when a schema is compiled.
 */
import type { KeywordDefinition } from '../model.ts';
import { annotations } from './annotations.ts';
import { conditional } from './conditional.ts';
import { enumeration } from './enum.ts';
import { format } from './format.ts';
import { items } from './items.ts';
import { length } from './length.ts';
import { numeric } from './numeric.ts';
import { pattern } from './pattern.ts';
import { properties } from './properties.ts';
import { referential } from './referential.ts';
import { required } from './required.ts';
import { type } from './type.ts';

export const definitions: readonly KeywordDefinition[] = [
  type,
  enumeration,
  length,
  pattern,
  numeric,
  required,
  properties,
  items,
  conditional,
  format,
  referential,
  annotations,
];
