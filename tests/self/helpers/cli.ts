/** Runs one of the project's command lines as a user would, from any folder, and captures it. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../../src/contract/index.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

const TSX = path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
  /**
   * Run as `node --import tsx <script>`, one process, as package.json's conformance script does
   * (for measuring it); by default tsx's own command line runs it, as the other scripts do.
   */
  importTsx?: boolean;
  /** Sends SIGINT (as Ctrl-C does) once the output so far satisfies this: an interruption at a point of the run, not of the clock. */
  interruptWhen?: (stdout: string) => boolean;
}

export function runCommand(script: string, args: string[], options: RunOptions = {}): Promise<CliRun> {
  const started = performance.now();
  // A clean environment: none of this machine's DISPATCH_/CONFORMANCE_ settings leak in, nor the
  // folder `npm test` was started in (INIT_CWD): the command runs from `cwd`, as typed there.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DISPATCH_') && !k.startsWith('CONFORMANCE_') && k !== 'INIT_CWD'));
  const runner = options.importTsx ? ['--import', 'tsx'] : [TSX];
  const child = spawn(process.execPath, [...runner, path.join(projectRoot, script), ...args], {
    cwd: options.cwd ?? projectRoot,
    env: { ...base, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let interrupted = false;
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (!interrupted && options.interruptWhen?.(stdout)) {
      interrupted = true;
      child.kill('SIGINT');
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, ms: performance.now() - started });
    }),
  );
}
