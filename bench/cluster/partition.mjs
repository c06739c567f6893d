#!/usr/bin/env node
/**
 * Partitioning benchmark: hf-separate k-means / mini-batch k-means / Gaussian mixture beside
 * ml-kmeans and scikit-learn (KMeans, MiniBatchKMeans, GaussianMixture via /usr/bin/python3), in one run.
 *
 *   node bench/cluster/partition.mjs [--cases 50000x384x30,10000x10x10,100000x10x30] [--seeds 0,1,2 | 0..23]
 *                                    [--methods kmeans,minibatch,gmm,ml-kmeans] [--n-init 1]
 *                                    [--timeout 300] [--csv data.csv --k 3]
 *
 * Every fit runs in its own child process (so peak RSS is per method) on the same float32 data
 * (seeded Gaussian blobs written to a temp dir; with --csv also the numeric columns of a CSV file,
 * except one named id, scored against its last column as class). Times are of the fit only, measured inside the child.
 * CPU time (all threads) is reported beside wall time because the shared machine may be loaded.
 * ARI is against the known blob labels. Every method runs once per seed (ml-kmeans, which is very
 * slow at 384 dimensions, only with the first seed); the table shows the median time and the mean
 * inertia / log-likelihood / ARI over the seeds. Our library is bundled from src/ with esbuild on the fly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};

// ------------------------------------------------------------------ child mode
if (args[0] === '--child') {
  const [, method, lib, path, n, d, k, out, seed, nInit] = args;
  const N = +n, D = +d, K = +k;
  const buf = readFileSync(path);
  const x = { data: new Float32Array(buf.buffer, buf.byteOffset, N * D), rows: N, cols: D };
  const res = {};
  let labels;
  if (method === 'ml-kmeans') {
    const { kmeans } = await import('ml-kmeans');
    const rows = Array.from({ length: N }, (_, i) => Array.from(x.data.subarray(i * D, (i + 1) * D)));
    const t = performance.now();
    const cpu = process.cpuUsage();
    const r = kmeans(rows, K, { initialization: 'kmeans++', seed: +seed, maxIterations: 300 });
    res.seconds = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    res.cpuSeconds = (used.user + used.system) / 1e6;
    labels = Int32Array.from(r.clusters);
    let inertia = 0;
    for (let i = 0; i < N; i++) {
      const c = r.centroids[labels[i]];
      for (let j = 0; j < D; j++) inertia += (rows[i][j] - c[j]) ** 2;
    }
    res.inertia = inertia;
    res.iterations = r.iterations;
  } else {
    const m = await import(pathToFileURL(lib).href);
    const t = performance.now();
    const cpu = process.cpuUsage();
    let r;
    if (method === 'ours-kmeans') r = await m.kmeans(x, { k: K, seed: +seed, nInit: +nInit });
    else if (method === 'ours-minibatch') r = await m.miniBatchKMeans(x, { k: K, seed: +seed, nInit: 3, batchSize: 1024 });
    else if (method === 'ours-gmm') r = await m.gaussianMixture(x, { k: K, seed: +seed, nInit: +nInit, covarianceType: 'full' });
    else throw new Error(`unknown method ${method}`);
    res.seconds = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    res.cpuSeconds = (used.user + used.system) / 1e6;
    labels = r.labels;
    if (method === 'ours-gmm') {
      res.logLikelihood = r.details.logLikelihood;
      res.bic = r.details.bic;
    } else {
      res.inertia = r.details.inertia;
      res.iterations = r.details.iterations;
    }
  }
  writeFileSync(out, Buffer.from(labels.buffer, labels.byteOffset, labels.byteLength));
  res.maxRssMB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify(res));
  process.exit(0);
}

// ------------------------------------------------------------------ parent mode
const { build } = await import('esbuild');
const work = mkdtempSync(join(tmpdir(), 'hfs-partition-'));
const lib = join(work, 'lib.mjs');
await build({
  stdin: {
    contents: "export * from './src/clustering/kmeans.ts'; export * from './src/clustering/minibatch.ts'; export * from './src/clustering/gmm.ts'; export { adjustedRandIndex } from './src/metrics/index.ts';",
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: lib,
  logLevel: 'error',
});
const { adjustedRandIndex } = await import(pathToFileURL(lib).href);

function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded Gaussian blobs: centres ~ N(0, scale²) per coordinate, unit noise, random cluster sizes. */
function blobs(n, d, k, seed) {
  const rnd = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const scale = d >= 100 ? 1 : 2.5;
  const centres = Float64Array.from({ length: k * d }, () => normal() * scale);
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rnd() * k);
    y[i] = c;
    for (let j = 0; j < d; j++) x[i * d + j] = centres[c * d + j] + normal();
  }
  return { x, y };
}

function readCsv(path) {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  // Numeric feature columns: all but the last (the class) and any column named id.
  const numeric = header.map((h, j) => h.toLowerCase() !== 'id' && rows.every((r) => r[j] !== '' && Number.isFinite(+r[j])));
  const cols = numeric.map((ok, j) => (ok && j < header.length - 1 ? j : -1)).filter((j) => j >= 0);
  const classes = new Map();
  const y = Int32Array.from(rows, (r) => {
    const v = r[header.length - 1];
    if (!classes.has(v)) classes.set(v, classes.size);
    return classes.get(v);
  });
  const x = new Float32Array(rows.length * cols.length);
  rows.forEach((r, i) => cols.forEach((j, t) => (x[i * cols.length + t] = +r[j])));
  return { x, y, n: rows.length, d: cols.length, k: +opt('k', classes.size) };
}

// --seeds 0,1,2 or a range 0..23
const seedSpec = opt('seeds', opt('seed', '0'));
const seeds = seedSpec.includes('..')
  ? (([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i))(seedSpec.split('..').map(Number))
  : seedSpec.split(',').map(Number);
// --methods kmeans,minibatch,gmm,ml-kmeans (default: all)
const only = opt('methods') ? new Set(opt('methods').split(',')) : null;
const nInit = +opt('n-init', 1);
const timeout = +opt('timeout', 300) * 1000;
const cases = opt('cases', '50000x384x30,10000x10x10,100000x10x30')
  .split(',')
  .map((s) => s.split('x').map(Number))
  .map(([n, d, k]) => ({ name: `${n} × ${d}, k = ${k}`, n, d, k, ...blobs(n, d, k, 1000 + n + d + k) }));
if (opt('csv')) {
  const c = readCsv(opt('csv'));
  cases.push({ name: `${opt('csv').split('/').pop()} (${c.n} × ${c.d}, k = ${c.k})`, ...c });
}

const rows = [];
for (const c of cases) {
  const dataPath = join(work, `x-${c.n}-${c.d}.f32`);
  writeFileSync(dataPath, Buffer.from(c.x.buffer));
  const methods = [
    ['hf-separate kmeans', 'node', 'ours-kmeans'],
    ['scikit-learn KMeans', 'py', 'kmeans'],
    ['ml-kmeans', 'node', 'ml-kmeans'],
    ['hf-separate miniBatchKMeans', 'node', 'ours-minibatch'],
    ['scikit-learn MiniBatchKMeans', 'py', 'minibatch'],
  ];
  if (c.d <= 32) methods.push(['hf-separate gaussianMixture (full)', 'node', 'ours-gmm'], ['scikit-learn GaussianMixture (full)', 'py', 'gmm']);
  const family = (m) => (m === 'ml-kmeans' ? 'ml-kmeans' : m.replace('ours-', ''));
  for (const [label, kind, method] of methods) {
    if (only && !only.has(family(method))) continue;
    const runs = [];
    for (const seed of method === 'ml-kmeans' ? seeds.slice(0, 1) : seeds) {
      const out = join(work, `labels-${method}.i32`);
      const cmd =
        kind === 'node'
          ? ['nice', ['node', fileURLToPath(import.meta.url), '--child', method, lib, dataPath, c.n, c.d, c.k, out, seed, nInit].map(String)]
          : ['nice', ['/usr/bin/python3', join(here, 'partition-sklearn.py'), method, dataPath, c.n, c.d, c.k, out, seed, method === 'minibatch' ? 3 : nInit].map(String)];
      const p = spawnSync(cmd[0], cmd[1], { encoding: 'utf8', timeout, cwd: root, maxBuffer: 1 << 24 });
      if (p.status !== 0) {
        runs.push({ error: p.error?.code === 'ETIMEDOUT' ? `timeout > ${timeout / 1000} s` : (p.stderr || '').trim().split('\n').pop() });
        console.error(`${c.name} ${label} seed ${seed}: ${runs.at(-1).error}`);
        break;
      }
      const r = JSON.parse(p.stdout.trim().split('\n').pop());
      const buf = readFileSync(out);
      r.ari = adjustedRandIndex(c.y, new Int32Array(buf.buffer, buf.byteOffset, c.n));
      runs.push(r);
      console.error(`${c.name} ${label} seed ${seed}: ${r.seconds.toFixed(2)} s (cpu ${r.cpuSeconds.toFixed(2)}), ${r.maxRssMB.toFixed(0)} MB, ${r.inertia ?? r.logLikelihood}, ARI ${r.ari.toFixed(4)}`);
    }
    if (runs.some((r) => r.error)) {
      rows.push({ case: c.name, method: label, error: runs.find((r) => r.error).error });
      continue;
    }
    const mean = (key) => (runs[0][key] === undefined ? undefined : runs.reduce((a, r) => a + r[key], 0) / runs.length);
    const times = runs.map((r) => r.seconds).sort((a, b) => a - b);
    rows.push({
      case: c.name,
      method: label,
      seeds: runs.length,
      seconds: times[Math.floor((times.length - 1) / 2)],
      cpuSeconds: runs.map((r) => r.cpuSeconds).sort((a, b) => a - b)[Math.floor((runs.length - 1) / 2)],
      maxRssMB: Math.max(...runs.map((r) => r.maxRssMB)),
      inertia: mean('inertia'),
      logLikelihood: mean('logLikelihood'),
      bic: mean('bic'),
      iterations: mean('iterations'),
      ari: mean('ari'),
    });
  }
}
rmSync(work, { recursive: true, force: true });

const fmt = (v, digits) => (v === undefined ? '' : typeof v === 'number' ? v.toPrecision(digits) : String(v));
console.log(`\nseeds ${seeds.join(',')}, nInit ${nInit} (MiniBatch: 3), node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| data | method | seeds | median fit time (s) | median CPU (s) | peak RSS (MB) | mean inertia / mean log-lik | mean iterations | mean ARI vs blobs |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  if (r.error) {
    console.log(`| ${r.case} | ${r.method} | | ${r.error} | | | | | |`);
    continue;
  }
  const fit = r.inertia !== undefined ? fmt(r.inertia, 8) : `${fmt(r.logLikelihood, 7)} (BIC ${fmt(r.bic, 7)})`;
  console.log(`| ${r.case} | ${r.method} | ${r.seeds} | ${r.seconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${r.maxRssMB.toFixed(0)} | ${fit} | ${r.iterations === undefined ? '' : r.iterations.toFixed(1)} | ${r.ari.toFixed(4)} |`);
}
