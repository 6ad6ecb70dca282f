/**
 * Whether a read shows what was written, member by member: the one comparison of the model
 * (read-after-write.ts) and the state probes (probes/state.ts). Objects member by member (members
 * the target adds are its own), arrays item by item, anything else exactly; a member the read
 * leaves out is unknown, not judged.
 */
import { deepEqual } from '../../generate/index.ts';
import { isRecord } from '../../shared/json.ts';

/** What a read shows of a write: values read back otherwise, members left out, and how many were compared. */
export interface Reflection {
  differs: string[];
  unknown: string[];
  judged: number;
}

export const noReflection = (): Reflection => ({ differs: [], unknown: [], judged: 0 });

/**
 * Compares `written` with `read` at `path`, adding to `out`; `as` names what `written` was in the
 * message (`written`, or `before` where a read is compared with an earlier read).
 */
export function compareRead(path: string, written: unknown, read: unknown, out: Reflection, as = 'written'): void {
  if (read === undefined) {
    out.unknown.push(path);
  } else if (isRecord(written) && isRecord(read)) {
    for (const [k, v] of Object.entries(written)) compareRead(`${path}.${k}`, v, read[k], out, as);
  } else if (Array.isArray(written) && Array.isArray(read) && written.length === read.length) {
    written.forEach((v, i) => compareRead(`${path}[${i}]`, v, read[i], out, as));
  } else {
    out.judged++;
    if (!deepEqual(read, written)) out.differs.push(`${path} is ${JSON.stringify(read)?.slice(0, 120)}, ${as} ${JSON.stringify(written)?.slice(0, 120)}`);
  }
}

/** The members of `written` a read shows otherwise (none judged where the read leaves them out); the whole read missing is one. */
export function readDiffers(written: Record<string, unknown>, data: Record<string, unknown> | undefined, as = 'written'): string[] {
  if (!data) return ['the job cannot be read'];
  const out = noReflection();
  for (const [k, v] of Object.entries(written)) compareRead(k, v, data[k], out, as);
  return out.differs;
}
