// One timed clustering run in its own process (so peak memory is per run).
// Usage: node density-worker.mjs <impl> <algo> <data.bin> <rows> <cols> <params.json> <labels-out> [<bundle.mjs>]
// impl: ours | hdbscan-ts | hdbscan-npm | density-clustering. Prints one JSON line: { seconds, cpuSeconds, maxRssMB, nClusters } (wall and CPU time of the call).
// The time covers the clustering call only (not loading data); labels are written as Int32 binary.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [impl, algo, dataPath, rowsS, colsS, paramsJson, labelsOut, bundle] = process.argv.slice(2);
const rows = Number(rowsS);
const cols = Number(colsS);
const params = JSON.parse(paramsJson);
const buf = readFileSync(dataPath);
const data = new Float64Array(buf.buffer, buf.byteOffset, rows * cols);
const require = createRequire(import.meta.url);
const toArrays = () => Array.from({ length: rows }, (_, i) => Array.from(data.subarray(i * cols, (i + 1) * cols)));

let labels;
let seconds;
let cpu;
// Some peers print debug output (npm hdbscan logs every intermediate array): silence it during the run.
const log = console.log;
console.log = () => {};
if (impl === 'ours') {
  const lib = await import(pathToFileURL(bundle).href);
  const x = { data, rows, cols };
  const t = performance.now();
  const c0 = process.cpuUsage();
  const res =
    algo === 'hdbscan'
      ? await lib.hdbscan(x, { minClusterSize: params.minClusterSize, minSamples: params.minClusterSize - 1 })
      : algo === 'dbscan'
        ? await lib.dbscan(x, { eps: params.eps, minPts: params.minPts })
        : await lib.optics(x, { eps: params.opticsEps, minPts: params.minPts, extract: 'eps', epsCut: params.eps });
  seconds = (performance.now() - t) / 1000;
  cpu = process.cpuUsage(c0);
  labels = res.labels;
} else if (impl === 'hdbscan-ts') {
  const { HDBSCAN } = require('hdbscan-ts');
  const arr = toArrays();
  const t = performance.now();
  const c0 = process.cpuUsage();
  const h = new HDBSCAN({ minClusterSize: params.minClusterSize, minSamples: params.minClusterSize - 1 });
  h.fit(arr);
  seconds = (performance.now() - t) / 1000;
  cpu = process.cpuUsage(c0);
  labels = Int32Array.from(h.labels_);
} else if (impl === 'hdbscan-npm') {
  const { Hdbscan } = require('hdbscan');
  const arr = toArrays();
  const t = performance.now();
  const c0 = process.cpuUsage();
  const h = new Hdbscan(arr, params.minClusterSize, params.minClusterSize - 1);
  const clusters = h.getClusters();
  seconds = (performance.now() - t) / 1000;
  cpu = process.cpuUsage(c0);
  labels = new Int32Array(rows).fill(-1);
  clusters.forEach((members, c) => members.forEach((i) => (labels[i] = c)));
} else if (impl === 'density-clustering') {
  const clustering = require('density-clustering');
  const arr = toArrays();
  const t = performance.now();
  const c0 = process.cpuUsage();
  // density-clustering counts neighbours without the point itself.
  const clusters =
    algo === 'dbscan'
      ? new clustering.DBSCAN().run(arr, params.eps, params.minPts - 1)
      : new clustering.OPTICS().run(arr, params.eps, params.minPts - 1);
  seconds = (performance.now() - t) / 1000;
  cpu = process.cpuUsage(c0);
  labels = new Int32Array(rows).fill(-1);
  clusters.forEach((members, c) => members.forEach((i) => (labels[i] = c)));
} else {
  throw new Error(`unknown impl ${impl}`);
}
writeFileSync(labelsOut, Buffer.from(Int32Array.from(labels).buffer));
let nClusters = 0;
for (const l of labels) if (l + 1 > nClusters) nClusters = l + 1;
console.log = log;
console.log(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMB: process.resourceUsage().maxRSS / 1024, nClusters }));
