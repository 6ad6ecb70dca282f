/**
 * Which of the run's steps a Playwright command line selects, as Playwright selects their tests,
 * for the dry run (which starts no Playwright): file filters (the arguments that are no option),
 * `--grep` and `--grep-invert` matched against each test's grep title (project, file path,
 * describe group and title joined by spaces, as Playwright's `_grepTitleWithTags` joins them), then
 * `--shard=I/N` split by count in Playwright's order as the shard-by-need reporter splits it
 * (shard-by-need.ts). tests/self/dry-run-selection.spec.ts holds the result to Playwright's own
 * `--list` of the same command line.
 */
import path from 'node:path';
import { projectRoot } from '../contract/index.ts';
import { playwrightOrder } from '../suite/run/run-suite.ts';
import { splitByCount, type Shard } from '../suite/run/shards.ts';
import type { Step } from '../suite/run/steps.ts';

export interface Selection {
  /** The steps the command line selects, in Playwright's order. */
  steps: Step[];
  /** What --grep, --grep-invert and the file filters left, before the shard took its part. */
  matched: Step[];
  /** How many steps the run has. */
  total: number;
  shard?: Shard;
  /** The selection as the user gave it, for the dry run's line: empty when everything is selected. */
  asked: string[];
}

/** Playwright's own options that take a value (the next argument when not given with =). */
export const PLAYWRIGHT_WITH_VALUE = new Set(['--grep', '-g', '--grep-invert', '--shard', '--reporter', '--retries', '--repeat-each', '--max-failures', '-x', '--timeout', '--global-timeout', '--output', '--trace', '--workers', '-j', '--project']);

/** A pattern of the command line that is no regular expression: the user's to fix. */
export class SelectionError extends Error {}

/** A pattern as Playwright takes it: /re/flags as written, anything else case-insensitive. */
function playwrightRegExp(option: string, pattern: string): RegExp {
  const m = /^\/(.*)\/([gi]*)$/.exec(pattern);
  try {
    return m ? new RegExp(m[1]!, m[2]) : new RegExp(pattern, 'gi');
  } catch (e) {
    throw new SelectionError(`${option} "${pattern}" is no regular expression (${(e as Error).message})`);
  }
}

const matches = (re: RegExp, value: string) => {
  re.lastIndex = 0;
  return re.test(value);
};

/** The spec file a step's test sits in, as Playwright names it (relative to the project's root). */
export const stepFile = (step: Step) => `tests/conformance/${step.file}.spec.ts`;

/** The string Playwright matches --grep against: '' (the root), the project, the file, the group, the title. */
export const grepTitle = (step: Step) => ['', 'conformance', stepFile(step), ...(step.group ? [step.group] : []), step.title].join(' ');

/**
 * The steps `passthrough` (the Playwright arguments of the command line) selects from `steps`.
 * A pattern that is no regular expression throws a SelectionError naming it.
 */
export function selectSteps(steps: readonly Step[], passthrough: readonly string[], shard: Shard | undefined): Selection {
  const grep: RegExp[] = [];
  const invert: RegExp[] = [];
  const files: RegExp[] = [];
  const asked: string[] = [];
  for (let i = 0; i < passthrough.length; i++) {
    const a = passthrough[i]!;
    const [name, inline] = a.startsWith('-') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? passthrough[++i] ?? '';
    if (name === '--grep' || name === '-g') grep.push(playwrightRegExp(name, value()));
    else if (name === '--grep-invert') invert.push(playwrightRegExp(name, value()));
    else if (!a.startsWith('-')) files.push(playwrightRegExp('the file filter', a));
    else {
      if (inline === undefined && PLAYWRIGHT_WITH_VALUE.has(name)) i++;
      continue;
    }
    asked.push(a.startsWith('-') && inline === undefined ? `${a} ${passthrough[i]}` : a);
  }
  const ordered = playwrightOrder(steps);
  const matched = ordered.filter((s) => {
    const title = grepTitle(s);
    if (files.length && !files.some((re) => matches(re, path.join(projectRoot, stepFile(s))))) return false;
    if (grep.length && !grep.some((re) => matches(re, title))) return false;
    return !invert.some((re) => matches(re, title));
  });
  const selected = shard && shard.total > 1 ? (splitByCount(matched, shard.total)[shard.current - 1] ?? []) : matched;
  if (shard) asked.push(`--shard=${shard.current}/${shard.total}`);
  return { steps: selected, matched, total: steps.length, ...(shard ? { shard } : {}), asked };
}
