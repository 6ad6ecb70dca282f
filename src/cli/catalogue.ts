/**
 * Prints the constraint catalogue: `npm run catalogue` (`-- --json` for machine-readable output;
 * `--spec FILE` and `--schemas DIR` to check another copy of the contract).
 */
import { parseArgs } from 'node:util';
import { buildCatalogue, loadContract } from '../contract/index.ts';
import { runCli, UserError } from './run-cli.ts';

runCli(() => {
  let values;
  try {
    ({ values } = parseArgs({ options: { json: { type: 'boolean' }, spec: { type: 'string' }, schemas: { type: 'string' } } }));
  } catch (e) {
    throw new UserError(`${(e as Error).message} (usage: npm run catalogue -- [--json] [--spec FILE] [--schemas DIR])`);
  }
  const catalogue = buildCatalogue(loadContract({ specFile: values.spec, schemasDir: values.schemas }));
  if (values.json) {
    process.stdout.write(JSON.stringify(catalogue, null, 2) + '\n');
    return 0;
  }
  for (const c of catalogue) process.stdout.write(`${c.id}\t${c.description}\n`);
  process.stdout.write(`${catalogue.length} constraints\n`);
  return 0;
});
