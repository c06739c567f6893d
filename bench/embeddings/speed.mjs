// Embedding speed: our TransformersEmbedder vs a bare onnxruntime-node session on the same model,
// the gain from length bucketing, the cache-hit speed-up, and disk-store formats.
//
//   npm run build && nice node bench/embeddings/speed.mjs ../shared/data/text_fortunes.csv ../shared/data/text_wordnet_glosses.csv [--n 20000]
//
// HFS_ENTRY / HFS_NODE_ENTRY can point at other builds (default ../../dist/index.js, ../../dist/node.js).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { readCsv } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const lib = await import(process.env.HFS_ENTRY ?? join(here, '../../dist/index.js'));
const nodeLib = await import(process.env.HFS_NODE_ENTRY ?? process.env.HFS_ENTRY ?? join(here, '../../dist/node.js'));
const { TransformersEmbedder, CachedEmbedder, MemoryStore, bundledModelsDirectory, hash128 } = lib;
const { DiskStore, LooseFileStore } = nodeLib;

const args = process.argv.slice(2);
const nIdx = args.indexOf('--n');
const N = nIdx >= 0 ? Number(args.splice(nIdx, 2)[1]) : 20000;
const pool = args.flatMap((f) => readCsv(f).map((r) => r.text));
if (pool.length === 0) {
  console.error('usage: node bench/embeddings/speed.mjs <text csv files> [--n 20000]');
  process.exit(1);
}
// Distinct texts of realistic, varied lengths: the data set, cycled, each with its index.
const texts = Array.from({ length: N }, (_, i) => `${pool[i % pool.length]} #${i}`);
const batchSize = 32;

async function time(fn, repeat = 3) {
  const runs = [];
  let result;
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    result = await fn();
    runs.push((performance.now() - t0) / 1000);
  }
  runs.sort((a, b) => a - b);
  return { seconds: runs[Math.floor(runs.length / 2)], result };
}

// --- 1. Ours vs a bare onnxruntime-node session (same tokenizer, same batches, mean pooling, l2) ---
const modelDir = join(await bundledModelsDirectory(), 'glove-100d');
const ours = new TransformersEmbedder({ model: 'glove-100d', offline: true, batchSize, bucketing: false });
await ours.embed(['warm up']);
const tokenizer = ours.tokenizer; // the same transformers.js tokenizer instance, for a fair comparison
const session = await ort.InferenceSession.create(join(modelDir, 'onnx', 'model.onnx'));
async function bare(list) {
  const dim = 100;
  const out = new Float32Array(list.length * dim);
  for (let s = 0; s < list.length; s += batchSize) {
    const batch = list.slice(s, s + batchSize).map((t) => tokenizer.encode(t));
    const seq = Math.max(1, ...batch.map((b) => b.length));
    const ids = new BigInt64Array(batch.length * seq);
    batch.forEach((b, i) => b.forEach((id, j) => (ids[i * seq + j] = BigInt(id))));
    const res = await session.run({ input_ids: new ort.Tensor('int64', ids, [batch.length, seq]) });
    const h = res.last_hidden_state.data;
    batch.forEach((b, i) => {
      const acc = new Float64Array(dim);
      for (let t = 0; t < b.length; t++) for (let j = 0; j < dim; j++) acc[j] += h[(i * seq + t) * dim + j];
      let norm = 0;
      for (let j = 0; j < dim; j++) norm += (acc[j] /= Math.max(b.length, 1)) ** 2;
      const inv = 1 / Math.max(Math.sqrt(norm), 1e-12);
      for (let j = 0; j < dim; j++) out[(s + i) * dim + j] = acc[j] * inv;
    });
  }
  return out;
}
const bucketed = new TransformersEmbedder({ model: 'glove-100d', offline: true, batchSize, bucketing: true });
await bucketed.embed(['warm up']);
// Interleaved repetitions, so a busy machine slows all three alike; medians are compared.
const runs = { bare: [], ours: [], bucket: [] };
const results = {};
for (let r = 0; r < 5; r++) {
  for (const [name, fn] of [['bare', () => bare(texts)], ['ours', () => ours.embed(texts)], ['bucket', () => bucketed.embed(texts)]]) {
    const t0 = performance.now();
    results[name] = await fn();
    runs[name].push((performance.now() - t0) / 1000);
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const bareRun = { seconds: median(runs.bare), result: results.bare };
const oursRun = { seconds: median(runs.ours), result: results.ours };
const bucketRun = { seconds: median(runs.bucket), result: results.bucket };
let maxDiff = 0;
for (let i = 0; i < bareRun.result.length; i++) maxDiff = Math.max(maxDiff, Math.abs(bareRun.result[i] - oursRun.result.data[i]));
const rows = [];
rows.push(['bare onnxruntime-node session (same tokenizer, arrival order)', bareRun.seconds, '']);
rows.push(['TransformersEmbedder, bucketing off', oursRun.seconds, `ratio to bare ${(bareRun.seconds / oursRun.seconds).toFixed(2)}; max |diff| ${maxDiff.toExponential(1)}`]);
rows.push([
  'TransformersEmbedder, length bucketing on',
  bucketRun.seconds,
  `${(oursRun.seconds / bucketRun.seconds).toFixed(2)}× vs off; padding ${(ours.lastReport.paddedTokens / ours.lastReport.tokens).toFixed(2)} → ${(bucketed.lastReport.paddedTokens / bucketed.lastReport.tokens).toFixed(2)} tokens per real token`,
]);

// --- 2. Cache: a second run served from the cache vs computing ---
const cacheDir = mkdtempSync(join(tmpdir(), 'hfs-bench-cache-'));
for (const [name, makeStore] of [
  ['MemoryStore', async () => new MemoryStore()],
  ['DiskStore (append-only log)', async () => DiskStore.open(join(cacheDir, 'log'))],
  ['DiskStore + AES-GCM', async () => DiskStore.open(join(cacheDir, 'enc'))],
]) {
  const store = await makeStore();
  const encryptionKey = name.includes('AES') ? new Uint8Array(32).fill(1) : undefined;
  const cached = new CachedEmbedder(new TransformersEmbedder({ model: 'glove-100d', offline: true, batchSize }), { store, ...(encryptionKey ? { encryptionKey } : {}) });
  const t0 = performance.now();
  await cached.embed(texts);
  const fill = (performance.now() - t0) / 1000;
  const hit = await time(() => cached.embed(texts));
  rows.push([`cache ${name}: first run (all misses)`, fill, '']);
  rows.push([`cache ${name}: second run (all hits)`, hit.seconds, `${(bucketRun.seconds / hit.seconds).toFixed(1)}× faster than computing`]);
  await store.close();
}

// --- 3. Disk formats: write and read N vectors of 384 floats (a MiniLM-sized row) ---
const vec = new Uint8Array(384 * 4).fill(3);
const entries = texts.map((t) => ({ key: hash128(t), value: vec }));
for (const [name, make] of [
  ['DiskStore (append-only log)', async () => DiskStore.open(join(cacheDir, 'fmt-log'))],
  ['LooseFileStore (one file per vector)', async () => new LooseFileStore(join(cacheDir, 'fmt-loose'))],
]) {
  const store = await make();
  const t0 = performance.now();
  for (let s = 0; s < entries.length; s += 1024) await store.set(entries.slice(s, s + 1024));
  const write = (performance.now() - t0) / 1000;
  const keys = entries.map((e) => e.key);
  const t1 = performance.now();
  for (let s = 0; s < keys.length; s += 1024) await store.get(keys.slice(s, s + 1024));
  const read = (performance.now() - t1) / 1000;
  rows.push([`${name}: write ${N} × 1.5 KB`, write, `${Math.round(N / write)} vectors/s`]);
  rows.push([`${name}: read ${N} × 1.5 KB`, read, `${Math.round(N / read)} vectors/s`]);
  await store.close();
}
rmSync(cacheDir, { recursive: true, force: true });

console.log(`${N} texts (mean ${Math.round(texts.reduce((s, t) => s + t.length, 0) / N)} chars), batch ${batchSize}, glove-100d; embedder rows: median of 5 interleaved runs, cache rows: median of 3\n`);
console.log('| what | seconds | texts/s | note |');
console.log('|---|---:|---:|---|');
for (const [what, s, note] of rows) console.log(`| ${what} | ${s.toFixed(3)} | ${what.startsWith('Disk') || what.startsWith('Loose') ? '' : Math.round(N / s)} | ${note} |`);
