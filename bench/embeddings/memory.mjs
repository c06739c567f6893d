// Peak memory while embedding many texts with the bundled model: the output matrix should be the only
// allocation that grows with n (tokens are held for one bucketing window at a time).
//
//   npm run build && nice node bench/embeddings/memory.mjs ../shared/data/text_fortunes.csv [--n 100000]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsv } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { TransformersEmbedder } = await import(process.env.HFS_ENTRY ?? join(here, '../../dist/index.js'));
const args = process.argv.slice(2);
const nIdx = args.indexOf('--n');
const N = nIdx >= 0 ? Number(args.splice(nIdx, 2)[1]) : 100000;
const pool = args.flatMap((f) => readCsv(f).map((r) => r.text));
const mb = (b) => (b / 1024 / 1024).toFixed(0);

const embedder = new TransformersEmbedder({ model: 'glove-100d', offline: true });
await embedder.embed(['warm up']);
// Texts are generated on the fly from the pool (the input array of N strings is the caller's).
const texts = Array.from({ length: N }, (_, i) => `${pool[i % pool.length]} #${i}`);
globalThis.gc?.();
const base = process.memoryUsage();
let peakRss = base.rss;
let peakHeap = base.heapUsed;
const timer = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 20);
const t0 = performance.now();
const x = await embedder.embed(texts, { onProgress: () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
} });
const seconds = (performance.now() - t0) / 1000;
clearInterval(timer);
const inputBytes = texts.reduce((s, t) => s + t.length * 2, 0);
console.log(`| texts | seconds | texts/s | output MB | input strings MB | RSS before MB | peak RSS MB | heap before MB | peak heap MB |`);
console.log(`|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
console.log(
  `| ${N} | ${seconds.toFixed(1)} | ${Math.round(N / seconds)} | ${mb(x.data.byteLength)} | ${mb(inputBytes)} | ${mb(base.rss)} | ${mb(peakRss)} | ${mb(base.heapUsed)} | ${mb(peakHeap)} |`,
);
console.log(`report: ${JSON.stringify(embedder.lastReport)}`);
