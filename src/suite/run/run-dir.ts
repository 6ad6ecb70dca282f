/**
 * What the processes of one run share on this machine: a folder in the temp folder, named by the
 * run (and shard), holding the job budget's ledger and the claims on short jobRefs. Lines of the
 * ledger are appended whole (O_APPEND), claims are exclusive creates, and a shared result is
 * written to a file of its own, then renamed into place: no process reads a half-written file. Whoever opens
 * a run owns its folder and removes it when the run ends (the command line for its workers, the
 * Playwright global teardown when the suite is run directly, an in-process suite on close), so a
 * run leaves nothing behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeWhole } from '../../shared/write-whole.ts';

/** The prefix of every run folder, for a test that the temp folder is left clean. */
export const RUN_DIR_PREFIX = 'dispatch-conformance-run-';

export class RunDir {
  readonly path: string;

  constructor(key: string) {
    this.path = path.join(os.tmpdir(), RUN_DIR_PREFIX + key.replace(/[^a-zA-Z0-9_-]/g, '_'));
  }

  /** The path of a file in the folder (which may not exist yet). */
  pathOf(name: string): string {
    return path.join(this.path, name);
  }

  /** The path of a file in the folder, the folder made if needed. */
  file(name: string): string {
    fs.mkdirSync(this.path, { recursive: true });
    return this.pathOf(name);
  }

  /**
   * Claims a name for this run, once across all its processes: true for the first caller only
   * (an exclusive create, atomic on a local file system).
   */
  claim(name: string): boolean {
    try {
      fs.closeSync(fs.openSync(this.file(`claim-${name}`), 'wx'));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
  }

  /**
   * What one process of the run does once for all (a packed body sent): the first caller across
   * the run's processes runs `make` and writes its result here; the others, this process's later
   * callers included, get that result (a process waits up to `waitMs` for another's, then takes
   * `fallback()`). The result is JSON.
   */
  shared<T>(name: string, make: () => Promise<T>, waitMs: number, fallback: () => T): Promise<T> {
    let result = this.results.get(name) as Promise<T> | undefined;
    if (!result) {
      const file = this.pathOf(`shared-${name}.json`);
      result = this.claim(name)
        ? make().then((value) => {
            // Written, then renamed into place: a reader never sees half of it.
            writeWhole(file, JSON.stringify(value));
            return value;
          })
        : readWhenWritten<T>(file, waitMs, fallback);
      this.results.set(name, result);
    }
    return result;
  }

  private readonly results = new Map<string, Promise<unknown>>();

  /** Removes the folder and everything in it. */
  remove(): void {
    fs.rmSync(this.path, { recursive: true, force: true });
  }
}

/** Polls for a file another process writes; `fallback()` when it does not come within `waitMs`. */
async function readWhenWritten<T>(file: string, waitMs: number, fallback: () => T): Promise<T> {
  for (let waited = 0; waited <= waitMs; waited += 50) {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return fallback();
}
