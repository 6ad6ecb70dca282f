/**
 * Rule severity set by a team (CONFORMANCE_RULES), as Spectral's overrides are: each rule, or
 * every rule under a prefix, can be `off` (its rows are not judged), `advisory` (what breaks it is
 * a deviation: listed, never failing the run) or `failing` (what breaks it is a violation, even a
 * rule this project only assumed). The gate applies them (gate.ts); every report lists them with
 * the rows they matched.
 *
 * A key names a row id (`check:round-trip`, `createJob.jobRef.maxLength`) or a prefix of row ids
 * up to a dot or an array's items (`check:malformed-body` is every `check:malformed-body.<operation>`,
 * `createJob` every constraint of createJob, `updateJobById.assets` the member's rows and those of
 * its items, `updateJobById.assets[].type`). Where keys overlap, the longest wins.
 */
import { UserError } from '../shared/user-error.ts';

export const SEVERITIES = ['off', 'advisory', 'failing'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface RuleOverride {
  key: string;
  severity: Severity;
}

/** One override as a report lists it: the rows of this run it decided. */
export interface RuleOverrideReport extends RuleOverride {
  rows: string[];
}

/** Why a CONFORMANCE_RULES value cannot be read: what to write instead (one line, a user's error). */
export class RuleSyntaxError extends UserError {
  override name = 'RuleSyntaxError';
}

/** Reads `key=severity,key=severity`; throws RuleSyntaxError on an entry that is not one. */
export function parseRuleOverrides(text: string | undefined): RuleOverride[] {
  if (text === undefined || text.trim() === '') return [];
  const seen = new Map<string, RuleOverride>();
  for (const entry of text.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const m = /^([^=\s]+)\s*=\s*(\S+)$/.exec(entry);
    if (!m) throw new RuleSyntaxError(`"${entry}" is not KEY=SEVERITY: write e.g. check:malformed-body=advisory,check:round-trip=off`);
    const [, key, severity] = m as unknown as [string, string, string];
    if (!(SEVERITIES as readonly string[]).includes(severity)) throw new RuleSyntaxError(`"${entry}": the severity is one of ${SEVERITIES.join(', ')}`);
    if (seen.has(key)) throw new RuleSyntaxError(`"${key}" is given twice: keep one`);
    seen.set(key, { key, severity: severity as Severity });
  }
  return [...seen.values()];
}

/** The overrides as CONFORMANCE_RULES writes them: what parseRuleOverrides reads back. */
export function formatRuleOverrides(rules: readonly RuleOverride[]): string {
  return rules.map((r) => `${r.key}=${r.severity}`).join(',');
}

/** The overrides a process was handed in its environment (the command line passes them on); RuleSyntaxError names the setting. */
export function ruleOverridesOfEnv(env: NodeJS.ProcessEnv = process.env): RuleOverride[] {
  try {
    return parseRuleOverrides(env.CONFORMANCE_RULES);
  } catch (e) {
    throw e instanceof RuleSyntaxError ? new RuleSyntaxError(`CONFORMANCE_RULES ${e.message}`) : e;
  }
}

/** Whether `key` names the row `rowId`: the row itself, or a prefix of its id up to a dot or an array's `[]`. */
export function keyMatches(key: string, rowId: string): boolean {
  return rowId === key || rowId.startsWith(`${key}.`) || rowId.startsWith(`${key}[]`);
}

/** The override that decides a row: of those whose key names it, the longest. */
export function overrideOf(rowId: string, rules: readonly RuleOverride[] | undefined): RuleOverride | undefined {
  let best: RuleOverride | undefined;
  for (const r of rules ?? []) if (keyMatches(r.key, rowId) && (!best || r.key.length > best.key.length)) best = r;
  return best;
}

/** Each override with the rows of `rowIds` it decided (a row a longer key took is that key's). */
export function overridesReport(rules: readonly RuleOverride[], rowIds: readonly string[]): RuleOverrideReport[] {
  return rules.map((r) => ({ ...r, rows: rowIds.filter((id) => overrideOf(id, rules) === r).sort() }));
}

/**
 * The keys that name no row of `known` (row ids, or the rule ids a check's rows start with): a
 * misspelt key would silently change nothing.
 */
export function unknownKeys(rules: readonly RuleOverride[], known: readonly string[]): string[] {
  return rules.filter((r) => !known.some((id) => keyMatches(r.key, id) || keyMatches(id, r.key))).map((r) => r.key);
}

/** One line for a report: `check:malformed-body=advisory (9 rows), check:round-trip=off (1 row)`. */
export function describeOverrides(overrides: readonly RuleOverrideReport[]): string {
  return overrides.map((o) => `${o.key}=${o.severity} (${o.rows.length} ${o.rows.length === 1 ? 'row' : 'rows'})`).join(', ');
}
