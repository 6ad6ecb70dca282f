/**
 * helpers/browser.ts, the one way the tests get a Chromium: it falls through the sources in order,
 * passes over one that is missing or does not start, launches the Chromium that npm ci brings,
 * and, with none at all, fails with one line that names the fix.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { BROWSER_FIX, installedVersion, launchBrowser, npmBrowser, playwrightBrowser, systemBrowser } from './helpers/browser.ts';

const sparticuzVersion = installedVersion('@sparticuz/chromium')!;

/** A folder with a `chromium` that is executable but is no browser. */
function brokenChromiumDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broken-chromium-'));
  fs.writeFileSync(path.join(dir, 'chromium'), '#!/bin/sh\necho "not a browser" >&2\nexit 3\n', { mode: 0o755 });
  return dir;
}

/** Playwright's browsers folder as it is before `npx playwright install chromium`. */
const noPlaywrightBrowser = () => playwrightBrowser(path.join(os.tmpdir(), 'no-ms-playwright', 'chromium-1255', 'chrome-linux64', 'chrome'));

test('with no Chromium anywhere, one line names the fix and what each source said', async () => {
  const error = await launchBrowser([noPlaywrightBrowser(), systemBrowser([], []), npmBrowser('@sparticuz/no-such-chromium')]).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error).toBeInstanceOf(Error);
  const message = error!.message;
  expect(message).not.toContain('\n');
  expect(message).toContain(BROWSER_FIX);
  expect(message).toContain('npm ci');
  expect(message).toContain("Playwright's own browser: not installed");
  expect(message).toContain('a system Chromium: none of chromium, chromium-browser, google-chrome');
  expect(message).toContain("npm's @sparticuz/no-such-chromium: not installed");
});

test('a system chromium that does not start is passed over with its reason, and the npm one launches', async () => {
  const dir = brokenChromiumDir();
  const alone = await launchBrowser([systemBrowser([dir], [])]).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(alone?.message).toContain(`a system Chromium did not launch: ${path.join(dir, 'chromium')}`);
  expect(alone?.message).not.toContain('\n');

  const browser = await launchBrowser([noPlaywrightBrowser(), systemBrowser([dir], []), npmBrowser()]);
  try {
    expect(browser.version().split('.')[0]).toBe(sparticuzVersion.split('.')[0]);
    const page = await browser.newPage();
    await page.setContent('<p id="t">שלום 🚚</p>');
    await expect(page.locator('#t')).toHaveText('שלום 🚚');
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("npm's Chromium is unpacked once per version, whole, even when two workers ask at once", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-cache-'));
  try {
    const browsers = await Promise.all([launchBrowser([npmBrowser(undefined, root)]), launchBrowser([npmBrowser(undefined, root)])]);
    await Promise.all(browsers.map((b) => b.close()));
    // One complete folder under the version; no staging folder left behind.
    expect(fs.readdirSync(root)).toEqual([`dispatch-conformance-_sparticuz_chromium-${sparticuzVersion}`]);
    const home = path.join(root, fs.readdirSync(root)[0]!);
    expect(fs.readdirSync(home)).toEqual(expect.arrayContaining(['chromium', 'libGLESv2.so']));
    // A second ask reuses it.
    const again = await launchBrowser([npmBrowser(undefined, root)]);
    await again.close();
    expect(fs.readdirSync(root)).toHaveLength(1);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
