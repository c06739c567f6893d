import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RUN_BROWSER_TESTS, useChromium } from '../support/chromium.js';
import { cli } from './helpers.js';

/** What a person runs on a fresh clone, per strategy, on the bundled example data. */
const RUNS: { strategy: string; args: string[] }[] = [
  { strategy: 'numerical', args: ['examples/data/penguins.csv', '--columns', 'bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g'] },
  { strategy: 'semantic', args: ['examples/data/wordnet_glosses_sample.csv', '--text-column', 'text', '--id-column', 'id'] },
];

describe.runIf(RUN_BROWSER_TESTS)('the output dashboard in headless Chromium', () => {
  const chrome = useChromium('hfs-e2e-');

  for (const run of RUNS) {
    it(`${run.strategy}: separate writes a dashboard that renders offline with every chart`, async () => {
      const out = join(chrome.dir(), run.strategy);
      const { code, stderr } = await cli(['separate', '--strategy', run.strategy, ...run.args, '--out', out, '--quiet']);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const page = await chrome.browser().newPage({ viewport: { width: 1400, height: 2000 } });
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
