/** Small JSON helpers shared by every layer; they know nothing of Dispatch. */

/** True for a JSON object (not null, not an array): a value whose members can be read by name. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
