/**
 * A file other processes read while it is written: written whole to a file of its own (named by
 * this process), then renamed into place, so a reader finds the whole file or none. Its folder is
 * made when needed.
 */
import fs from 'node:fs';
import path from 'node:path';

export function writeWhole(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, data);
  fs.renameSync(partial, file);
}
