/** The contract layer: the spec and the schemas, loaded, checked and catalogued. */
export { loadContract, statusesFor, HTTP_METHODS, type Contract, type Operation, type HttpMethod, type LoadOptions, type Origin } from './loader.ts';
export { buildCatalogue, CONSTRAINT_KEYWORDS, type Constraint, type ConstraintKeyword } from './catalogue.ts';
export { loadSilentPoints, type SilentPoint } from './silent-points.ts';
export { ContractError } from './errors.ts';
export { createOracle, type Oracle } from './ajv.ts';
export { acceptsNothing, isSchemaObject, type JsonSchema, type NamedRule } from './schema.ts';
export { REFERENTIAL_KINDS, VOCABULARY_KEYWORDS, type ReferentialKind, type Provenance, type Reading, type KeywordOrigin } from './vocabulary.ts';
export { getAtPointer, joinPointer, pointerTokens, escapeToken } from './pointer.ts';
export { provenanceAt } from './provenance.ts';
export { agreedValid, dissentingReadings, withReadings, type OperationReading } from './readings.ts';
export { projectRoot, schemasDir, specsDir, defaultSpecFile, displayPath } from './paths.ts';
