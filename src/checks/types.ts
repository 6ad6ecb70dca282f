import type { Contract, Operation } from '../contract/index.ts';
import type { Reply } from '../client/index.ts';
import type { Case } from '../generate/case.ts';

export interface CheckContext {
  contract: Contract;
  op: Operation;
}

/** A failed check says why in one line; a passed one says nothing. */
export type CheckOutcome = { ok: true } | { ok: false; message: string };

/** A named check of one exchange. `id` is the results id it reports under (see CHECKS). */
export interface Check {
  name: string;
  id: string;
  /** What a conforming target does, e.g. `never answers with a 5xx`. */
  describe: string;
  /** Whether the check has something to say about this reply (e.g. error envelopes only for 4xx). */
  applies(ctx: CheckContext, reply: Reply, c?: Case): boolean;
  run(ctx: CheckContext, reply: Reply, c?: Case): CheckOutcome;
}

export const pass: CheckOutcome = { ok: true };
export const fail = (message: string): CheckOutcome => ({ ok: false, message });

export const is2xx = (s: number) => s >= 200 && s < 300;
export const is4xx = (s: number) => s >= 400 && s < 500;
