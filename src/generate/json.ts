/** Small helpers on JSON values: their type, deep copies, pointers and the human path. */
import { escapeToken, pointerTokens } from '../contract/index.ts';
import type { JsonType } from './model.ts';

/** The JSON type of a value, as JSON Schema names it ('integer' for whole numbers). */
export function jsonTypeOf(v: unknown): JsonType | 'undefined' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(v) ? 'integer' : 'number';
    case 'object':
      return 'object';
    default:
      return 'undefined';
  }
}

/** Whether a value is of a JSON Schema type (an integer is also a number). */
export function hasType(v: unknown, type: string): boolean {
  const t = jsonTypeOf(v);
  return t === type || (type === 'number' && t === 'integer');
}

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A copy of `doc` with the value at `pointer` replaced ('' replaces the whole document). */
export function withValueAt(doc: unknown, pointer: string, value: unknown): unknown {
  const tokens = pointerTokens(pointer);
  if (tokens.length === 0) return value;
  const out = clone(doc);
  let node = out as Record<string, unknown>;
  for (const t of tokens.slice(0, -1)) node = node[t] as Record<string, unknown>;
  node[tokens[tokens.length - 1]!] = value;
  return out;
}

/** Appends a member name or an index to a pointer. */
export function childPointer(pointer: string, token: string | number): string {
  return `${pointer}/${escapeToken(token)}`;
}

/** Whether pointer `p` names the same value as `q` or one inside it. */
export function pointerInside(p: string, q: string): boolean {
  return p === q || p.startsWith(q + '/');
}

/** Whether two pointers name the same value or one contains the other. */
export function pointersOverlap(p: string, q: string): boolean {
  return pointerInside(p, q) || pointerInside(q, p);
}

/** The human path of a pointer: `/objectives/0/objectiveRef` → `objectives[0].objectiveRef` ('' → `body`). */
export function humanPath(pointer: string): string {
  let out = '';
  for (const t of pointerTokens(pointer)) out += /^\d+$/.test(t) ? `[${t}]` : out ? `.${t}` : t;
  return out || 'body';
}

/** The last member name or index of a pointer, for descriptions (`objectiveRef`, `attributes[0]`, `body`). */
export function labelOf(pointer: string): string {
  const tokens = pointerTokens(pointer);
  if (tokens.length === 0) return 'body';
  const last = tokens[tokens.length - 1]!;
  if (/^\d+$/.test(last)) return `${tokens[tokens.length - 2] ?? ''}[${last}]`;
  return last;
}

/** A short JSON rendering of a value for descriptions. */
export function show(v: unknown, max = 40): string {
  const s = v === undefined ? 'absent' : JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The nearest double above (or below) x. */
export function nextDouble(x: number, up: boolean): number {
  if (x === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigInt64(0);
  buf.setBigInt64(0, (x > 0) === up ? bits + 1n : bits - 1n);
  return buf.getFloat64(0);
}
