/** The shape of a fault: a named, documented change to the reference server's behaviour. */
import type { Behaviour } from '../behaviour.ts';

/** What `listFaults()` shows. */
export interface FaultInfo {
  /** The name given to `--fault`, e.g. `createJob.jobTypeId.maxLength:off-by-one` or `stale-read`. */
  name: string;
  /** One line saying which rule the server breaks. */
  description: string;
  /**
   * What the suite must report violated when this fault is on (a deviation, for an assumed rule):
   * a catalogue constraint id (or a prefix of the ids of an array's items, `createJob.objectives[]`),
   * or a `CHECKS` id from src/results/model.ts, or a row of it (`check:auth` names
   * `check:auth.getJob`; `check:unknown-reference.jobTypeId` names
   * `check:unknown-reference.jobTypeId.createJob`), which a row may also carry as a finding in its
   * evidence (`check:status-precision` on a constraint's row).
   */
  detectedBy: string;
  /** The family file the fault comes from (`constraint`, `items`, `envelope`, `robustness`, `state`, `auth`, ...). */
  family: string;
  /**
   * Set when no request can tell the faulty server from a correct one (an equivalent mutant):
   * why. A mutation run should not count such a fault as missed.
   */
  equivalent?: string;
  /**
   * Set when a run on this server may rightly leave the fault unrevealed, and only then: the code
   * the fault's rows then give (`unsendable`: the case that would reveal it cannot be made here;
   * `other-reading`: it changes answers only where the pages contradict each other). Any other
   * fault the suite does not reveal is missed, whatever its rows say.
   */
  excusable?: 'unsendable' | 'other-reading';
}

/** A fault definition: its facts, and how it turns the server's knobs. */
export interface Fault extends FaultInfo {
  apply(behaviour: Behaviour): void;
}

/** An unknown fault name; its message says how to list the known ones. */
export class UnknownFaultError extends Error {
  override name = 'UnknownFaultError';
}
