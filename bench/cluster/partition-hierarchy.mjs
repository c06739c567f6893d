#!/usr/bin/env node
/**
 * Agglomerative clustering and the O(n²) metrics beside scikit-learn, one child process per call.
 *
 *   node bench/cluster/partition-hierarchy.mjs [--cases 2000x10x5,5000x10x5,10000x10x5,5000x384x10]
 *
 * Data: seeded Gaussian blobs (as bench/cluster/partition.mjs). For agglomerative: time, CPU, peak
 * RSS and ARI against scikit-learn's labels (and against the blobs); for the exact silhouette: time
 * and the absolute difference to scikit-learn's value; DBCV (no scikit-learn counterpart): time only.
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

if (args[0] === '--child') {
  const [, task, lib, path, n, d, k, labelsPath, out] = args;
  const N = +n, D = +d, K = +k;
  const buf = readFileSync(path);
  const x = { data: Float64Array.from(new Float32Array(buf.buffer, buf.byteOffset, N * D)), rows: N, cols: D };
  const lb = readFileSync(labelsPath);
  const y = new Int32Array(lb.buffer, lb.byteOffset, N);
  const m = await import(pathToFileURL(lib).href);
  const res = {};
  const t = performance.now();
  const cpu = process.cpuUsage();
  if (task.startsWith('agglomerative-')) {
    const r = await m.agglomerative(x, { linkage: task.split('-')[1], nClusters: K });
    writeFileSync(out, Buffer.from(r.labels.buffer));
  } else if (task === 'silhouette') res.value = m.silhouetteScore(x, y, { exact: true });
  else if (task === 'dbcv') res.value = m.dbcv(x, y, { maxRows: N }).score;
  res.seconds = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  res.cpuSeconds = (used.user + used.system) / 1e6;
  res.maxRssMB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify(res));
  process.exit(0);
}

const { build } = await import('esbuild');
const work = mkdtempSync(join(tmpdir(), 'hfs-hierarchy-'));
const lib = join(work, 'lib.mjs');
await build({
  stdin: {
    contents: "export * from './src/clustering/agglomerative.ts'; export { silhouetteScore, dbcv, adjustedRandIndex } from './src/metrics/index.ts';",
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

const cases = opt('cases', '2000x10x5,5000x10x5,10000x10x5,5000x384x10').split(',').map((s) => s.split('x').map(Number));
const rows = [];
const run = (cmd, argv) => {
  const p = spawnSync('nice', [cmd, ...argv.map(String)], { encoding: 'utf8', cwd: root, timeout: 600_000, maxBuffer: 1 << 24 });
  if (p.status !== 0) return { error: (p.stderr || String(p.error)).trim().split('\n').pop() };
  return JSON.parse(p.stdout.trim().split('\n').pop());
};
for (const [n, d, k] of cases) {
  const { x, y } = blobs(n, d, k, 2000 + n + d + k);
  const dataPath = join(work, 'x.f32');
  const labelsPath = join(work, 'y.i32');
  writeFileSync(dataPath, Buffer.from(x.buffer));
  writeFileSync(labelsPath, Buffer.from(y.buffer));
  const tasks = ['agglomerative-ward', 'agglomerative-average', 'agglomerative-single', 'silhouette', 'dbcv'];
  for (const task of tasks) {
    const oursOut = join(work, 'ours.i32');
    const skOut = join(work, 'sk.i32');
    const ours = run('node', [fileURLToPath(import.meta.url), '--child', task, lib, dataPath, n, d, k, labelsPath, oursOut]);
    const sk = task === 'dbcv' ? { error: 'no scikit-learn DBCV' } : run('/usr/bin/python3', [join(here, 'partition-hierarchy-sklearn.py'), task, dataPath, n, d, k, labelsPath, skOut]);
    const row = { data: `${n} × ${d}, k = ${k}`, task, ours, sk };
    if (task.startsWith('agglomerative') && !ours.error) {
      const read = (p) => { const b = readFileSync(p); return new Int32Array(b.buffer, b.byteOffset, n); };
      row.ariBlobs = adjustedRandIndex(y, read(oursOut));
      if (!sk.error) row.ariSklearn = adjustedRandIndex(read(skOut), read(oursOut));
    }
    rows.push(row);
    console.error(JSON.stringify(row));
  }
}
rmSync(work, { recursive: true, force: true });

const f = (v, p = 2) => (v === undefined ? '' : v.toFixed(p));
console.log(`\nnode ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| data | task | ours time (s) | ours CPU (s) | ours peak RSS (MB) | scikit-learn time (s) | scikit-learn CPU (s) | scikit-learn peak RSS (MB) | agreement |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const o = r.ours;
  const s = r.sk;
  let agree = '';
  if (r.ariSklearn !== undefined) agree = `ARI vs sklearn ${r.ariSklearn.toFixed(4)}, vs blobs ${r.ariBlobs.toFixed(4)}`;
  else if (r.ariBlobs !== undefined) agree = `ARI vs blobs ${r.ariBlobs.toFixed(4)}`;
  else if (o.value !== undefined && s.value !== undefined) agree = `value ${o.value.toFixed(6)}, |Δ| = ${Math.abs(o.value - s.value).toExponential(1)}`;
  else if (o.value !== undefined) agree = `value ${o.value.toFixed(6)}`;
  const ours = o.error ? [o.error, '', ''] : [f(o.seconds), f(o.cpuSeconds), f(o.maxRssMB, 0)];
  const theirs = s.error ? [s.error, '', ''] : [f(s.seconds), f(s.cpuSeconds), f(s.maxRssMB, 0)];
  console.log(`| ${r.data} | ${r.task} | ${ours.join(' | ')} | ${theirs.join(' | ')} | ${agree} |`);
}
