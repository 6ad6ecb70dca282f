/**
 * Every jobRef the suite writes is unique within a run: across lengths, workers, worker restarts,
 * and values it stamps (a generated value keeps its length and most of its characters).
 */
import { test, expect } from '@playwright/test';
import { codePoints } from '../../src/generate/index.ts';
import { JobRefs } from '../../src/suite/job-refs.ts';

const RUN = 'dcabcde123';

// Assertions are gathered and made once: each expect is a step of the test, with its stack trace.
test('tagged refs never pad into one another (the old `…-z` / `…-zx` collision)', () => {
  const refs = new JobRefs(RUN, 4);
  // 36 + 36*36 refs: the counter goes from one base-36 digit to three.
  const made = Array.from({ length: 1400 }, () => refs.next(24)!);
  expect(made.filter((r) => codePoints(r) !== 24)).toEqual([]);
  expect(new Set(made).size).toBe(made.length);
});

test('refs of every length from 1 to 64 are unique across workers and restarts, and exactly that long', () => {
  const made: { worker: number; length: number; ref: string | undefined }[] = [];
  // Workers 0..5 of one run; 4 and 5 stand for restarted workers (Playwright gives them new indices).
  for (const worker of [0, 1, 2, 3, 4, 5]) {
    const refs = new JobRefs(RUN, worker);
    for (let length = 1; length <= 64; length++) for (let k = 0; k < 3; k++) made.push({ worker, length, ref: refs.next(length) });
  }
  expect(made.filter((m) => m.ref === undefined || codePoints(m.ref) !== m.length)).toEqual([]);
  const refs = made.map((m) => m.ref);
  expect(refs.filter((r, i) => refs.indexOf(r) !== i)).toEqual([]);
});

test('a length with no unique ref left says so instead of repeating one', () => {
  const refs = new JobRefs(RUN, 0);
  const got: string[] = [];
  for (let i = 0; i < 100; i++) {
    const r = refs.next(1);
    if (r === undefined) break;
    got.push(r);
  }
  expect(got.length).toBeGreaterThan(0);
  expect(got.length).toBeLessThan(62);
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
