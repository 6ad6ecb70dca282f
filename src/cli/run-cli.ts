/**
 * Runs a command-line entry point so that bad input is one clear line and a non-zero exit,
 * never a stack-trace flood. Known, user-fixable errors (UserError, ContractError) print their
 * message; anything else prints its first line and says where to find more.
 */
import { ContractError } from '../contract/errors.ts';
import { OUTCOME_EXIT } from '../results/gate.ts';

import { UserError } from '../shared/user-error.ts';

export { UserError };

/**
 * What an exit code means, one thing each (README and `--help` list them): the run judged the
 * target and it fails; the input to the suite is wrong; the target could not be reached, or
 * stopped answering mid-run; the run was interrupted.
 */
export const EXIT = { pass: OUTCOME_EXIT.PASS, fail: OUTCOME_EXIT.FAIL, usage: 2, unreachable: OUTCOME_EXIT.STOPPED, interrupted: OUTCOME_EXIT.INTERRUPTED } as const;

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
        // The target unreachable is its own code; every other bad input is a usage or configuration error.
        process.exitCode = err?.name === 'TargetUnreachable' ? EXIT.unreachable : EXIT.usage;
      },
    );
}
