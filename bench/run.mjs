#!/usr/bin/env node
// Runs one benchmark by name, passing the remaining arguments through:
//
//   npm run bench                       # lists the benchmarks
//   npm run bench -- reduce --quick
//   npm run bench -- cluster-density --data ../shared/data/num_wine.csv
//
// Each script prints a table that compares hf-separate with its peers in the same run; data paths
// are arguments, never baked in. The measured tables live in docs/.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const BENCHES = {
  reduce: ['reduce/bench.mjs', 'PCA, UMAP, t-SNE vs ml-pca, umap-js, druid.js, scikit-learn, umap-learn'],
  'cluster-density': ['cluster/density.mjs', 'HDBSCAN, DBSCAN, OPTICS vs R dbscan, hdbscan-ts, npm hdbscan, density-clustering'],
  'cluster-partition': ['cluster/partition.mjs', 'k-means, mini-batch k-means, Gaussian mixtures vs ml-kmeans, scikit-learn'],
  'embeddings-speed': ['embeddings/speed.mjs', 'sentences/s vs a bare onnxruntime session, bucketing gain, cache speed-up'],
  'embeddings-memory': ['embeddings/memory.mjs', 'peak memory embedding 100k texts'],
  'embeddings-quality': ['embeddings/quality.mjs', 'ARI/NMI of the offline text embedders on labelled text sets'],
  'explain-keywords': ['explain/wordnet-keywords.mjs', 'c-TF-IDF keywords per cluster on WordNet glosses'],
  'explain-features': ['explain/features.mjs', 'surrogate rules and effect sizes vs scikit-learn'],
  viz: ['viz/charts.mjs', 'chart building time and spec size'],
  separation: ['separation/quality.mjs', 'ARI/NMI of each separator with automatic and true k'],
};

const [name, ...rest] = process.argv.slice(2);
if (!name || !BENCHES[name]) {
  if (name) console.error(`Unknown benchmark "${name}".\n`);
  console.log('Benchmarks (npm run bench -- <name> [args]):\n');
  for (const [key, [file, what]] of Object.entries(BENCHES)) {
    if (existsSync(join(here, file))) console.log(`  ${key.padEnd(20)} ${what}  (bench/${file})`);
  }
  process.exit(name ? 2 : 0);
}
const script = join(here, BENCHES[name][0]);
const r = spawnSync(process.execPath, [script, ...rest], { stdio: 'inherit' });
process.exit(r.status ?? 1);
