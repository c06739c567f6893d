import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { RUN_BROWSER_TESTS, useChromium } from '../support/chromium.js';
import { dbscan } from '../../src/clustering/dbscan.js';
import { hdbscan } from '../../src/clustering/hdbscan.js';
import { blobs } from './density-helpers.js';

interface Outcome {
  wasm: boolean;
  labels: number[];
  core: number[];
  weights: number[];
  dbscan: number[];
}

// The density clusterers bundled for the browser and run in headless Chromium: the WebAssembly
// kernels load there too, and a page gets the same numbers as Node, bit for bit, with and without
// them.
describe.runIf(RUN_BROWSER_TESTS)('density clustering in headless Chromium', () => {
  const chrome = useChromium('hfs-density-browser-');

  it('gives Node’s HDBSCAN and DBSCAN results in the browser, with and without WebAssembly', async () => {
    const dir = chrome.dir();
    const entry = join(dir, 'entry.ts');
    const src = resolve('src');
    writeFileSync(
      entry,
      [
        `export { hdbscan } from ${JSON.stringify(join(src, 'clustering/hdbscan.ts'))};`,
        `export { dbscan } from ${JSON.stringify(join(src, 'clustering/dbscan.ts'))};`,
        `export { useWasmKernels } from ${JSON.stringify(join(src, 'linalg/wasm.ts'))};`,
        `export { compiledKernels } from ${JSON.stringify(join(src, 'linalg/wasm.ts'))};`,
        `export { TREE_KERNELS_WASM_BASE64 } from ${JSON.stringify(join(src, 'neighbors/tree-kernels-wasm.ts'))};`,
      ].join('\n'),
    );
    const bundle = join(dir, 'density.js');
    await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'iife', globalName: 'hfs', outfile: bundle, logLevel: 'silent' });
    const page = await chrome.browser().newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body></body></html>');
    await page.goto(pathToFileURL(join(dir, 'index.html')).href);
    await page.addScriptTag({ path: bundle });

    // Three 6-d blobs (KD-tree path, euclidean) and 40-d blobs (brute-force path).
    const low = blobs([[0, 0, 0, 0, 0, 0], [4, 4, 0, 0, 0, 0], [0, 5, 5, 1, 0, 2]], 300, 0.7, 3);
    const wide = blobs([Array.from({ length: 40 }, () => 0), Array.from({ length: 40 }, (_, j) => (j % 4 === 0 ? 2 : 0))], 150, 0.6, 4);
    for (const x of [low, wide]) {
      const expected = await hdbscan(x, { minClusterSize: 15 });
      const expectedDb = await dbscan(x, { eps: x.cols > 16 ? 4.5 : 0.9, minPts: 8 });
      for (const wasm of [true, false]) {
        const got = await page.evaluate(
          async ({ data, rows, cols, wasm }) => {
            const lib = (globalThis as unknown as { hfs: Record<string, (...args: unknown[]) => unknown> }).hfs;
            lib.useWasmKernels!(wasm);
            const m = { data: Float64Array.from(data), rows, cols };
            const res = (await lib.hdbscan!(m, { minClusterSize: 15 })) as {
              labels: Int32Array;
              coreDistances: Float64Array;
              minimumSpanningTree: { weight: Float64Array };
            };
            const db = (await lib.dbscan!(m, { eps: cols > 16 ? 4.5 : 0.9, minPts: 8 })) as { labels: Int32Array };
            return {
              wasm: wasm && lib.compiledKernels!(lib.TREE_KERNELS_WASM_BASE64 as unknown as string) !== null,
              labels: Array.from(res.labels),
              core: Array.from(res.coreDistances),
              weights: Array.from(res.minimumSpanningTree.weight),
              dbscan: Array.from(db.labels),
            } satisfies Outcome;
          },
          { data: Array.from(x.data), rows: x.rows, cols: x.cols, wasm },
        );
        expect(got.wasm).toBe(wasm);
        expect(got.labels).toEqual(Array.from(expected.labels));
        expect(got.core).toEqual(Array.from(expected.coreDistances));
        expect(got.weights).toEqual(Array.from(expected.minimumSpanningTree.weight));
        expect(got.dbscan).toEqual(Array.from(expectedDb.labels));
      }
      expect(new Set(expected.labels).size).toBeGreaterThan(1);
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
