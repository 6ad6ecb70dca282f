/** Where the project's own files live, whatever the working directory. */
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The project's root folder (the one holding package.json). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The folder of the OpenAPI description. */
export const specsDir = path.join(projectRoot, 'specs');
/** The folder of the JSON Schemas: the one source of every documented constraint. */
export const schemasDir = path.join(projectRoot, 'schemas');
/** The OpenAPI 3.1 description of the Jobs API. */
export const defaultSpecFile = path.join(specsDir, 'dispatch.openapi.yaml');
/** The contract's silent points, as data. */
export const defaultSilentPointsFile = path.join(specsDir, 'silent-points.yaml');

/** A path relative to the project root, for messages (falls back to the absolute path). */
export function displayPath(file: string): string {
  const rel = path.relative(projectRoot, file);
  return rel.startsWith('..') ? file : rel;
}
