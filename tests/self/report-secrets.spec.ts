/**
 * Secrets never reach a report: a run with a known token, client secret and registered secret (the
 * fixture puts them in headers, curl, URL, body, notes, stdout and error messages), then every file
 * under reports/ is searched for them.
 */
import fs from 'node:fs';
import { test, expect } from '@playwright/test';
import { maskDeep, maskText, registerSecret } from '../../src/results/mask.ts';
import { tokenEdit } from '../../src/client/curl.ts';
import { filesUnder, playwrightReportEntries, runFixture } from './fixtures/reporters/run-fixture.ts';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.known-token-for-the-test.c2lnbmF0dXJl';
const CLIENT_SECRET = 'client-secret-9f8e7d6c5b4a';
const EXTRA = 'registered-secret-0a1b2c3d';

test('no file under reports/ holds the token, the client secret or a registered secret', async () => {
  // FIXTURE_CRASH: one test ends in an error whose message holds the token.
  const run = await runFixture('secrets', { DISPATCH_ACCESS_TOKEN: TOKEN, DISPATCH_CLIENT_SECRET: CLIENT_SECRET, DISPATCH_CLIENT_ID: 'client-id-visible', FIXTURE_EXTRA_SECRET: EXTRA, FIXTURE_CRASH: '1' });
  expect(run.exitCode).not.toBe(0);
  const files = filesUnder(run.reports);
  // The four reports, and Playwright's html report with its copies of the attachments.
  expect(files.length).toBeGreaterThan(5);
  const texts = files.map((file) => ({ name: file, text: fs.readFileSync(file).toString('utf8') }));
  // Playwright's html report keeps test data (attachments, stdout, errors) in a zip inside index.html.
  const embedded = playwrightReportEntries(fs.readFileSync(`${run.reports}/html/index.html`, 'utf8'));
  expect(embedded.some((e) => e.text.includes('dispatch-conformance-results'))).toBe(true);
  const leaks: string[] = [];
  for (const { name, text } of [...texts, ...embedded]) {
    for (const secret of [TOKEN, CLIENT_SECRET, EXTRA, encodeURIComponent(TOKEN)]) if (text.includes(secret)) leaks.push(`${name}: ${secret}`);
  }
  expect(leaks).toEqual([]);
  // The embedded copy of the attachment is the masked one, and the test's stdout is masked too.
  const allEmbedded = embedded.map((e) => e.text).join('\n');
  expect(allEmbedded).toContain('sent with X-COREOS-ACCESS: *** and secret ***');
  const json = fs.readFileSync(`${run.reports}/conformance.json`, 'utf8');
  expect(json).toContain(`"X-COREOS-ACCESS": "***"`);
  expect(json).toContain(`X-COREOS-ACCESS: ***'`);
  expect(json).toContain('client secret in a note: ***');
  expect(json).toContain('registered secret in a note: ***');
  expect(json).toContain('?access_token=***');
  // The reporter's own lines and the failure messages it passes on are masked.
  expect(run.stdout).toContain('target unreachable (token ***)');
  expect(run.stdout).not.toContain(`(token ${TOKEN})`);
});

test('masking covers credential headers in every form they travel in', () => {
  registerSecret('only-registered-value');
  expect(maskText(`curl -H 'X-COREOS-ACCESS: abc.def' -H "Authorization: Bearer zz-top-1234" -H 'X-COREOS-ORIGIN-TOKEN: q1w2e3' -H 'X-COREOS-TID: t1'`)).toBe(
    `curl -H 'X-COREOS-ACCESS: ***' -H "Authorization: ***" -H 'X-COREOS-ORIGIN-TOKEN: ***' -H 'X-COREOS-TID: t1'`,
  );
  expect(maskText('{"accessToken":"a1","clientSecret":"s1","clientId":"c1"}')).toBe('{"accessToken":"***","clientSecret":"***","clientId":"c1"}');
  expect(maskText('https://qa:pa55word@staging.example.io/x and only-registered-value')).toBe('https://qa:***@staging.example.io/x and ***');
  expect(maskDeep({ requestHeaders: { 'x-coreos-access': 'v', Authorization: 'Bearer v' }, body: { nested: ['only-registered-value'] } })).toEqual({
    requestHeaders: { 'x-coreos-access': '***', Authorization: '***' },
    body: { nested: ['***'] },
  });
});

test("a curl's token made by one edit of the user's variable is shown as written, and a token beside an expansion is still masked", () => {
  const token = 'abcDEF123xyz';
  const appended = tokenEdit(token, `${token}0`, 'DISPATCH_ACCESS_TOKEN')!;
  const changed = tokenEdit(token, 'abcDEF124xyz', 'DISPATCH_ACCESS_TOKEN')!;
  const first = tokenEdit(token, 'bbcDEF123xyz', 'DISPATCH_ACCESS_TOKEN')!;
  expect([appended, changed, first]).toEqual(['${DISPATCH_ACCESS_TOKEN}0', '${DISPATCH_ACCESS_TOKEN:0:8}4${DISPATCH_ACCESS_TOKEN:9}', 'b${DISPATCH_ACCESS_TOKEN:1}']);
  // Two edits, a shorter token, or a character a shell would read: no expression.
  expect([tokenEdit(token, 'xbcDEF123xyx', 'V'), tokenEdit(token, 'abc', 'V'), tokenEdit(token, `${token}$`, 'V')]).toEqual([undefined, undefined, undefined]);
  for (const e of [appended, changed, first, '$DISPATCH_ACCESS_TOKEN']) {
    const curl = `curl -H "x-coreos-access: ${e}" -H 'x-coreos-tid: t'`;
    expect(maskText(curl, [token])).toBe(curl);
    // Inside JSON text too (an attachment masked as text), and inside HTML (the report, masked as text).
    expect(maskText(JSON.stringify({ curl }), [token])).toBe(JSON.stringify({ curl }));
    const html = curl.replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    expect(maskText(`<pre>${html}</pre>`, [token])).toBe(`<pre>${html}</pre>`);
  }
  // A literal longer than two characters beside an expansion is no edit: the header's value is masked.
  for (const text of ['x-coreos-access: ${A}secretsecret', 'x-coreos-access: secretsecret${A}', '"x-coreos-access: sec${A}"']) {
    expect(maskText(text, ['secretsecret']), text).not.toMatch(/secretsecret|sec\$/);
    expect(maskText(text, ['secretsecret']), text).toContain('***');
  }
});
