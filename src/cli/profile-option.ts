/** The `--profile` option of the commands that start the reference server. */
import { PROFILE_NAMES, type ProfileName } from '../server/index.ts';
import { nearest } from '../shared/nearest.ts';
import { UserError } from './run-cli.ts';

/** The profile a `--profile` value names (undefined: the default); a wrong one is one clear line. */
export function profileOption(value: string | undefined): ProfileName | undefined {
  if (value === undefined) return undefined;
  if ((PROFILE_NAMES as readonly string[]).includes(value)) return value as ProfileName;
  const near = nearest(value, PROFILE_NAMES, 3);
  throw new UserError(`--profile ${JSON.stringify(value)} is not a profile: use ${PROFILE_NAMES.slice(0, -1).join(', ')} or ${PROFILE_NAMES.at(-1)}${near ? ` (did you mean ${near}?)` : ''}`);
}
