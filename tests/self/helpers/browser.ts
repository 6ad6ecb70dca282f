/**
 * The one way the project's tests get a Chromium, with nothing installed outside npm. In order:
 *
 * 1. Playwright's own browser, when `npx playwright install chromium` has put one on this machine;
 * 2. a system Chromium or Chrome (`chromium`, `chromium-browser`, `google-chrome`, … on PATH or at
 *    its usual place);
 * 3. the headless Chromium that the devDependency `@sparticuz/chromium` carries inside its npm
 *    package, so `npm ci` alone brings it: decompressed once per version into the temp folder.
 *
 * A candidate that is not there is passed over; one that is there but does not launch is passed
 * over too, and its reason is kept. When none launches, `launchBrowser()` throws one line that
 * names the fix; a browser test fails on it, it never skips.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { chromium, type Browser, type LaunchOptions } from '@playwright/test';

/** Flags for a test browser: no sandbox (CI runs as root), and nothing phoning home. */
export const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** One place a Chromium may come from. */
export interface BrowserSource {
  /** Said in the error when nothing launches, e.g. "Playwright's own browser". */
  name: string;
  /**
   * Launches this source's browser with `options`, or says why it is not there. Throws when the
   * browser is there but does not start.
   */
  launch(options: LaunchOptions): Promise<Browser | { absent: string }>;
}

/** What the error names as the fix: the devDependency that carries a Chromium. */
export const BROWSER_FIX = 'run `npm ci` (it installs @sparticuz/chromium, a devDependency that carries a headless Chromium), or `npx playwright install chromium`';

/**
 * Launches the first Chromium of `sources` that starts. Throws one line naming the fix, with what
 * each source said, when none does.
 */
export async function launchBrowser(sources: BrowserSource[] = defaultBrowserSources()): Promise<Browser> {
  const said: string[] = [];
  for (const source of sources) {
    try {
      const got = await source.launch({ headless: true, args: BROWSER_ARGS });
      if (!('absent' in got)) return got;
      said.push(`${source.name}: ${got.absent}`);
    } catch (e) {
      said.push(`${source.name} did not launch: ${firstLine(e)}`);
    }
  }
  throw new Error(`No Chromium for the browser tests: ${BROWSER_FIX} (${said.join('; ')})`);
}

/** Playwright's own, then the system's, then the npm package's. */
export function defaultBrowserSources(): BrowserSource[] {
  return [playwrightBrowser(), systemBrowser(), npmBrowser()];
}

/**
 * Playwright's own browser, when `npx playwright install chromium` has put it in Playwright's
 * browsers folder (`chromium.executablePath()`; headless, Playwright runs the
 * chromium_headless_shell build installed beside it). Whether it is there is looked up first: a
 * launch of a browser that is not there leaves an empty profile folder in the temp folder.
 */
export function playwrightBrowser(executablePath: string = chromium.executablePath()): BrowserSource {
  return {
    name: "Playwright's own browser",
    async launch(options) {
      // <browsers>/chromium-<revision>/<platform folders>/chrome, and beside it
      // <browsers>/chromium_headless_shell-<revision>/...
      let dir = executablePath;
      while (dir !== path.dirname(dir) && !/^chromium-\d+$/.test(path.basename(dir))) dir = path.dirname(dir);
      const revision = /^chromium-(\d+)$/.exec(path.basename(dir))?.[1];
      const shell = revision !== undefined && fs.existsSync(path.join(path.dirname(dir), `chromium_headless_shell-${revision}`));
      const full = isExecutable(executablePath);
      if (!full && !shell) return { absent: 'not installed' };
      try {
        return await chromium.launch(options);
      } catch (e) {
        // Only the full browser is there (no headless shell): drive that one.
        if (full && /executable doesn't exist/i.test(firstLine(e))) return launchAt(executablePath, options);
        throw e;
      }
    },
  };
}

/** Names a Chromium or Chrome goes by on Linux and macOS, looked up on PATH. */
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
/** Where they live when PATH does not say. */
const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** The first system Chromium found: on PATH (`dirs`) by name, then at the usual places. */
export function systemBrowser(dirs: string[] = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean), places: string[] = SYSTEM_PATHS): BrowserSource {
  return {
    name: 'a system Chromium',
    async launch(options) {
      const candidates = [...SYSTEM_NAMES.flatMap((n) => dirs.map((d) => path.join(d, n))), ...places];
      const found = candidates.find(isExecutable);
      if (!found) return { absent: `none of ${SYSTEM_NAMES.join(', ')} found` };
      return launchAt(found, options);
    },
  };
}

async function launchAt(executablePath: string, options: LaunchOptions): Promise<Browser> {
  try {
    return await chromium.launch({ ...options, executablePath });
  } catch (e) {
    throw new Error(`${executablePath}: ${firstLine(e)}`);
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The headless Chromium inside the npm package `pkg` (@sparticuz/chromium). The package
 * decompresses its brotli files into `os.tmpdir()` and reuses whatever `chromium` it finds there,
 * so it runs in a child whose temp folder is a fresh staging folder, which is then renamed into
 * place under the package's version: a half-written binary or another version's is never picked
 * up, and two workers unpacking at once both end with the same complete folder (the first rename
 * wins). About 200 MB unpacked, 1.5 s the first time.
 */
export function npmBrowser(pkg = '@sparticuz/chromium', cacheRoot = os.tmpdir()): BrowserSource {
  return {
    name: `npm's ${pkg}`,
    async launch(options) {
      const version = installedVersion(pkg);
      if (!version) return { absent: 'not installed' };
      const home = path.join(cacheRoot, `dispatch-conformance-${pkg.replace(/[^a-z0-9.-]+/gi, '_')}-${version}`);
      const executable = path.join(home, 'chromium');
      if (!isExecutable(executable)) await extract(pkg, home, cacheRoot);
      return launchAt(executable, options);
    },
  };
}

/**
 * The version of an installed package, or undefined. Its `exports` hide its package.json from
 * require.resolve, so the manifest is found above its entry point.
 */
export function installedVersion(pkg: string): string | undefined {
  let dir: string;
  try {
    dir = path.dirname(createRequire(import.meta.url).resolve(pkg));
  } catch {
    return undefined;
  }
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const { name, version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    if (name === pkg && version) return version;
  }
  return undefined;
}

async function extract(pkg: string, home: string, cacheRoot: string): Promise<void> {
  const staging = fs.mkdtempSync(path.join(cacheRoot, 'dispatch-conformance-chromium-staging-'));
  try {
    // In a child whose TMPDIR is the staging folder: this process's own temp folder stays as it is.
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        ['-e', 'require(process.argv[1]).executablePath().then(() => {}, (e) => { console.error(String(e && e.message || e)); process.exit(1); })', createRequire(import.meta.url).resolve(pkg)],
        { env: { ...process.env, TMPDIR: staging }, timeout: 120_000 },
        (error, _stdout, stderr) => (error ? reject(new Error(`unpacking ${pkg} failed: ${stderr.trim() || error.message}`)) : resolve()),
      );
    });
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  try {
    fs.renameSync(staging, home);
  } catch (e) {
    // Another worker got there first: its folder is complete, so this one goes.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!isExecutable(path.join(home, 'chromium'))) throw e;
  }
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!.trim();
}
