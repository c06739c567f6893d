import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const tmp = mkdtempSync(join(tmpdir(), 'hfs-e2e-'));

/** What a person runs on a fresh clone, per strategy, on the bundled example data. */
const RUNS: { strategy: string; args: string[] }[] = [
  { strategy: 'numerical', args: ['examples/data/penguins.csv', '--columns', 'bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g'] },
  { strategy: 'semantic', args: ['examples/data/wordnet_glosses_sample.csv', '--text-column', 'text', '--id-column', 'id'] },
];

describe.runIf(existsSync(CHROMIUM) || Boolean(process.env.CI))('the output dashboard in headless Chromium', () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install Debian's chromium package`).toBe(true);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const run of RUNS) {
    it(`${run.strategy}: separate writes a dashboard that renders offline with every chart`, async () => {
      const out = join(tmp, run.strategy);
      const { code, stderr } = await cli(['separate', '--strategy', run.strategy, ...run.args, '--out', out, '--quiet']);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const page = await browser!.newPage({ viewport: { width: 1400, height: 2000 } });
      const problems: string[] = [];
      const external: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('request', (r) => {
        if (!/^(file|data|blob):/.test(r.url())) external.push(r.url());
      });
      await page.goto(pathToFileURL(join(out, 'dashboard.html')).href);
      await page.waitForSelector('[data-rendered="true"]', { timeout: 30_000 });
      const views = await page.evaluate(() =>
        Array.from(document.querySelectorAll('g.mark-symbol, g.mark-rect, g.mark-line, g.mark-text'))
          .map((g) => g.getAttribute('class'))
          .filter(Boolean).length,
      );
      const points = await page.evaluate(() => document.querySelectorAll('g.mark-symbol path').length);
      expect(views).toBeGreaterThan(3);
      expect(points).toBeGreaterThan(100);
      expect(problems).toEqual([]);
      expect(external).toEqual([]);
      await page.close();
    }, 120_000);
  }
});
