// Runs one JavaScript reducer on a raw float32 file in its own process, so peak memory is its own.
// Usage: node child.mjs <library.mjs> <method> <data.f32> <n> <d> <out.f32> '<json params>'
import { readFileSync, writeFileSync } from 'node:fs';

const [lib, method, file, nArg, dArg, out, paramsJson] = process.argv.slice(2);
const n = Number(nArg);
const d = Number(dArg);
const params = JSON.parse(paramsJson);
const raw = readFileSync(file);
const x = new Float32Array(raw.buffer, raw.byteOffset, n * d);
const toArrays = () => Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * d, (i + 1) * d)));
function seeded(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

let result;
let seconds;
const k = params.nComponents;
if (method === 'ours-umap' || method === 'ours-pca' || method === 'ours-tsne') {
  const ours = await import(lib);
  const m = { data: x, rows: n, cols: d };
  const t0 = performance.now();
  const model =
    method === 'ours-umap' ? new ours.UMAP(params) : method === 'ours-pca' ? new ours.PCA(params) : new ours.TSNE(params);
  const y = await model.fit(m);
  seconds = (performance.now() - t0) / 1000;
  result = Float32Array.from(y.data);
} else if (method === 'umap-js') {
  const { UMAP } = await import('umap-js');
  const rows = toArrays();
  const t0 = performance.now();
  const u = new UMAP({ nComponents: k, nNeighbors: params.nNeighbors, minDist: params.minDist, nEpochs: params.nEpochs, random: seeded(1) });
  const y = u.fit(rows);
  seconds = (performance.now() - t0) / 1000;
  result = Float32Array.from(y.flat());
} else if (method === 'ml-pca') {
  const { PCA } = await import('ml-pca');
  const rows = toArrays();
  const t0 = performance.now();
  const p = new PCA(rows);
  const y = p.predict(rows, { nComponents: k });
  seconds = (performance.now() - t0) / 1000;
  result = Float32Array.from(y.to1DArray());
} else if (method === 'druid-pca' || method === 'druid-umap') {
  const druid = await import('@saehrimnir/druidjs');
  const rows = toArrays();
  const t0 = performance.now();
  const model =
    method === 'druid-pca'
      ? new druid.PCA(rows, { d: k })
      : new druid.UMAP(rows, { d: k, n_neighbors: params.nNeighbors, min_dist: params.minDist, seed: 1 });
  const y = method === 'druid-pca' ? model.transform() : model.transform(params.nEpochs);
  seconds = (performance.now() - t0) / 1000;
  const arr = Array.isArray(y) ? y : y.to2dArray ?? y.to2dArray;
  result = Float32Array.from((Array.isArray(arr) ? arr : y.to2dArray).flat());
} else {
  throw new Error(`unknown method ${method}`);
}
writeFileSync(out, Buffer.from(result.buffer, result.byteOffset, result.byteLength));
process.stdout.write(JSON.stringify({ seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
