/** Configuration: .env read through dotenv, the environment winning, every bad value one clear line. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { loadConfig, RUN_DEFAULTS } from '../../src/config/config.ts';
import { INTERNAL_SETTINGS, SETTINGS } from '../../src/config/settings.ts';
import { projectRoot } from '../../src/contract/index.ts';

function envFile(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'env-'));
  const file = path.join(dir, '.env');
  fs.writeFileSync(file, text);
  return file;
}

const load = (text: string, env: NodeJS.ProcessEnv = {}) => loadConfig({ env, envFile: envFile(text) });
const errorOf = (text: string, env: NodeJS.ProcessEnv = {}) => {
  try {
    load(text, env);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the configuration was accepted');
};

test('no .env and no variables: the embedded server, with the documented defaults', () => {
  const c = loadConfig({ env: {}, envFile: '/nonexistent/.env' });
  expect(c.embedded).toBe(true);
  expect(c.baseUrl).toBeUndefined();
  expect(c.runs).toBe(RUN_DEFAULTS.embedded.runs);
  expect(c.violationRuns).toBe(RUN_DEFAULTS.embedded.violationRuns);
  expect(c.modelRuns).toBe(RUN_DEFAULTS.embedded.modelRuns);
  expect(c.modelCommands).toBe(RUN_DEFAULTS.embedded.modelCommands);
  expect(c.maxJobs).toBe(0);
  expect(c.consistencyMs).toBe(2000);
  expect(c.jobTypeIds).toEqual(['jobtype-conformance']);
  expect(Number.isInteger(c.seed)).toBe(true);
  expect(c.seedGiven).toBe(false);
});

test('the plans are the numbers README.md and .env.example give: remote, embedded, and the heavy run of --thorough', () => {
  // Literal on purpose: a change of plan must change the documentation with it.
  expect(RUN_DEFAULTS).toEqual({
    remote: { runs: 5, violationRuns: 0, modelRuns: 4, modelCommands: 5, maxJobs: 60 },
    embedded: { runs: 30, violationRuns: 2, modelRuns: 25, modelCommands: 8, maxJobs: 0 },
    heavy: { runs: 100, violationRuns: 5, modelRuns: 25, modelCommands: 8, maxJobs: 0 },
  });
});

test('values come from .env, and real environment variables win', () => {
  const c = load('DISPATCH_BASE_URL=https://t.example.invalid/core/api/v2/dispatch-service/\nDISPATCH_ACCESS_TOKEN=abc123\nCONFORMANCE_RUNS=7\nDISPATCH_JOB_TYPE_ID=a1b2, c3d4\n', { CONFORMANCE_RUNS: '9' });
  expect(c.embedded).toBe(false);
  expect(c.baseUrl).toBe('https://t.example.invalid/core/api/v2/dispatch-service');
  expect(c.runs).toBe(9);
  expect(c.jobTypeIds).toEqual(['a1b2', 'c3d4']);
});

const bad: [string, string, RegExp][] = [
  ['a line that is not KEY=VALUE', 'DISPATCH_RATE_LIMIT 50\n', /\.env line 1 is not KEY=VALUE/],
  ['a misspelt setting', 'DISPATCH_BASEURL=https://x.example.invalid\n', /DISPATCH_BASEURL in \.env is not a setting.*did you mean DISPATCH_BASE_URL\?/],
  ['a base URL that is not a URL', 'DISPATCH_BASE_URL=staging\nDISPATCH_ACCESS_TOKEN=t\n', /DISPATCH_BASE_URL in \.env is not a URL/],
  ['a ftp base URL', 'DISPATCH_BASE_URL=ftp://x.example.invalid\nDISPATCH_ACCESS_TOKEN=t\n', /must be an http or https URL/],
  ['a base URL without credentials', 'DISPATCH_BASE_URL=https://x.example.invalid\n', /no credentials for DISPATCH_BASE_URL: set DISPATCH_ACCESS_TOKEN/],
  ['a client id without a secret', 'DISPATCH_CLIENT_ID=qa\n', /DISPATCH_CLIENT_SECRET is not set/],
  ['client credentials without an auth URL', 'DISPATCH_BASE_URL=https://x.example.invalid\nDISPATCH_CLIENT_ID=qa\nDISPATCH_CLIENT_SECRET=s3cr3t\n', /DISPATCH_AUTH_URL is not set/],
  ['a rate limit that is not a number', 'DISPATCH_RATE_LIMIT=fast\n', /DISPATCH_RATE_LIMIT in \.env is "fast", not a whole number/],
  ['a negative budget', 'DISPATCH_MAX_REQUESTS=-5\n', /DISPATCH_MAX_REQUESTS in \.env is -5: set a whole number from 1/],
  ['user info that is not JSON', "DISPATCH_USER_INFO={id:'qa'}\n", /DISPATCH_USER_INFO in \.env is not a JSON object/],
  ['a boolean that is not one', 'DISPATCH_SEND_ORIGIN_TOKEN=maybe\n', /DISPATCH_SEND_ORIGIN_TOKEN in \.env is "maybe": set true or false/],
  ['an unclosed quote', 'DISPATCH_TENANT_ID="abc\n', /quoted value that is never closed/],
  ['a position that is none', 'CONFORMANCE_POSITION=second\n', /CONFORMANCE_POSITION in \.env is "second": set 0, 1 or last/],
  ['a required header the suite does not send', 'DISPATCH_REQUIRED_HEADERS=X-COREOS-TDI\n', /DISPATCH_REQUIRED_HEADERS in \.env names X-COREOS-TDI, which the suite does not send; did you mean X-COREOS-TID\?/],
  ['the origin token required but not sent', 'DISPATCH_REQUIRED_HEADERS=X-COREOS-ORIGIN-TOKEN\n', /sends only with DISPATCH_SEND_ORIGIN_TOKEN=true/],
];

for (const [name, text, expected] of bad) {
  test(`one clear line for ${name}`, () => {
    const message = errorOf(text);
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });
}

test('CONFORMANCE_POSITION (set by a replay command) narrows the cases to one array position', () => {
  expect(load('').position).toBeUndefined();
  expect(load('CONFORMANCE_POSITION=last\n').position).toBe('last');
  expect(load('', { CONFORMANCE_POSITION: '1' }).position).toBe('1');
});

test('DISPATCH_REQUIRED_HEADERS: unset means as the spec marks them; set, a list of headers the suite sends', () => {
  expect(load('').requiredHeaders).toBeUndefined();
  expect(load('DISPATCH_REQUIRED_HEADERS=x-coreos-tid, X-COREOS-ACCESS\n').requiredHeaders).toEqual(['X-COREOS-TID', 'X-COREOS-ACCESS']);
  expect(load('DISPATCH_REQUIRED_HEADERS=X-COREOS-ORIGIN-TOKEN\nDISPATCH_SEND_ORIGIN_TOKEN=true\n').requiredHeaders).toEqual(['X-COREOS-ORIGIN-TOKEN']);
});

test('a bad value from the environment says it came from the environment', () => {
  expect(errorOf('', { CONFORMANCE_SEED: '12abc' })).toMatch(/CONFORMANCE_SEED in the environment is "12abc"/);
});

test('.env.example documents every setting, and names only settings', () => {
  const example = fs.readFileSync(path.join(projectRoot, '.env.example'), 'utf8');
  const names = [...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
  const known = SETTINGS.map((s) => s.name);
  for (const n of names) expect(known, `${n} in .env.example`).toContain(n);
  for (const k of known) expect(names, `${k} missing from .env.example`).toContain(k);
  // .env.example itself is a valid configuration.
  expect(loadConfig({ env: {}, envFile: path.join(projectRoot, '.env.example') }).embedded).toBe(true);
});

test('a misspelt variable in the environment gets the same "did you mean" as a misspelt key in .env', () => {
  const fromEnv = errorOf('', { DISPATCH_BASE_URL: 'https://x.example.invalid', DISPATCH_ACESS_TOKEN: 't0ken' });
  expect(fromEnv).toBe('DISPATCH_ACESS_TOKEN in the environment is not a setting of dispatch-conformance; did you mean DISPATCH_ACCESS_TOKEN? (see .env.example)');
  expect(errorOf('DISPATCH_ACESS_TOKEN=t0ken\n')).toBe('DISPATCH_ACESS_TOKEN in .env is not a setting of dispatch-conformance; did you mean DISPATCH_ACCESS_TOKEN? (see .env.example)');
  expect(fromEnv).not.toContain('t0ken');
});

test('every setting of the registry, misspelt in the environment, is named by the suggestion', () => {
  for (const { name } of SETTINGS) {
    const suffix = name.indexOf('_') + 1;
    const cut = suffix + Math.floor((name.length - suffix) / 2);
    const dropped = name.slice(0, cut) + name.slice(cut + 1);
    const swapped = name.slice(0, cut) + name[cut + 1] + name[cut] + name.slice(cut + 2);
    for (const typo of [dropped, swapped, name + 'S']) {
      if (typo === name) continue;
      // Where two settings are as close (CONFORMANCE_RUES: RULES or RUNS), the suggestion names both.
      expect(errorOf('', { [typo]: '1' }), typo).toMatch(new RegExp(`^${typo} in the environment is not a setting of dispatch-conformance; did you mean (\\w+ or )*${name}( or \\w+)*\\?`));
    }
  }
});

test("the environment's other DISPATCH_ and CONFORMANCE_ variables are left alone: the command line's own, and other tools'", () => {
  const env: NodeJS.ProcessEnv = {
    // A CI job of a team that builds a Dispatch service carries variables of its own.
    DISPATCH_SERVICE_VERSION: '2.4.1',
    DISPATCH_DEPLOY_ENV: 'staging',
    CONFORMANCE_REPORT_URL: 'https://ci.example.invalid/reports',
    // Settings of the suite's own (registered in src/config/settings.ts), loaded below.
    CONFORMANCE_MODEL_RUNS: '17',
    CONFORMANCE_VIOLATION_RUNS: '3',
    // What the command line sets for its workers.
    ...Object.fromEntries(INTERNAL_SETTINGS.map((n) => [n, '1'])),
    CONFORMANCE_RUN_ID: 'dcabc',
  };
  expect(() => loadConfig({ env, envFile: '/nonexistent/.env' })).not.toThrow();
  expect(SETTINGS.map((x) => x.name)).toEqual(expect.arrayContaining(['CONFORMANCE_MODEL_RUNS', 'CONFORMANCE_VIOLATION_RUNS']));
  expect(loadConfig({ env, envFile: '/nonexistent/.env' })).toMatchObject({ modelRuns: 17, violationRuns: 3 });
  // In .env, which is the suite's alone, an unknown name is still refused.
  expect(errorOf('DISPATCH_SERVICE_VERSION=2.4.1\n')).toMatch(/^DISPATCH_SERVICE_VERSION in \.env is not a setting of dispatch-conformance/);
});
