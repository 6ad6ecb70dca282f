/**
 * The spec lints clean under Redocly CLI's recommended rules (redocly.yaml turns none down): the
 * tools a QA team already uses take specs/dispatch.openapi.yaml and the schemas it references as
 * they are. The same lint, run on a copy with a problem put back, reports it: the first test can fail.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { defaultSpecFile, projectRoot } from '../../src/contract/index.ts';

interface Problem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location?: { pointer?: string; source?: { ref?: string } }[];
}

interface Lint {
  exitCode: number;
  problems: Problem[];
  stderr: string;
}

const REDOCLY = path.join(projectRoot, 'node_modules', '.bin', 'redocly');

/** `redocly lint` with the project's redocly.yaml, as `npx redocly lint <spec>` runs it. */
function lint(specFile: string): Promise<Lint> {
  const args = [REDOCLY, 'lint', '--format=json', '--config', path.join(projectRoot, 'redocly.yaml'), specFile];
  // Nothing leaves the machine: no telemetry (redocly.yaml says so too), no update check.
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: projectRoot, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      try {
        resolve({ exitCode, problems: (JSON.parse(stdout) as { problems: Problem[] }).problems, stderr });
      } catch {
        reject(new Error(`redocly printed no JSON report (exit ${exitCode}): ${stderr.trim()}`));
      }
    });
  });
}

const shown = (ps: Problem[]) => ps.map((p) => `${p.severity} ${p.ruleId} at ${p.location?.[0]?.source?.ref ?? ''}${p.location?.[0]?.pointer ?? ''}: ${p.message}`);

test('specs/dispatch.openapi.yaml has no error and no warning under Redocly CLI\'s recommended rules', async () => {
  const result = await lint(defaultSpecFile);
  expect(shown(result.problems)).toEqual([]);
  expect(result.exitCode).toBe(0);
});

test('the lint reports a problem put back: a boolean `then` and a tag without a description', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-lint-'));
  try {
    for (const d of ['specs', 'schemas']) fs.cpSync(path.join(projectRoot, d), path.join(dir, d), { recursive: true });
    const attribute = path.join(dir, 'schemas', 'attribute.schema.json');
    const schema = JSON.parse(fs.readFileSync(attribute, 'utf8')) as Record<string, unknown>;
    expect(schema.then).toEqual({ not: {} });
    schema.then = false;
    fs.writeFileSync(attribute, JSON.stringify(schema, null, 2));
    const spec = path.join(dir, 'specs', path.basename(defaultSpecFile));
    const text = fs.readFileSync(spec, 'utf8');
    const untagged = text.replace(/(\n  - name: jobs)\n    description: [^\n]*(\n      [^\n]*)*/, '$1');
    expect(untagged).not.toEqual(text);
    fs.writeFileSync(spec, untagged);

    const result = await lint(spec);
    expect(result.exitCode).not.toBe(0);
    expect(result.problems.map((p) => `${p.severity} ${p.ruleId} ${p.location?.[0]?.pointer}`).sort()).toEqual(['error struct #/then', 'warn tag-description #/tags/1/description']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
