/**
 * An error the user can fix (configuration, target, arguments); its message says what to fix. The
 * command line prints it as one line with a non-zero exit. It lives here, below every layer that
 * throws it (config, client, suite), so none of them imports the command line.
 */
export class UserError extends Error {
  override name = 'UserError';
}
