import { displayPath } from './paths.ts';

/**
 * An invalid spec or schema. Its message is one line that names the file, the JSON pointer
 * inside it, and what is wrong, so the CLI can print it as it is and exit.
 */
export class ContractError extends Error {
  readonly file: string;
  readonly pointer: string;
  constructor(file: string, pointer: string, problem: string) {
    super(`${displayPath(file)}#${pointer}: ${problem}`);
    this.name = 'ContractError';
    this.file = file;
    this.pointer = pointer;
  }
}
