/**
 * One decider (issue 27): a row's verdict is written only by the gate (src/results/gate.ts) and
 * the recorder (src/suite/record/recorder.ts, which opens every row untested); a run's headline
 * only by the gate's runOutcome; a mutation score only by src/results/fault-outcome.ts. Everything
 * else reads them: counts them, orders them, compares them for display. Found with TypeScript's
 * type checker: a verdict or headline literal in a position that makes a value (an assignment, an
 * initializer, a member of an object, a branch of a condition, a return), or a `score` member made.
 */
import path from 'node:path';
import { test, expect } from '@playwright/test';
import ts from 'typescript';
import { projectRoot } from '../../src/contract/index.ts';
import { programOf, srcFiles } from './helpers/program.ts';

const DECIDES = { verdict: ['src/results/gate.ts', 'src/suite/record/recorder.ts'], headline: ['src/results/gate.ts'], score: ['src/results/fault-outcome.ts'] };

/** Whether a literal stands where it makes a value, rather than being compared, counted or listed. */
function makesValue(n: ts.Node): boolean {
  let e: ts.Node = n;
  // Through parentheses and the branches of a condition: `x ? 'violated' : 'deviation'` makes either.
  while (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isSatisfiesExpression(e.parent) || (ts.isConditionalExpression(e.parent) && e.parent.condition !== e)) e = e.parent;
  const p = e.parent;
  if (ts.isBinaryExpression(p)) return p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === e;
  return (ts.isPropertyAssignment(p) && p.initializer === e) || (ts.isVariableDeclaration(p) && p.initializer === e) || ts.isReturnStatement(p) || (ts.isArrowFunction(p) && p.body === e);
}

function decisions(program: ts.Program, files: (rel: string) => boolean): string[] {
  const checker = program.getTypeChecker();
  const out: string[] = [];
  for (const sf of program.getSourceFiles()) {
    const rel = path.relative(projectRoot, sf.fileName);
    if (!files(rel)) continue;
    const at = (n: ts.Node) => `${rel}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const visit = (n: ts.Node): void => {
      if (ts.isStringLiteral(n) && makesValue(n)) {
        const type = checker.getContextualType(n);
        const kind = type?.aliasSymbol?.name === 'Verdict' || (type && checker.typeToString(type).includes('"violated"')) ? 'verdict' : type && checker.typeToString(type).includes('"PASS"') ? 'headline' : undefined;
        if (kind && !DECIDES[kind].includes(rel)) out.push(`${at(n)}: ${kind} '${n.text}'`);
      }
      if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && n.name.text === 'score' && !DECIDES.score.includes(rel)) out.push(`${at(n)}: score`);
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

test('no verdict, run headline or mutation score is made outside the gate, the recorder and the scoring module', () => {
  test.setTimeout(120_000);
  const src = srcFiles();
  expect(src.length).toBeGreaterThan(100);
  expect(decisions(programOf(src), (rel) => rel.startsWith('src/'))).toEqual([]);
});

test('the search finds what it must: a verdict set, returned or chosen, a headline made, a score computed; not a count, a comparison or a list', () => {
  const file = path.join(projectRoot, 'src', '__probe__.ts');
  const probe = `
    import type { ResultRecord, RunOutcome, Verdict } from './results/model.ts';
    export function f(row: ResultRecord, broken: boolean, count: (v: Verdict) => number): unknown {
      row.verdict = 'violated';
      const v: Verdict = broken ? 'deviation' : 'conforms';
      const h: RunOutcome['headline'] = broken ? 'FAIL' : 'PASS';
      const r = { verdict: 'untested' as Verdict, score: 1 };
      const read = row.verdict === 'violated' || count('violated') > 0 || (['violated', 'deviation'] as Verdict[]).includes(row.verdict);
      return [v, h, r, read];
    }
    export const g = (broken: boolean): Verdict => (broken ? 'violated' : 'conforms');`;
  const found = decisions(programOf([file], { [file]: probe }), (rel) => rel === 'src/__probe__.ts').map((x) => x.replace(/^src\/__probe__\.ts:\d+: /, ''));
  expect(found).toEqual(["verdict 'violated'", "verdict 'deviation'", "verdict 'conforms'", "headline 'FAIL'", "headline 'PASS'", "verdict 'untested'", 'score', "verdict 'violated'", "verdict 'conforms'"]);
});
