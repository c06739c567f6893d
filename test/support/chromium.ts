import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

/** Debian's Chromium (or CHROMIUM_PATH), driven by playwright-core. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Browser tests run where Chromium is installed, and always on CI (where a missing browser must fail loudly). */
export const RUN_BROWSER_TESTS = existsSync(CHROMIUM) || Boolean(process.env.CI);

/**
 * Launches headless Chromium before the tests of the calling `describe` block and closes it after,
 * with a scratch folder (removed afterwards) named after `prefix`.
 */
export function useChromium(prefix: string): { browser: () => Browser; dir: () => string } {
  let browser: Browser | undefined;
  let dir = '';
  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install Debian's chromium package (or set CHROMIUM_PATH)`).toBe(true);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return { browser: () => browser!, dir: () => dir };
}
