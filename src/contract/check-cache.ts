/**
 * Contracts checked before, across runs: the strict check of the spec and the schemas (ajv strict
 * compiles of every file, the spec's shape, every inlined schema) is a third of a second, and its
 * answer depends only on the files' contents and the code that checks them. A check that passed
 * leaves an entry named by the digest of both, holding the spec as parsed (JSON reads faster than
 * YAML); a later load of the same contents finds it and reads the files unchecked. A changed file,
 * or a changed checker (src/contract, ajv's version), is another digest, checked again: a broken
 * contract is never found here, since only a check that passed writes an entry.
 *
 * The entries live in node_modules/.cache/dispatch-conformance (where tools keep their caches, out
 * of the temp folder and of git); CONFORMANCE_CACHE_DIR moves them. A folder that cannot be read or
 * written only costs the check.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from './paths.ts';
import { writeWhole } from '../shared/write-whole.ts';

/** Where the entries are (CONFORMANCE_CACHE_DIR, else node_modules/.cache/dispatch-conformance). */
export function cacheDir(): string {
  return process.env.CONFORMANCE_CACHE_DIR || path.join(projectRoot, 'node_modules', '.cache', 'dispatch-conformance');
}

let checkerDigest: string | undefined;

/** The code that checks a contract: this folder's sources and ajv's version, read once per process. */
function checker(): string {
  if (checkerDigest !== undefined) return checkerDigest;
  const hash = createHash('sha256');
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const f of fs.readdirSync(here).filter((f) => f.endsWith('.ts')).sort()) hash.update(`${f}\0${fs.readFileSync(path.join(here, f), 'utf8')}\0`);
  try {
    hash.update(JSON.parse(fs.readFileSync(path.join(projectRoot, 'node_modules', 'ajv', 'package.json'), 'utf8')).version as string);
  } catch {
    hash.update('ajv ?');
  }
  return (checkerDigest = hash.digest('hex'));
}

/** A contract's entry: its digest, and the spec as parsed when it was checked before (undefined: not checked, or not readable). */
export interface CheckEntry {
  digest: string;
  spec?: unknown;
}

/** The entry of the contract these files hold now; undefined when a file cannot be read (the loader then says which). */
export function checkEntry(specFile: string, schemasDir: string): CheckEntry | undefined {
  let digest: string;
  try {
    const hash = createHash('sha256').update(checker()).update(fs.readFileSync(specFile));
    for (const f of fs.readdirSync(schemasDir).filter((f) => f.endsWith('.schema.json')).sort()) hash.update(`\0${f}\0`).update(fs.readFileSync(path.join(schemasDir, f)));
    digest = hash.digest('hex').slice(0, 40);
  } catch {
    return undefined;
  }
  try {
    const stored = JSON.parse(fs.readFileSync(entryFile(digest), 'utf8')) as { spec?: unknown };
    if (stored && typeof stored.spec === 'object' && stored.spec !== null) return { digest, spec: stored.spec };
  } catch {
    // None yet, or unreadable: the contract is checked.
  }
  return { digest };
}

/** Records a contract whose check this process made and passed: written whole, then renamed into place. */
export function rememberChecked(entry: CheckEntry, spec: unknown): void {
  try {
    writeWhole(entryFile(entry.digest), JSON.stringify({ spec }));
  } catch {
    // Not writable: the next load checks again.
  }
}

const entryFile = (digest: string) => path.join(cacheDir(), `contract-${digest}.json`);
