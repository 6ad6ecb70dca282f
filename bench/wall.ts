/**
 * The wall time and CPU of the default `npm run conformance` (the embedded server), each round
 * against a bare Node start (`node --import tsx -e 0`) in the same round, and where the time goes:
 * the phases are read off the console, each line stamped as it arrives. The CPU is the run's
 * processes' together (the command, Playwright's runner and workers), as the shell's `times`
 * counts its children.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/contract/index.ts';

export interface WallRound {
  wall: number;
  cpu: number;
  bare: number;
  requests: number;
  verdict: string;
  /** Seconds in each phase, in order. */
  phases: Record<Phase, number>;
}

export const PHASES = ['preflight', 'playwright start', 'tests', 'reports'] as const;
export type Phase = (typeof PHASES)[number];
/** What each phase covers, for the printout. */
const PHASE_TEXT: Record<Phase, string> = {
  preflight: 'the command: settings, contract, embedded server, preflight, plan',
  'playwright start': "Playwright's runner: config, listing, workers started, up to the first test's line",
  tests: "the tests, from the first test's line to the last",
  reports: 'the reporters: reports written, the last line',
};

/** A command run through sh, with each stdout line stamped (seconds since the start) and the children's CPU seconds. */
function timed(command: string, env: NodeJS.ProcessEnv): Promise<{ wall: number; cpu: number; lines: { at: number; text: string }[]; code: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    // `times` prints the shell's CPU, then its children's: user and system.
    const child = spawn('/bin/sh', ['-c', `${command} >&3 2>/dev/null; echo "exit $?"; times`], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'ignore', 'pipe'] });
    const lines: { at: number; text: string }[] = [];
    let buffer = '';
    child.stdio[3]!.on('data', (d: Buffer) => {
      buffer += d.toString();
      let i: number;
      while ((i = buffer.indexOf('\n')) >= 0) {
        lines.push({ at: (performance.now() - started) / 1000, text: buffer.slice(0, i) });
        buffer = buffer.slice(i + 1);
      }
    });
    let tail = '';
    child.stdout!.on('data', (d: Buffer) => (tail += d.toString()));
    child.on('close', () => {
      const wall = (performance.now() - started) / 1000;
      const seconds = (t: string) => {
        const m = /^(\d+)m([\d.]+)s$/.exec(t);
        return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
      };
      const out = tail.trim().split('\n');
      const children = (out.at(-1) ?? '').trim().split(/\s+/);
      resolve({ wall, cpu: seconds(children[0] ?? '') + seconds(children[1] ?? ''), lines, code: Number(/^exit (\d+)/.exec(out[0] ?? '')?.[1] ?? -1) });
    });
  });
}

/** One round: a bare Node start, then the default run at `seed`. */
export async function wallRound(seed: number): Promise<WallRound> {
  const bare = await timed(`"${process.execPath}" --import tsx -e 0`, process.env);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-reports-'));
  const env = { ...process.env, CONFORMANCE_REPORT_DIR: dir, CONFORMANCE_SEED: String(seed), CONFORMANCE_HISTORY: 'off' };
  const run = await timed(`"${process.execPath}" --import tsx src/cli/conformance.ts`, env);
  const at = (match: (text: string) => boolean, from = 0) => run.lines.slice(from).find((l) => match(l.text))?.at;
  const testLine = (t: string) => /^\s+[✓✗△○✘]\s+\d+ /.test(t);
  const plan = at((t) => t.startsWith('Target ')) ?? 0;
  const first = at(testLine) ?? plan;
  const last = [...run.lines].reverse().find((l) => testLine(l.text))?.at ?? first;
  let requests = 0;
  try {
    requests = (JSON.parse(fs.readFileSync(path.join(dir, 'conformance.json'), 'utf8')) as { summary: { requests: number } }).summary.requests;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return {
    wall: run.wall,
    cpu: run.cpu,
    bare: bare.wall,
    requests,
    verdict: /^Conformance ended: (\w+)/.exec(run.lines.at(-1)?.text ?? '')?.[1] ?? `exit ${run.code}`,
    phases: { preflight: plan, 'playwright start': first - plan, tests: last - first, reports: run.wall - last },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (n: number) => `${n.toFixed(2)} s`;

/** The printout of `rounds` rounds: medians, each round, the phases' shares. */
export async function measureWall(rounds: number, seed: number): Promise<string> {
  const all: WallRound[] = [];
  for (let r = 0; r < rounds; r++) all.push(await wallRound(seed + r));
  const wall = median(all.map((r) => r.wall));
  const cpu = median(all.map((r) => r.cpu));
  const bare = median(all.map((r) => r.bare));
  const out = [
    `2. The default npm run conformance (embedded server), median of ${rounds}: ${s(wall)} wall (${(wall / bare).toFixed(1)}x a bare node --import tsx start of ${s(bare)}), ${s(cpu)} CPU (${(cpu / bare).toFixed(1)}x), ${median(all.map((r) => r.requests))} requests, ${all.map((r) => r.verdict).join(', ')}`,
    `   rounds (wall): ${all.map((r) => r.wall.toFixed(2)).join(', ')}; CPU: ${all.map((r) => r.cpu.toFixed(2)).join(', ')}`,
  ];
  for (const p of PHASES) {
    const t = median(all.map((r) => r.phases[p]));
    out.push(`   ${p.padEnd(17)} ${s(t).padStart(8)}  ${((100 * t) / wall).toFixed(0).padStart(3)}%  ${PHASE_TEXT[p]}`);
  }
  return out.join('\n');
}
