/** Reads after writes: OS1 writes are asynchronous, so reads poll within DISPATCH_CONSISTENCY_MS. */
import type { DispatchClient, Reply } from '../../client/index.ts';
import type { Contract } from '../../contract/index.ts';

/** The first pause between reads, and the longest: each pause doubles, so a lagging target is asked less and less often. */
const FIRST_PAUSE_MS = 25;
const LONGEST_PAUSE_MS = 400;

/**
 * Reads with `read` until `accept(reply)` holds or the window closes; returns the last reply and
 * whether it held. Backs off from 25 ms, doubling up to 400 ms between reads.
 */
export async function poll(read: () => Promise<Reply>, windowMs: number, accept: (reply: Reply) => boolean): Promise<{ reply: Reply; ok: boolean; reads: number }> {
  const deadline = Date.now() + windowMs;
  let wait = FIRST_PAUSE_MS;
  let reads = 0;
  for (;;) {
    const reply = await read();
    reads++;
    if (accept(reply)) return { reply, ok: true, reads };
    if (Date.now() >= deadline) return { reply, ok: false, reads };
    await new Promise((r) => setTimeout(r, Math.min(wait, Math.max(0, deadline - Date.now()))));
    wait = Math.min(LONGEST_PAUSE_MS, wait * 2);
  }
}

/** Polls getJob until `accept(reply)` holds or the window closes (see poll). */
export function pollJob(client: DispatchClient, contract: Contract, jobId: string, windowMs: number, accept: (reply: Reply) => boolean): Promise<{ reply: Reply; ok: boolean; reads: number }> {
  const op = contract.operation('getJob');
  return poll(() => client.send(op, { pathParams: { jobId } }), windowMs, accept);
}

/** Waits until a job can be read (200); false when it never could within the window. */
export async function awaitVisible(client: DispatchClient, contract: Contract, jobId: string, windowMs: number): Promise<boolean> {
  return (await pollJob(client, contract, jobId, windowMs, (r) => r.status === 200)).ok;
}
