/**
 * Prints the constraint catalogue: `npm run catalogue` (`-- --json` for machine-readable output;
 * `--spec FILE` and `--schemas DIR` to check another copy of the contract).
 */
import { parseArgs } from 'node:util';
import { RULES } from '../checks/index.ts';
import { buildCatalogue, loadContract } from '../contract/index.ts';
import { runCli, UserError } from './run-cli.ts';

const USAGE = 'usage: npm run catalogue -- [--json] [--spec FILE] [--schemas DIR]';

runCli(() => {
  let values;
  try {
    ({ values } = parseArgs({ options: { json: { type: 'boolean' }, spec: { type: 'string' }, schemas: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (e) {
    throw new UserError(`${(e as Error).message} (${USAGE})`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n\nLists every constraint the suite judges, with its provenance and the sentence it comes from, then every HTTP rule (the checks' rows) with its provenance and source; --json prints the constraints only.\n`);
    return 0;
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
  // The HTTP rules the checks and probes judge, each with its provenance (and the parts of it that
  // differ) and the sentence it comes from: rows `check:<name>`, most of them one per operation.
  const rules = Object.values(RULES);
  process.stdout.write('\n');
  for (const r of rules) {
    const owasp = 'owasp' in r ? ` ${r.owasp}` : '';
    const parts = 'parts' in r ? ` (parts: ${Object.entries(r.parts).map(([k, p]) => `${k} ${p.provenance}`).join(', ')})` : '';
    process.stdout.write(`${r.id}\t${r.provenance}${owasp}${parts}\t${r.describe}\tsource: ${r.source}\n`);
  }
  const rulesBy = (p: string) => rules.filter((r) => r.provenance === p).length;
  process.stdout.write(`${rules.length} HTTP rules (rows check:<name>, most of them one per operation, check:<name>.<operationId>): ${rulesBy('documented')} documented, ${rulesBy('reference')} reference, ${rulesBy('security')} security, ${rulesBy('assumed')} assumed\n`);
  return 0;
});
