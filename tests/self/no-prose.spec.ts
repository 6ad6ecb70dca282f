/**
 * Reasons are data with a code, never a sentence another module matches (issue 27): no code in
 * src/ reads the text of a Reason or the message of an Error to decide something (matching it,
 * comparing it, testing a pattern on it). Copying either into a sentence for people is fine.
 * The one exception: Node's own transport errors, whose message is all a TLS failure says
 * (src/client/transport.ts, src/client/errors.ts). Found with TypeScript's type checker, so that
 * `reply.text` (a body) is not taken for `reason.text`.
 */
import path from 'node:path';
import { test, expect } from '@playwright/test';
import ts from 'typescript';
import { projectRoot } from '../../src/contract/index.ts';
import { programOf, srcFiles } from './helpers/program.ts';

/** Files allowed to read an Error's message: Node's transport errors say nothing else. */
const ALLOWED = ['src/client/transport.ts', 'src/client/errors.ts'];

/** Methods that read a string to decide on it (`split` and `slice` only cut it for display). */
const READING = new Set(['includes', 'startsWith', 'endsWith', 'match', 'matchAll', 'replace', 'replaceAll', 'search', 'indexOf', 'lastIndexOf', 'localeCompare']);

/** Whether a type is a Reason (code and text) or an Error (or a class derived from one). */
function proseHolder(checker: ts.TypeChecker, type: ts.Type): 'Reason' | 'Error' | undefined {
  for (const t of type.isUnion() ? type.types : [type]) {
    if (t.getProperty('code') && t.getProperty('text') && checker.typeToString(t).includes('Reason')) return 'Reason';
    // Error and every class derived from it: a name, a message and a stack.
    if (t.getProperty('message') && t.getProperty('name') && t.getProperty('stack')) return 'Error';
  }
  return undefined;
}

/** The places in `program`'s files (relative to the project) where a Reason's text or an Error's message is read to decide. */
function proseReads(program: ts.Program, files: (f: string) => boolean): string[] {
  const checker = program.getTypeChecker();
  const out: string[] = [];
  for (const sf of program.getSourceFiles()) {
    const rel = path.relative(projectRoot, sf.fileName);
    if (!files(rel)) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node) && (node.name.text === 'text' || node.name.text === 'message')) {
        const holder = proseHolder(checker, checker.getTypeAtLocation(node.expression));
        const wanted = (holder === 'Reason' && node.name.text === 'text') || (holder === 'Error' && node.name.text === 'message');
        if (wanted && readsToDecide(node)) {
          const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
          out.push(`${rel}:${line + 1}: ${node.getText(sf)} (${holder})`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/** Whether the expression's value is matched, compared or tested, rather than copied. */
function readsToDecide(node: ts.Expression): boolean {
  let e: ts.Node = node;
  // Through a `?.`, parentheses or `?? ''`: still the same text.
  while (ts.isParenthesizedExpression(e.parent) || (ts.isBinaryExpression(e.parent) && e.parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) e = e.parent;
  const parent = e.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === e && READING.has(parent.name.text)) return true;
  if (ts.isBinaryExpression(parent) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken].includes(parent.operatorToken.kind)) return true;
  if (ts.isCallExpression(parent) && parent.arguments.includes(e as ts.Expression) && ts.isPropertyAccessExpression(parent.expression) && ['test', 'exec'].includes(parent.expression.name.text)) return true;
  if (ts.isSwitchStatement(parent) || ts.isCaseClause(parent)) return true;
  return false;
}

test('no code in src/ reads the text of a Reason or the message of an Error to decide anything', () => {
  test.setTimeout(120_000);
  const src = srcFiles();
  expect(src.length).toBeGreaterThan(100);
  const found = proseReads(programOf(src), (rel) => rel.startsWith('src/') && !ALLOWED.includes(rel));
  expect(found).toEqual([]);
});

test('the search finds what it must: a reason matched, an error message tested, compared or switched on; not a body nor a copy', () => {
  const file = path.join(projectRoot, 'src', '__probe__.ts');
  const probe = `
    import type { Reason } from './results/model.ts';
    import { UserError } from './shared/user-error.ts';
    export function f(r: Reason, e: Error, u: UserError, reply: { text: string }): unknown {
      const a = r.text.includes('budget');
      const b = /refused/.test(e.message);
      const c = u.message === 'x';
      const d = r.text?.startsWith('not judged');
      switch (e.message) { default: }
      const copied = \`why: \${r.text}; \${e.message.split('\\n')[0]}\`;
      const body = reply.text.includes('<html');
      return [a, b, c, d, copied, body];
    }`;
  const found = proseReads(programOf([file], { [file]: probe }), (rel) => rel === 'src/__probe__.ts').map((x) => x.replace(/^src\/__probe__\.ts:\d+: /, ''));
  expect(found).toEqual(['r.text (Reason)', 'e.message (Error)', 'u.message (Error)', 'r.text (Reason)', 'e.message (Error)']);
});
