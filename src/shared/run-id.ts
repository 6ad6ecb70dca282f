/** A short id that tags everything a run creates (jobRefs, request ids) and every file it writes. */
export function newRunId(): string {
  return `dc${Date.now().toString(36).slice(-5)}${Math.random().toString(36).slice(2, 5)}`;
}
