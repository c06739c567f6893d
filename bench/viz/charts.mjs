#!/usr/bin/env node
/**
 * Visualisation benchmark: how long building, serialising and rendering the charts takes as the data
 * grows, and what the stratified down-sampling buys, in one run.
 *
 *   node bench/viz/charts.mjs [--sizes 10000,120000,1000000] [--max-points 5000] [--seed 1]
 *                             [--csv data.csv]   (columns x,y,label; label -1 = outlier)
 *
 * For each size: build clusterScatter and the dashboard (with sampling to --max-points), the JSON
 * size of the dashboard spec, Vega headless SVG rendering of the scatter and the dashboard, and the
 * exported HTML size. The comparison row "no sampling" renders every point (maxPoints = n), the
 * behaviour of a plain Vega-Lite scatter, up to 120,000 rows. Our library is bundled from src/viz
 * with esbuild on the fly; data are seeded Gaussian blobs (or your CSV).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};

// Inside node_modules so the bundle's external imports (zod, vega...) resolve.
mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
const tmp = mkdtempSync(join(root, 'node_modules', '.cache', 'hfs-viz-bench-'));
const bundle = join(tmp, 'viz.mjs');
const entry = join(tmp, 'entry.ts');
await import('node:fs').then((fs) =>
  fs.writeFileSync(
    entry,
    `export * from ${JSON.stringify(join(root, 'src/viz/index.ts'))};\nexport * from ${JSON.stringify(join(root, 'src/viz/node.ts'))};\nexport { matrix, createRng } from ${JSON.stringify(join(root, 'src/core/index.ts'))};\n`,
  ),
);
execFileSync(join(root, 'node_modules/.bin/esbuild'), [entry, '--bundle', '--platform=node', '--format=esm', '--packages=external', `--outfile=${bundle}`], {
  cwd: root,
  stdio: 'inherit',
});
const lib = await import(pathToFileURL(bundle).href);

function blobs(n, seed) {
  const rng = lib.createRng(seed);
  const k = 8;
  const xy = new Float64Array(n * 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const outlier = rng.next() < 0.02;
    const c = outlier ? -1 : rng.int(k);
    labels[i] = c;
    const cx = c >= 0 ? 10 * Math.cos((2 * Math.PI * c) / k) : 0;
    const cy = c >= 0 ? 10 * Math.sin((2 * Math.PI * c) / k) : 0;
    const s = c >= 0 ? 1.5 : 12;
    xy[2 * i] = cx + s * rng.normal();
    xy[2 * i + 1] = cy + s * rng.normal();
  }
  return { coords: lib.matrix(xy, n, 2), labels };
}

function fromCsv(path) {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const head = lines[0].split(',');
  const [ix, iy, il] = ['x', 'y', 'label'].map((c) => head.indexOf(c));
  const n = lines.length - 1;
  const xy = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const f = lines[r + 1].split(',');
    xy[2 * r] = Number(f[ix]);
    xy[2 * r + 1] = Number(f[iy]);
    labels[r] = Number(f[il]);
  }
  return { coords: lib.matrix(xy, n, 2), labels };
}

function describeInput(base) {
  const ids = [...new Set(base.labels)].filter((l) => l >= 0).sort((a, b) => a - b);
  return {
    ...base,
    probabilities: Float64Array.from(base.labels, (l) => (l >= 0 ? 0.9 : 0)),
    texts: Array.from(base.labels, (l, i) => `row ${i} of cluster ${l} with some words to show in a tooltip`),
    clusters: ids.map((c) => ({ cluster: c, label: `topic ${c}`, keywords: ['alpha', 'beta', 'gamma', 'delta', 'eps'].map((t, r) => ({ term: `${t}${c}`, weight: 1 - r / 10 })) })),
    silhouette: Float64Array.from(base.labels, (_, i) => ((i * 7919) % 1000) / 1000),
  };
}

async function time(fn) {
  const t0 = performance.now();
  const value = await fn();
  return [performance.now() - t0, value];
}

const maxPoints = Number(opt('max-points', '5000'));
const seed = Number(opt('seed', '1'));
const cases = opt('csv') ? [{ name: opt('csv'), input: describeInput(fromCsv(opt('csv'))) }] : opt('sizes', '10000,120000,1000000')
  .split(',')
  .map(Number)
  .map((n) => ({ name: `${n.toLocaleString('en-US')} blobs`, input: describeInput(blobs(n, seed)) }));

const rows = [];
for (const { name, input } of cases) {
  const n = input.labels.length;
  for (const mode of ['sampled', 'no sampling']) {
    if (mode === 'no sampling' && n > 120000) continue;
    const mp = mode === 'sampled' ? maxPoints : n;
    const [tScatter, scatter] = await time(() => lib.clusterScatter(input, { maxPoints: mp, seed }));
    const [tDash, dash] = await time(() => lib.dashboard(input, { maxPoints: mp, seed }));
    const json = JSON.stringify(dash);
    const [tSvgScatter] = await time(() => lib.renderSvg(scatter));
    const [tSvgDash] = await time(() => lib.renderSvg(dash));
    const [tHtml, html] = await time(() => lib.dashboardHtml(dash));
    rows.push({
      data: name,
      mode,
      'scatter spec ms': tScatter.toFixed(0),
      'dashboard spec ms': tDash.toFixed(0),
      'dashboard JSON kB': (json.length / 1024).toFixed(0),
      'scatter SVG ms': tSvgScatter.toFixed(0),
      'dashboard SVG ms': tSvgDash.toFixed(0),
      'HTML kB': (html.length / 1024).toFixed(0),
      'HTML ms': tHtml.toFixed(0),
      'RSS MB': (process.memoryUsage().rss / 2 ** 20).toFixed(0),
    });
  }
}
console.table(rows);
rmSync(tmp, { recursive: true, force: true });
