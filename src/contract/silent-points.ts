/** The contract's silent points: things to probe and observe, never to judge. */
import fs from 'node:fs';
import YAML from 'yaml';
import { ContractError } from './errors.ts';
import { defaultSilentPointsFile } from './paths.ts';
import { createOracle } from './ajv.ts';

export interface SilentPoint {
  id: string;
  operationId: string;
  question: string;
}

const shape = {
  type: 'array',
  items: {
    type: 'object',
    required: ['id', 'operationId', 'question'],
    additionalProperties: false,
    properties: { id: { type: 'string', pattern: '^[a-zA-Z0-9]+$' }, operationId: { type: 'string' }, question: { type: 'string', minLength: 1 } },
  },
};

/** The compiled check of the file's shape (a schema of ours, so checked: no meta-schema compiled for it): every spec file that lists the silent points reads them. */
let shapeCheck: ReturnType<ReturnType<typeof createOracle>['compile']> | undefined;

/** Reads specs/silent-points.yaml (or another file). */
export function loadSilentPoints(file = defaultSilentPointsFile, operationIds?: string[]): SilentPoint[] {
  let doc: unknown;
  try {
    doc = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ContractError(file, '', `cannot read the silent points: ${(e as Error).message.split('\n')[0]}`);
  }
  const check = (shapeCheck ??= createOracle({ checked: true }).compile(shape));
  if (!check(doc)) {
    const e = check.errors![0]!;
    throw new ContractError(file, e.instancePath, e.message ?? e.keyword);
  }
  const points = doc as SilentPoint[];
  points.forEach((p, i) => {
    if (operationIds && !operationIds.includes(p.operationId)) {
      throw new ContractError(file, `/${i}/operationId`, `unknown operationId "${p.operationId}"`);
    }
  });
  return points;
}
