/**
 * Strings as JSON Schema counts them: in Unicode code points, not UTF-16 units. Character sources
 * deliberately reach beyond ASCII (astral emoji, combining marks, right-to-left scripts), so a
 * target that counts UTF-16 units or mangles non-ASCII text shows up.
 */
import fc from 'fast-check';
import type { Shape } from './model.ts';

/** Length in code points (what minLength/maxLength count). */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Named families of code points, each listed one code point per entry. */
export const FLAVOURS = {
  /** ASCII letters: what the simplest patterns allow. */
  ascii: [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  /** Astral characters: one code point, two UTF-16 units each. */
  astral: ['😀', '🚚', '📦', '𝒜', '𠀀', '🧭'],
  /** Latin with diacritics, a combining mark, Hebrew and Arabic (right-to-left), CJK. */
  intl: ['É', 'm', 'i', 'l', 'e', '\u0301', 'ש', 'ל', 'و', 'م', '中', 'ß'],
} as const;
export type Flavour = keyof typeof FLAVOURS;

/** A string of exactly `n` code points of one flavour (deterministic), or undefined when `allowed` rejects a character. */
export function flavoured(flavour: Flavour, n: number, allowed?: (ch: string) => boolean): string | undefined {
  const chars = FLAVOURS[flavour];
  let out = '';
  for (let i = 0; i < n; i++) {
    const ch = chars[i % chars.length]!;
    if (allowed && !allowed(ch)) return undefined;
    out += ch;
  }
  return out;
}

const range = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((cp) => String.fromCodePoint(cp));

/**
 * One code point, mostly ASCII letters and digits, often beyond ASCII. No lone surrogates and no
 * control characters: both are legal JSON but say nothing about lengths and get mangled in transit.
 */
export const anyChar: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_'), weight: 6 },
  { arbitrary: range(0x20, 0x7e), weight: 1 },
  { arbitrary: range(0x1f300, 0x1f5ff), weight: 2 }, // emoji (astral)
  { arbitrary: range(0x0300, 0x036f), weight: 1 }, // combining marks
  { arbitrary: range(0x05d0, 0x05ea), weight: 1 }, // Hebrew (RTL)
  { arbitrary: range(0x0627, 0x064a), weight: 1 }, // Arabic (RTL)
  { arbitrary: range(0x00c0, 0x00ff).filter((c) => c !== '×' && c !== '÷'), weight: 1 }, // Latin-1 letters
  { arbitrary: range(0x4e00, 0x9fff), weight: 1 }, // CJK
);

/** The test a single code point must pass for a string node whose patterns are simple (undefined: any). */
export function allowedChar(shape: Shape): ((ch: string) => boolean) | undefined {
  const simple = shape.string.simple;
  return simple.length > 0 ? (ch: string) => simple.every((p) => p.char.test(ch)) : undefined;
}
