/** Prints the constraint catalogue: `npm run catalogue` (add `-- --json` for machine-readable output). */
import { buildCatalogue, loadContract } from '../contract/index.ts';
import { runCli } from './run-cli.ts';

runCli(() => {
  const catalogue = buildCatalogue(loadContract());
  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify(catalogue, null, 2) + '\n');
    return 0;
  }
  for (const c of catalogue) process.stdout.write(`${c.id}\t${c.description}\n`);
  process.stdout.write(`${catalogue.length} constraints\n`);
  return 0;
});
