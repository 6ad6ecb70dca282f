/**
 * The gate's settings of a run as its reporters read them from the environment the command line
 * set: strict mode (CONFORMANCE_STRICT), the team's rule severities (CONFORMANCE_RULES) and the
 * baseline (CONFORMANCE_BASELINE, or a reporter's option). One reading for the conformance reporter,
 * which reports a setting that does not load as an error of the run, and the console's marks.
 */
import path from 'node:path';
import { loadBaseline, type Baseline } from '../results/baseline.ts';
import type { RunError } from '../results/model.ts';
import { ruleOverridesOfEnv, RuleSyntaxError, type RuleOverride } from '../results/severity.ts';
import { isYes } from '../shared/text.ts';

export interface RunGate {
  strict: boolean;
  rules: RuleOverride[];
  baseline?: Baseline;
  /** What did not load (a baseline that cannot be read, a rule that cannot be parsed): errors of the run. */
  errors: RunError[];
}

export function runGateOfEnv(env: NodeJS.ProcessEnv = process.env, baselineFile: string | undefined = env.CONFORMANCE_BASELINE): RunGate {
  const gate: RunGate = { strict: isYes(env.CONFORMANCE_STRICT), rules: [], errors: [] };
  if (baselineFile) {
    try {
      gate.baseline = loadBaseline(path.resolve(baselineFile));
    } catch (e) {
      gate.errors.push({ kind: 'baseline', message: (e as Error).message });
    }
  }
  // The command line checked them before the run; run directly, a bad one is the run's error.
  try {
    gate.rules = ruleOverridesOfEnv(env);
  } catch (e) {
    if (!(e instanceof RuleSyntaxError)) throw e;
    gate.errors.push({ kind: 'run', message: e.message });
  }
  return gate;
}
