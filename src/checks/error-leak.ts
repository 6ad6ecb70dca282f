/**
 * API8 (check:error-leak): an error answer carries no stack frame, source path, traceback or
 * exception name. Every error answer of the run is read, whatever sent it: a handler that lets an
 * exception through on one kind of request only (a write to an unknown job, a member of the wrong
 * type) is found where it happens. Text the request itself carried (a value echoed back in the
 * error's description) is never a leak. One row for the run: `check:error-leak`.
 */
import type { Reply } from '../client/index.ts';
import { RULES } from './rules.ts';
import { fail, pass, type Check } from './types.ts';

/** What an error answer must not carry: an exception name, a stack frame, a source path. */
const LEAKS: { what: string; pattern: RegExp }[] = [
  { what: 'a stack frame', pattern: /\bat\s+(?:[\w$.<>[\] ]+\s+\()?(?:\/|[A-Za-z]:\\|file:|node:)[^\s)]*:\d+(?::\d+)?\)?/ },
  { what: 'a source path', pattern: /(?:\/|\\)[\w.-]+(?:[/\\][\w.-]+)*\.(?:js|mjs|cjs|ts|py|java|kt|rb|go|php|cs|scala)(?::\d+)/ },
  { what: 'a Python traceback', pattern: /Traceback \(most recent call last\)/ },
  { what: "an exception's name", pattern: /\b(?:[A-Z][A-Za-z]*(?:Exception|Error)|java\.[\w.]+Exception)(?::\s|\n\s+at\s)/ },
];

/**
 * The leak an error answer's body carries, if any: the first match of a pattern that is not text
 * the request sent (`sent`, its body and URL as sent).
 */
export function errorLeak(text: string, sent = ''): string | undefined {
  for (const l of LEAKS) {
    const hit = new RegExp(l.pattern.source, 'g');
    for (const m of text.matchAll(hit)) if (!sent.includes(m[0])) return `${l.what}: ${m[0].slice(0, 120)}`;
  }
  return undefined;
}

/** What the request carried, as the target may echo it back. */
function sentText(reply: Reply): string {
  const body = reply.requestBody === undefined ? '' : typeof reply.requestBody === 'string' ? reply.requestBody : JSON.stringify(reply.requestBody);
  return `${reply.url}\n${body}`;
}

export const errorLeakCheck: Check = {
  name: 'error-leak',
  rule: RULES.errorLeak,
  recordsOn: 'run',
  applies: (_ctx, reply) => reply.status >= 400,
  run: (_ctx, reply) => {
    const leak = errorLeak(reply.text, sentText(reply));
    return leak ? fail(`answered ${reply.status} with ${leak}`) : pass;
  },
};
