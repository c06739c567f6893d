#!/usr/bin/env node
// Reduction benchmark: our PCA / UMAP / t-SNE beside ml-pca, umap-js, druid.js, scikit-learn and
// umap-learn (when installed), in one run, on the same data. Every method runs in its own child
// process (niced) so its peak memory (max RSS) is its own; fit time is measured inside the child
// (inside Python for the Python peers). Quality: trustworthiness at k = 15 on a fixed sample of
// 2000 rows, and the ARI of k-means (k = number of true groups) on the output.
//
//   node bench/reduce/bench.mjs --quick
//   node bench/reduce/bench.mjs --sizes 10000,50000 --real ../shared/data/text_wordnet_glosses.csv
//   node bench/reduce/bench.mjs --big            # adds 100k × 384 → 5-D UMAP
//
// Options: --sizes a,b  --tasks pca,umap,umap10,tsne  --methods ours-pca,sklearn-pca,...
//          --real <csv> [--label col] [--text col]
//          --big  --quick  --timeout <s>  --markdown <file> (append the table)
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { kmeans } from 'ml-kmeans';
import { gaussianClusters, loadRealSet } from './data.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const value = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const quick = flag('quick');
const sizes = value('sizes', quick ? '2000' : '10000,50000').split(',').map(Number);
const tasks = new Set(value('tasks', 'pca,umap,tsne').split(','));
const realPath = value('real', undefined);
const timeoutSeconds = Number(value('timeout', '900'));
const markdown = value('markdown', undefined);
const onlyMethods = value('methods', undefined)?.split(',');

const work = mkdtempSync(join(tmpdir(), 'hfs-reduce-bench-'));
const libFile = join(work, 'lib.mjs');
await build({ entryPoints: [join(here, 'entry.ts')], bundle: true, platform: 'node', format: 'esm', outfile: libFile, logLevel: 'warning' });
const lib = await import(libFile);

const timeBinary = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const umapParams = { nNeighbors: 15, minDist: 0.1, nEpochs: 200, seed: 1 };
const results = [];

function runChild(method, dataFile, n, d, params) {
  const out = join(work, `${method}-${n}-${d}.out.f32`);
  const python = method.startsWith('sklearn') || method === 'umap-learn';
  const program = python
    ? ['/usr/bin/python3', join(here, 'peers.py'), method, dataFile, String(n), String(d), out, JSON.stringify(params)]
    : [process.execPath, '--max-old-space-size=8192', join(here, 'child.mjs'), libFile, method, dataFile, String(n), String(d), out, JSON.stringify(params)];
  // Peak memory comes from GNU time when present: a child's own getrusage max RSS on Linux starts
  // from the size of the (forked) bench process, which would hide small footprints.
  const cmd = timeBinary
    ? ['nice', ['-n', '10', timeBinary, '-f', 'MAXRSS_KB %M', ...program]]
    : ['nice', ['-n', '10', ...program]];
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1', NUMBA_NUM_THREADS: '1' };
  const r = spawnSync(cmd[0], cmd[1], { encoding: 'utf8', timeout: timeoutSeconds * 1000, env, maxBuffer: 1 << 24 });
  if (r.error || r.status !== 0) {
    const why = r.error?.code === 'ETIMEDOUT' ? `timeout > ${timeoutSeconds} s` : (r.stderr || String(r.error)).trim().split('\n').slice(-1)[0];
    return { error: why };
  }
  const line = r.stdout.trim().split('\n').pop();
  const stats = JSON.parse(line);
  const measured = /MAXRSS_KB (\d+)/.exec(r.stderr ?? '');
  if (measured) stats.maxRssMB = Number(measured[1]) / 1024;
  if (stats.skipped) return { error: stats.skipped };
  const raw = readFileSync(out);
  rmSync(out);
  return { ...stats, y: new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4) };
}

function quality(ds, y, k) {
  const sample = Array.from({ length: Math.min(2000, ds.n) }, (_, i) => Math.floor((i * ds.n) / Math.min(2000, ds.n)));
  const high = { data: new Float32Array(sample.length * ds.d), rows: sample.length, cols: ds.d };
  const low = { data: new Float32Array(sample.length * k), rows: sample.length, cols: k };
  sample.forEach((row, i) => {
    high.data.set(ds.x.subarray(row * ds.d, (row + 1) * ds.d), i * ds.d);
    low.data.set(y.subarray(row * k, (row + 1) * k), i * k);
  });
  const trust = lib.trustworthiness(high, low, 15);
  const groups = new Set(ds.labels).size;
  const rows = Array.from({ length: ds.n }, (_, i) => Array.from(y.subarray(i * k, (i + 1) * k)));
  const km = kmeans(rows, groups, { seed: 1, initialization: 'kmeans++', maxIterations: 100 });
  const ari = lib.adjustedRandIndex(ds.labels, km.clusters);
  return { trust, ari };
}

function record(dataset, task, method, r, k, ds) {
  let row;
  if (r.error) row = { dataset, task, method, seconds: NaN, maxRssMB: NaN, trust: NaN, ari: NaN, note: r.error };
  else if (r.y.length !== ds.n * k || !r.y.every(Number.isFinite)) row = { dataset, task, method, seconds: r.seconds, maxRssMB: r.maxRssMB, trust: NaN, ari: NaN, note: 'bad output' };
  else row = { dataset, task, method, seconds: r.seconds, maxRssMB: r.maxRssMB, ...quality(ds, r.y, k), note: '' };
  results.push(row);
  const f = (v, digits) => (Number.isFinite(v) ? v.toFixed(digits) : '—');
  console.log(`${dataset.padEnd(22)} ${task.padEnd(10)} ${method.padEnd(13)} ${f(row.seconds, 2).padStart(8)} s ${f(row.maxRssMB, 0).padStart(6)} MB  T ${f(row.trust, 4)}  ARI ${f(row.ari, 3)} ${row.note}`);
}

function runTask(dataset, ds, dataFile, task, k, methods, params) {
  for (const method of methods) {
    if (onlyMethods && !onlyMethods.includes(method)) continue;
    if (method === 'druid-umap' && ds.n > 5000) {
      record(dataset, task, method, { error: 'skipped: n × n memory' }, k, ds);
      continue;
    }
    record(dataset, task, method, runChild(method, dataFile, ds.n, ds.d, { nComponents: k, ...params }), k, ds);
  }
}

function writeData(ds, name) {
  const file = join(work, `${name}.f32`);
  writeFileSync(file, Buffer.from(ds.x.buffer, ds.x.byteOffset, ds.x.byteLength));
  return file;
}

console.log(`node ${process.version}, ${new Date().toISOString()}, work dir in the OS temp folder`);
for (const n of sizes) {
  const ds = gaussianClusters(n, 384, { groups: 20, latent: 10, seed: 1 });
  const name = `clusters ${n / 1000}k×384`;
  const file = writeData(ds, `clusters-${n}`);
  if (tasks.has('pca')) {
    runTask(name, ds, file, 'PCA→10', 10, ['ours-pca', 'ml-pca', 'druid-pca', 'sklearn-pca'], {});
    runTask(name, ds, file, 'PCA→50', 50, ['ours-pca', 'druid-pca', 'sklearn-pca'], {});
  }
  if (tasks.has('umap')) runTask(name, ds, file, 'UMAP→2', 2, ['ours-umap', 'umap-js', 'umap-learn', 'druid-umap'], umapParams);
  if (tasks.has('umap10')) runTask(name, ds, file, 'UMAP→10', 10, ['ours-umap', 'umap-js', 'umap-learn'], umapParams);
  rmSync(file);
}
if (flag('big')) {
  const ds = gaussianClusters(100000, 384, { groups: 20, latent: 10, seed: 1 });
  const file = writeData(ds, 'clusters-100000');
  runTask('clusters 100k×384', ds, file, 'UMAP→5', 5, ['ours-umap', 'umap-learn'], umapParams);
  rmSync(file);
}
if (tasks.has('tsne')) {
  const n = quick ? 2000 : 10000;
  const ds = gaussianClusters(n, 50, { groups: 10, latent: 8, seed: 2 });
  const file = writeData(ds, `tsne-${n}`);
  runTask(`clusters ${n / 1000}k×50`, ds, file, 't-SNE→2', 2, ['ours-tsne', 'sklearn-tsne'], { perplexity: 30, seed: 1 });
  rmSync(file);
}
if (realPath) {
  const ds = loadRealSet(resolve(realPath), lib, { labelColumn: value('label', 'label'), textColumn: value('text', 'text') });
  const base = realPath.split(/[\\/]/).pop().replace(/\.csv$/, '');
  console.log(`real set ${base}: ${ds.n} rows, ${ds.description}, ${new Set(ds.labels).size} labels`);
  const file = writeData(ds, 'real');
  if (tasks.has('umap')) runTask(base, ds, file, 'UMAP→2', 2, ['ours-umap', 'umap-js', 'umap-learn'], umapParams);
  if (tasks.has('tsne')) runTask(base, ds, file, 't-SNE→2', 2, ['ours-tsne', 'sklearn-tsne'], { perplexity: 30, seed: 1 });
  if (tasks.has('pca')) runTask(base, ds, file, 'PCA→10', 10, ['ours-pca', 'ml-pca', 'druid-pca', 'sklearn-pca'], {});
  rmSync(file);
}

const f = (v, digits) => (Number.isFinite(v) ? v.toFixed(digits) : '—');
const table = [
  '| data | task | method | fit time (s) | peak RSS (MB) | trustworthiness k=15 | ARI (k-means) | note |',
  '|---|---|---|---:|---:|---:|---:|---|',
  ...results.map((r) => `| ${r.dataset} | ${r.task} | ${r.method} | ${f(r.seconds, 2)} | ${f(r.maxRssMB, 0)} | ${f(r.trust, 4)} | ${f(r.ari, 3)} | ${r.note} |`),
].join('\n');
console.log(`\n${table}`);
if (markdown) appendFileSync(markdown, `\n${table}\n`);
rmSync(work, { recursive: true, force: true });
