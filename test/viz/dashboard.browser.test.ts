import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RUN_BROWSER_TESTS, useChromium } from '../support/chromium.js';
import { dashboard } from '../../src/viz/dashboard.js';
import { dashboardHtml } from '../../src/viz/export.js';
import { blobs } from './fixtures.js';

interface DashboardState {
  keywordBars: number;
  keywordClusters: string[];
  keywordTerms: string[];
  mapPoints: number;
  mapOpaque: number;
  mapOpaqueClusters: string[];
  sizeBarsOpaque: number;
  silhouetteOpaque: number;
  featureCellsOpaque: number;
  similarityCellsOpaque: number;
  nodesOpaque: number;
}

/** Reads the rendered SVG marks of each named dashboard view. */
function readState(page: Page): Promise<DashboardState> {
  return page.evaluate(() => {
    const marks = (cls: string): Element[] => Array.from(document.querySelectorAll(`g.${cls} > path`));
    const opacity = (e: Element): number => Number(e.getAttribute('opacity') ?? '1');
    const opaque = (els: Element[]): Element[] => els.filter((e) => opacity(e) >= 0.5);
    const cluster = (e: Element): string => /Cluster: ([^;]+)/.exec(e.getAttribute('aria-label') ?? '')?.[1] ?? '?';
    const term = (e: Element): string => /Term: ([^;]+)/.exec(e.getAttribute('aria-label') ?? '')?.[1] ?? '?';
    const keywords = marks('keywords_child_marks');
    const map = marks('boundaries_layer_1_marks');
    return {
      keywordBars: keywords.length,
      keywordClusters: [...new Set(keywords.map(cluster))].sort(),
      keywordTerms: keywords.map(term).sort(),
      mapPoints: map.length,
      mapOpaque: opaque(map).length,
      mapOpaqueClusters: [...new Set(opaque(map).map(cluster))].sort(),
      sizeBarsOpaque: opaque(marks('sizes_marks')).length,
      silhouetteOpaque: opaque(marks('silhouette_layer_0_marks')).length,
      featureCellsOpaque: opaque(marks('features_layer_0_marks')).length,
      similarityCellsOpaque: opaque(marks('similarity_layer_0_marks')).length,
      nodesOpaque: opaque(marks('network_layer_1_marks')).length,
    };
  });
}

describe.runIf(RUN_BROWSER_TESTS)('dashboard HTML in headless Chromium', () => {
  const chrome = useChromium('hfs-viz-');

  it('renders offline; a legend click filters the keywords and highlights the other charts', async () => {
    const input = blobs();
    const file = join(chrome.dir(), 'dashboard.html');
    writeFileSync(file, dashboardHtml(dashboard(input), { title: 'Browser test' }));

    const page = await chrome.browser().newPage({ viewport: { width: 1400, height: 1800 } });
    const problems: string[] = [];
    const external: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) external.push(r.url());
    });

    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('[data-rendered="true"]', { timeout: 20_000 });

    const counts = { 0: 30, 1: 30, 2: 30 };
    const before = await readState(page);
    expect(before.keywordBars).toBe(15); // 3 clusters × 5 terms
    expect(before.mapPoints).toBe(96); // 90 clustered + 6 outliers, all shown
    expect(before.mapOpaque).toBe(96);
    expect(before.sizeBarsOpaque).toBe(4); // 3 clusters + outliers
    expect(before.silhouetteOpaque).toBe(90);
    expect(before.featureCellsOpaque).toBe(9);
    expect(before.similarityCellsOpaque).toBe(9);
    expect(before.nodesOpaque).toBe(3);

    const keywordCount = async (): Promise<number> => (await readState(page)).keywordBars;

    // Click the legend entry of cluster 2.
    await page.locator('g.role-legend-label text', { hasText: '2: cell / protein' }).click();
    await expect.poll(keywordCount, { timeout: 5000 }).toBe(5);
    const picked = await readState(page);
    expect(picked.keywordClusters).toEqual(['2: cell / protein']);
    expect(picked.keywordTerms).toEqual(['cell', 'enzyme', 'gene', 'protein', 'tissue']);
    expect(picked.mapPoints).toBe(96); // highlighted, not removed
    expect(picked.mapOpaque).toBe(counts[2]);
    expect(picked.mapOpaqueClusters).toEqual(['2: cell / protein']);
    expect(picked.sizeBarsOpaque).toBe(1);
    expect(picked.silhouetteOpaque).toBe(counts[2]);
    expect(picked.featureCellsOpaque).toBe(3); // 3 features of one cluster
    expect(picked.similarityCellsOpaque).toBe(3); // one row of the 3 × 3 matrix
    expect(picked.nodesOpaque).toBe(1);

    // Shift-click a second legend entry: both clusters are selected.
    await page.locator('g.role-legend-label text', { hasText: '0: bank / loan' }).click({ modifiers: ['Shift'] });
    await expect.poll(keywordCount, { timeout: 5000 }).toBe(10);
    const two = await readState(page);
    expect(two.keywordClusters).toEqual(['0: bank / loan', '2: cell / protein']);
    expect(two.mapOpaque).toBe(counts[0] + counts[2]);
    expect(two.sizeBarsOpaque).toBe(2);

    // On a fresh page, a click on a size bar drives the same selection.
    await page.reload();
    await page.waitForSelector('[data-rendered="true"]', { timeout: 20_000 });
    await page.locator('g.sizes_marks > path').nth(1).click();
    await expect.poll(keywordCount, { timeout: 5000 }).toBe(5);
    const bar = await readState(page);
    expect(bar.keywordClusters).toEqual(['1: goal / match']);
    expect(bar.mapOpaqueClusters).toEqual(['1: goal / match']);
    expect(bar.mapOpaque).toBe(counts[1]);
    expect(bar.nodesOpaque).toBe(1);

    expect(problems).toEqual([]);
    expect(external).toEqual([]);
    await page.close();
  });
});
