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
  for (const c of catalogue) {
    const contested = c.contested ? ` (contested: ${c.contested.map((r) => r.id).join(', ')})` : '';
    process.stdout.write(`${c.id}\t${c.provenance}${contested}\t${c.description}\n`);
  }
  const by = (p: string) => catalogue.filter((c) => c.provenance === p).length;
  process.stdout.write(`${catalogue.length} constraints: ${by('documented')} documented, ${by('reference')} reference, ${by('assumed')} assumed; ${catalogue.filter((c) => c.contested).length} contested between pages\n`);
  return 0;
});
