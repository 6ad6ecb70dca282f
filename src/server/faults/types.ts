/** The shape of a fault: a named, documented change to the reference server's behaviour. */
import type { Behaviour } from '../behaviour.ts';

/** What `listFaults()` shows. */
export interface FaultInfo {
  /** The name given to `--fault`, e.g. `createJob.jobTypeId.maxLength:off-by-one` or `stale-read`. */
  name: string;
  /** One line saying which rule the server breaks. */
  description: string;
  /**
   * What the suite must report violated when this fault is on: a catalogue constraint id, or a
   * `CHECKS` id from src/results/model.ts (a prefix: the suite may add `.<operationId>`).
   */
  detectedBy: string;
  /** The family file the fault comes from (`constraint`, `items`, `envelope`, `robustness`, `state`, `auth`, ...). */
  family: string;
  /**
   * Set when no request can tell the faulty server from a correct one (an equivalent mutant):
   * why. A mutation run should not count such a fault as missed.
   */
  equivalent?: string;
}

/** A fault definition: its facts, and how it turns the server's knobs. */
export interface Fault extends FaultInfo {
  apply(behaviour: Behaviour): void;
}

/** An unknown fault name; its message says how to list the known ones. */
export class UnknownFaultError extends Error {
  override name = 'UnknownFaultError';
}
