/**
 * Runs a command-line entry point so that bad input is one clear line and a non-zero exit,
 * never a stack-trace flood. Known, user-fixable errors (UserError, ContractError) print their
 * message; anything else prints its first line and says where to find more.
 */
import { ContractError } from '../contract/errors.ts';

import { UserError } from '../shared/user-error.ts';

export { UserError };

export function runCli(main: () => number | Promise<number>): void {
  Promise.resolve()
    .then(main)
    .then(
      (code) => {
        process.exitCode = code;
      },
      (e: unknown) => {
        const err = e as Error;
        if (err instanceof UserError || err instanceof ContractError) {
          process.stderr.write(`dispatch-conformance: ${err.message}\n`);
        } else {
          process.stderr.write(`dispatch-conformance: internal error: ${String(err?.message ?? err).split('\n')[0]} (set DEBUG=1 for the stack)\n`);
          if (process.env.DEBUG) process.stderr.write(`${err?.stack}\n`);
        }
        process.exitCode = 2;
      },
    );
}
