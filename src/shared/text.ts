/** Small text helpers shared by every layer; they know nothing of Dispatch. */

/** `s` without its ANSI colour codes (Playwright colours its error messages for a terminal). */
export function stripAnsi(s: string): string {
  return s.replace(/\u001b\[[0-9;]*m/g, '');
}
