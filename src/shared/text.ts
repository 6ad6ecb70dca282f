/** Small text helpers shared by every layer; they know nothing of Dispatch. */

/** `s` without its ANSI colour codes (Playwright colours its error messages for a terminal). */
export function stripAnsi(s: string): string {
  return s.replace(/\u001b\[[0-9;]*m/g, '');
}

/**
 * Whether a yes-or-no setting's text says yes (`true`, `1`, `yes`, in any case). loadConfig refuses
 * any text that says neither; a process that reads a setting the command line has already checked
 * (the reporter reads CONFORMANCE_STRICT) takes anything else for no.
 */
export function isYes(value: string | undefined): boolean {
  return /^(true|1|yes)$/i.test(value?.trim() ?? '');
}

/** `s` in single quotes for a POSIX shell, a single quote inside closed, escaped and reopened. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A Content-Type header's media type, lower case, without parameters; undefined for none. */
export function mediaType(header: string | undefined): string | undefined {
  const media = header?.split(';')[0]!.trim().toLowerCase();
  return media ? media : undefined;
}
