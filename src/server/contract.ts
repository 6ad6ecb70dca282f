/**
 * The server's one view of the contract: loaded once per process from specs/ and schemas/, with
 * its catalogue. Nothing in the server restates a limit; it reads them from here.
 */
import { buildCatalogue, loadContract, type Constraint, type Contract } from '../contract/index.ts';

let cached: { contract: Contract; catalogue: Constraint[] } | undefined;

/** The contract and its constraint catalogue (loaded on first use). */
export function serverContract(): { contract: Contract; catalogue: Constraint[] } {
  if (!cached) {
    const contract = loadContract();
    cached = { contract, catalogue: buildCatalogue(contract) };
  }
  return cached;
}
