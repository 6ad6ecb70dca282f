/**
 * The dry run of a part of the run (`--grep`, `--grep-invert`, `--shard=I/N`) lists the part, not
 * the whole: the tests it counts are the ones Playwright's own --list of the same command line
 * selects, each shard's bodies are its own (the shards' bodies together are the whole run's, none
 * twice but the packed ones), and a shard's requests and part of the job cap are what its run
 * gets (the shard-by-need reporter's line under --list names the same part).
 */
import { test, expect } from '@playwright/test';
import { runCommand, type CliRun } from './helpers/cli.ts';

const CLI = 'src/cli/conformance.ts';
const PLAYWRIGHT = 'node_modules/@playwright/test/cli.js';
// A remote target (nothing is sent to it: a dry run sends nothing, --list runs nothing), so that the job cap is the remote default's.
const ENV = { DISPATCH_BASE_URL: 'http://127.0.0.1:9/core/api/v2/dispatch-service', DISPATCH_ACCESS_TOKEN: 'dry-run-selection-token', CONFORMANCE_SEED: '31' };

interface Dry {
  selected: number;
  total: number;
  requests: number;
  cap?: number;
  /** The body lines, as listed. */
  bodies: string[];
  /** The constraint ids the body lines name (not the packed ones, which name none). */
  ids: Set<string>;
  /** The last line. */
  text: string;
}

function dryOf(run: CliRun): Dry {
  expect(run.code, run.stderr).toBe(0);
  const last = /^dry run: about (\d+) requests and \d+ jobs(?: for the (\d+) of (\d+) tests selected \([^)]*\))?(?:; its part of DISPATCH_MAX_JOBS \d+: (\d+) jobs)?/m.exec(run.stdout);
  expect(last, run.stdout.slice(-1500)).not.toBeNull();
  const bodies = run.stdout.split('\n').filter((l) => /^(POST|PUT|GET|DELETE|PATCH) /.test(l));
  const ids = new Set(bodies.map((l) => l.split(/\s+/)[3]!).filter((id) => /^[a-zA-Z]+\./.test(id)));
  return { requests: Number(last![1]), selected: Number(last![2] ?? NaN), total: Number(last![3] ?? NaN), ...(last![4] ? { cap: Number(last![4]) } : {}), bodies, ids, text: last!.input.slice(last!.index).split('\n')[0]! };
}

/** Playwright's own --list of the same selection: its test titles, and the shard-by-need reporter's part of the job cap. */
async function listed(args: string[]): Promise<{ titles: string[]; cap?: number }> {
  const run = await runCommand(PLAYWRIGHT, ['test', '--project=conformance', '--list', ...args], { env: ENV });
  expect(run.code, run.stderr).toBe(0);
  const titles = run.stdout.split('\n').filter((l) => l.startsWith('  [conformance] › ')).map((l) => l.split(' › ').at(-1)!);
  const total = Number(/^Total: (\d+) tests?/m.exec(run.stdout)?.[1]);
  expect(titles).toHaveLength(total);
  const cap = /^Conformance: shard \d+\/\d+: \d+ of \d+ tests, (\d+) of DISPATCH_MAX_JOBS/m.exec(run.stdout)?.[1];
  return { titles, ...(cap ? { cap: Number(cap) } : {}) };
}

test('a dry run of --grep and --grep-invert lists the tests Playwright selects, and their bodies only', async () => {
  test.setTimeout(120_000);
  const args = ['--grep', 'createJob\\b', '--grep-invert', 'jobRef|objectives'];
  const [dry, list] = await Promise.all([runCommand(CLI, ['--dry-run', ...args], { env: ENV }).then(dryOf), listed(args)]);
  expect(dry.selected).toBe(list.titles.length);
  expect(dry.selected).toBeGreaterThan(5);
  expect(dry.total).toBeGreaterThan(dry.selected);
  expect(dry.ids.size).toBeGreaterThan(0);
  for (const id of dry.ids) expect(list.titles, id).toContain(id);
  // Only createJob's bodies, none of the inverted ones.
  for (const line of dry.bodies) expect(line).toMatch(/^POST \/jobs /);
  for (const id of dry.ids) expect(id).not.toMatch(/jobRef|objectives/i);
  // Packed bodies of other tests' values are said to be left out, not numbered silently away.
  const jobRef = await runCommand(CLI, ['--dry-run', '--grep', 'createJob\\.jobRef'], { env: ENV });
  const packed = jobRef.stdout.split('\n').filter((l) => / packed body \d+ of \d+ /.test(l));
  const of = Number(/ packed body \d+ of (\d+) /.exec(packed[0] ?? '')?.[1]);
  expect(packed.length).toBeGreaterThan(0);
  expect(packed.length).toBeLessThan(of);
  expect(jobRef.stdout).toContain(`(${of - packed.length} other packed bod`);
  // A pattern that is no regular expression: one line to fix, exit 2.
  const bad = await runCommand(CLI, ['--dry-run', '--grep', '(createJob'], { env: ENV });
  expect(bad.code).toBe(2);
  expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^dispatch-conformance: --grep "\(createJob" is no regular expression/)]);
});

test('a dry run of each of 3 shards lists its own part: its tests as Playwright shards them, its bodies, its requests and its part of the job cap', async () => {
  test.setTimeout(300_000);
  const whole = dryOf(await runCommand(CLI, ['--dry-run'], { env: ENV }));
  const shards: Dry[] = [];
  for (const i of [1, 2, 3]) {
    const [dry, list] = await Promise.all([runCommand(CLI, ['--dry-run', `--shard=${i}/3`], { env: ENV }).then(dryOf), listed([`--shard=${i}/3`])]);
    expect(dry.selected, `shard ${i}`).toBe(list.titles.length);
    for (const id of dry.ids) expect(list.titles, `shard ${i}: ${id}`).toContain(id);
    // The part of the job cap its run would get, as the shard-by-need reporter shares it out.
    expect(dry.cap, `shard ${i}`).toBe(list.cap);
    shards.push(dry);
  }
  expect(shards.reduce((a, s) => a + s.selected, 0)).toBe(shards[0]!.total);
  // The least time of each: at its share of the rate limit (the shards run at once against one limit).
  const rate = Number(/; at (\d+) requests\/s, at least \d+ s;/.exec(whole.text)?.[1]);
  expect(rate).toBeGreaterThan(0);
  for (const s of shards) {
    const [, share, least] = /; at its share of the rate limit, ([\d.]+) requests\/s, at least (\d+) s;/.exec(s.text) ?? [];
    expect(Number(share)).toBeCloseTo(rate / 3, 0);
    expect(Number(least)).toBe(Math.ceil(s.requests / (rate / 3)));
  }
  expect(shards.reduce((a, s) => a + (s.cap ?? 0), 0)).toBe(60);
  // Each constraint's bodies in one shard; together, the whole run's.
  const ids = shards.flatMap((s) => [...s.ids]);
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Set(ids)).toEqual(whole.ids);
  const cases = (d: Dry) => d.bodies.filter((l) => d.ids.has(l.split(/\s+/)[3]!));
  expect(shards.reduce((a, s) => a + cases(s).length, 0)).toBe(cases(whole).length);
  // Their requests add up to the whole run's (each shard also opens its own jobs to test on).
  const sum = shards.reduce((a, s) => a + s.requests, 0);
  expect(Math.abs(sum - whole.requests) / whole.requests, `${shards.map((s) => s.requests).join(' + ')} vs ${whole.requests}`).toBeLessThanOrEqual(0.1);
  expect(Math.max(...shards.map((s) => s.requests))).toBeLessThan(whole.requests);
});
