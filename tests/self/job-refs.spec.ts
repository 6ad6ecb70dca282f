/**
 * Every jobRef the suite writes is unique within a run: across lengths, workers, worker restarts,
 * and values it stamps (a generated value keeps its length and most of its characters).
 */
import { test, expect } from '@playwright/test';
import { codePoints } from '../../src/generate/index.ts';
import { JobRefs } from '../../src/suite/jobs/job-refs.ts';
import { RunDir } from '../../src/suite/run/run-dir.ts';
import fs from 'node:fs';

const RUN = 'dcabcde123';

// Assertions are gathered and made once: each expect is a step of the test, with its stack trace.
test('tagged refs never pad into one another (the old `…-z` / `…-zx` collision)', () => {
  const refs = new JobRefs(RUN, 4);
  // 36 + 36*36 refs: the counter goes from one base-36 digit to three.
  const made = Array.from({ length: 1400 }, () => refs.next(24)!);
  expect(made.filter((r) => codePoints(r) !== 24)).toEqual([]);
  expect(new Set(made).size).toBe(made.length);
});

test('refs of every length from 2 to 64 are unique across 64 worker indices sharing a run folder, and exactly that long', () => {
  const dir = new RunDir(`job-refs-${process.pid}`);
  try {
    const made: { worker: number; length: number; ref: string | undefined }[] = [];
    // Worker indices 0..63 of one run (Playwright gives a restarted worker a new index: 8 and 16
    // are as likely as 1), each its own JobRefs, claiming short refs through the run's folder.
    for (let worker = 0; worker < 64; worker++) {
      const refs = new JobRefs(RUN, worker, (name) => dir.claim(name));
      for (let length = 2; length <= 64; length++) made.push({ worker, length, ref: refs.next(length) });
    }
    expect(made.filter((m) => m.ref === undefined || codePoints(m.ref) !== m.length)).toEqual([]);
    const refs = made.map((m) => m.ref);
    expect(refs.filter((r, i) => refs.indexOf(r) !== i)).toEqual([]);
  } finally {
    dir.remove();
  }
  expect(fs.existsSync(dir.path)).toBe(false);
});

test('a length with no unique ref left says so instead of repeating one', () => {
  const refs = new JobRefs(RUN, 0);
  const got: string[] = [];
  for (let i = 0; i < 100; i++) {
    const r = refs.next(1);
    if (r === undefined) break;
    got.push(r);
  }
  // One character has 62 values: each is handed out once, then none.
  expect(got.length).toBe(62);
  expect(new Set(got).size).toBe(got.length);
  expect(refs.next(1)).toBeUndefined();
});

test('a stamped value keeps its length in code points and its head, and is unique', () => {
  const refs = new JobRefs(RUN, 1);
  const astral = '😀'.repeat(64);
  const a = refs.stamp(astral)!;
  const b = refs.stamp(astral)!;
  expect(codePoints(a)).toBe(64);
  expect(a).not.toBe(b);
  expect(a.startsWith('😀'.repeat(40))).toBe(true);
  // A value too short for the run's tag is replaced by a short unique ref of the same length.
  const short = refs.stamp('é')!;
  expect(codePoints(short)).toBe(1);
  expect(refs.stamp('')).toBeUndefined();
});

test('different runs tag their refs apart', () => {
  expect(new JobRefs('dcaaaaa111', 0).next(24)).not.toBe(new JobRefs('dcbbbbb222', 0).next(24));
});
