// Density clustering bench: our HDBSCAN / DBSCAN / OPTICS beside R dbscan, hdbscan-ts, npm hdbscan
// and density-clustering, in one run, each run in its own process (wall time of the clustering call,
// peak RSS of that process, ARI against the known clusters and against R).
//
// Usage: nice node bench/cluster/density.mjs [--large] [--budget 120] [--only hdbscan,dbscan,optics]
//          [--impls ours,R,hdbscan-npm,hdbscan-ts,density-clustering] [--sets 1M×5,100k×5] [--data file.csv ...]
//   default sets: 2k, 10k, 50k × 10-d blobs with 5% noise, 10k × 384-d blobs;
//   --large adds 100k × 5 and 1M × 5 (ours with every peer that fits the budget).
//   --data adds CSV files (numeric columns; a last column named/valued as integer labels is used as truth
//   when --labels-last is given).
// Peers beyond the time budget (measured, or extrapolated from the previous size) are skipped and
// marked as such. Needs Rscript with r-cran-dbscan for the R columns.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { generate } from './density-gen.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const budget = Number(opt('--budget', '120'));
const only = opt('--only', 'hdbscan,dbscan,optics').split(',');
const impls = opt('--impls', 'ours,R,hdbscan-npm,hdbscan-ts,density-clustering').split(',');
const sizesOnly = opt('--sets', '');
const tmp = mkdtempSync(join(tmpdir(), 'hfs-density-bench-'));

// Our code, bundled from src (no dist needed).
const bundle = join(tmp, 'hf-separate-clustering.mjs');
await build({ entryPoints: [join(root, 'src/clustering/index.ts')], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'warning' });
const metricsBundle = join(tmp, 'metrics.mjs');
await build({ entryPoints: [join(root, 'src/metrics/external.ts')], bundle: true, platform: 'node', format: 'esm', outfile: metricsBundle, logLevel: 'warning' });
const lib = await import(pathToFileURL(bundle).href);
const { adjustedRandIndex } = await import(pathToFileURL(metricsBundle).href);

const hasR = spawnSync('Rscript', ['-e', 'library(dbscan)'], { stdio: 'ignore' }).status === 0;

const sets = [
  { name: '2k × 10', kind: 'blobs', n: 2000, dim: 10 },
  { name: '10k × 10', kind: 'blobs', n: 10000, dim: 10 },
  { name: '50k × 10', kind: 'blobs', n: 50000, dim: 10 },
  { name: '10k × 384', kind: 'blobs', n: 10000, dim: 384 },
];
if (flag('--large')) sets.push({ name: '100k × 5', kind: 'blobs', n: 100000, dim: 5 }, { name: '1M × 5', kind: 'blobs', n: 1000000, dim: 5 });
for (let i = 0; i < args.length; i++) if (args[i] === '--data') sets.push({ name: args[i + 1], file: args[i + 1] });
if (sizesOnly) sets.splice(0, sets.length, ...sets.filter((s) => sizesOnly.split(',').includes(s.name.replace(/ /g, ''))));

const peers = {
  hdbscan: [
    { impl: 'ours', exp: 1.3 },
    { impl: 'R', exp: 2, maxN: 20000, why: 'R builds an n × n matrix (about 8n² × 2.5 bytes: 50k → ~50 GB)' },
    { impl: 'hdbscan-npm', exp: 2 },
    { impl: 'hdbscan-ts', exp: 3 },
  ],
  dbscan: [{ impl: 'ours', exp: 1.3 }, { impl: 'R', exp: 1.3 }, { impl: 'density-clustering', exp: 2 }],
  optics: [{ impl: 'ours', exp: 1.3 }, { impl: 'R', exp: 1.3 }, { impl: 'density-clustering', exp: 2 }],
};

function loadCsv(file, labelsLast) {
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const first = lines[0].split(',');
  const start = first.some((v) => Number.isNaN(Number(v))) ? 1 : 0;
  const rows = lines.slice(start).map((l) => l.split(',').map(Number));
  const dim = rows[0].length - (labelsLast ? 1 : 0);
  const data = new Float64Array(rows.length * dim);
  rows.forEach((r, i) => r.slice(0, dim).forEach((v, j) => (data[i * dim + j] = v)));
  const labels = labelsLast ? Int32Array.from(rows, (r) => r[dim]) : null;
  return { data, labels, n: rows.length, dim };
}

const lastRun = new Map(); // `${algo}/${impl}/${dim}` → { n, seconds }
const results = [];
for (const set of sets) {
  const { data, labels, n, dim } = set.file ? loadCsv(set.file, flag('--labels-last')) : { ...generate(set.kind, set.n, set.dim, 7), n: set.n, dim: set.dim };
  const bin = join(tmp, 'data.bin');
  writeFileSync(bin, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  const csv = join(tmp, 'data.csv');
  if (hasR) {
    const out = [];
    for (let i = 0; i < n; i++) out.push(Array.from(data.subarray(i * dim, (i + 1) * dim), (v) => v.toPrecision(17)).join(','));
    writeFileSync(csv, out.join('\n') + '\n');
  }
  // Parameters: HDBSCAN minPts 15 (minClusterSize 15, minSamples 14); DBSCAN eps from the k-distance knee
  // of a ≤ 20k subsample (k = minPts − 1), rescaled to the full density; OPTICS eps = 2 × that.
  const minPts = 10;
  const sub = Math.min(n, 20000);
  const step = n / sub;
  const subData = new Float64Array(sub * dim);
  for (let i = 0; i < sub; i++) subData.set(data.subarray(Math.floor(i * step) * dim, (Math.floor(i * step) + 1) * dim), i * dim);
  const s = await lib.suggestEps({ data: subData, rows: sub, cols: dim }, minPts - 1);
  const eps = Number((s.eps * Math.pow(sub / n, 1 / Math.min(dim, 10))).toPrecision(4));
  const params = { minClusterSize: 15, minPts, eps, opticsEps: 2 * eps };
  console.error(`\n# ${set.name}: eps ${eps}`);
  for (const algo of only) {
    if (!peers[algo]) continue;
    if (algo === 'optics' && dim > 50) continue; // OPTICS on 384-d blobs: not part of the targets
    let rLabels = null;
    for (const peer of peers[algo].filter((p) => impls.includes(p.impl))) {
      const key = `${algo}/${peer.impl}/${dim}`;
      const row = { set: set.name, algo, impl: peer.impl, n, dim };
      results.push(row);
      if (peer.impl === 'R' && !hasR) {
        row.note = 'Rscript/dbscan not installed';
        continue;
      }
      if (peer.maxN && n > peer.maxN) {
        row.note = `skipped: ${peer.why}`;
        continue;
      }
      const prev = lastRun.get(key);
      if (prev) {
        const est = prev.seconds * Math.pow(n / prev.n, peer.exp);
        if (prev.timedOut || est > budget) {
          row.note = prev.timedOut ? `skipped: over ${budget} s at n = ${prev.n}` : `skipped: est. ${est.toFixed(0)} s > ${budget} s budget`;
          continue;
        }
      }
      const labelsOut = join(tmp, 'labels.out');
      let res;
      try {
        const cmd =
          peer.impl === 'R'
            ? ['Rscript', [join(here, 'density-bench.R'), algo, csv, labelsOut, String(algo === 'hdbscan' ? params.minClusterSize : params.minPts), String(eps), String(params.opticsEps)]]
            : [process.execPath, ['--max-old-space-size=16000', join(here, 'density-worker.mjs'), peer.impl, algo, bin, String(n), String(dim), JSON.stringify(params), labelsOut, bundle]];
        const out = execFileSync(cmd[0], cmd[1], { timeout: budget * 1000, maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim().split('\n').pop();
        res = JSON.parse(out);
      } catch (e) {
        const timedOut = e.signal === 'SIGTERM' || e.code === 'ETIMEDOUT';
        row.note = timedOut ? `> ${budget} s (killed)` : `failed: ${String(e.stderr ?? e.message).split('\n').filter(Boolean).slice(-1)[0]}`;
        lastRun.set(key, { n, seconds: budget, timedOut });
        continue;
      }
      let pred;
      if (peer.impl === 'R') {
        pred = Int32Array.from(readFileSync(labelsOut, 'utf8').trim().split('\n'), (v) => Number(v) - 1);
        rLabels = pred;
      } else {
        const b = readFileSync(labelsOut);
        pred = new Int32Array(b.buffer, b.byteOffset, n);
      }
      Object.assign(row, res);
      if (labels) row.ariTruth = adjustedRandIndex(labels, pred);
      if (rLabels && peer.impl !== 'R') row.ariR = adjustedRandIndex(rLabels, pred);
      if (peer.impl === 'ours' && !rLabels) row.oursLabels = Int32Array.from(pred);
      lastRun.set(key, { n, seconds: res.seconds });
      console.error(`${algo} ${peer.impl}: ${res.seconds.toFixed(2)} s wall, ${res.cpuSeconds.toFixed(2)} s CPU, ${res.maxRssMB.toFixed(0)} MB, ${res.nClusters} clusters`);
    }
    // R ran after ours: fill in our ARI against R.
    const oursRow = results.find((r) => r.set === set.name && r.algo === algo && r.impl === 'ours');
    if (oursRow?.oursLabels && rLabels) oursRow.ariR = adjustedRandIndex(rLabels, oursRow.oursLabels);
    if (oursRow) delete oursRow.oursLabels;
  }
}
rmSync(tmp, { recursive: true, force: true });

const fmt = (v, d = 2) => (v === undefined ? '–' : v.toFixed(d));
console.log(`\nDensity clustering bench (budget ${budget} s per run; node ${process.version}; R dbscan via Rscript, time measured inside R)\n`);
console.log('| data | algorithm | implementation | wall (s) | CPU (s) | peak RSS (MB) | clusters | ARI vs truth | ARI vs R | note |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.set} | ${r.algo} | ${r.impl} | ${fmt(r.seconds)} | ${fmt(r.cpuSeconds)} | ${fmt(r.maxRssMB, 0)} | ${r.nClusters ?? '–'} | ${fmt(r.ariTruth, 3)} | ${fmt(r.ariR, 3)} | ${r.note ?? ''} |`);
}
console.log(`\nLoad average at the end: ${(await import('node:os')).loadavg().map((v) => v.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores.`);
