// c-TF-IDF keywords on a labelled text CSV, grouped by the true labels and by k-means clusters of
// TF-IDF + LSA vectors; agreement of our c-TF-IDF with a scikit-learn re-implementation of
// BERTopic's formula; timings.
//
//   node bench/explain/wordnet-keywords.mjs <data.csv> [--k 10] [--seed 42] [--lsa 50] [--text text] [--label label]
//
// The library is bundled from src/ with esbuild into a temporary file, so no build is needed.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const path = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!path) {
  console.error('usage: node bench/explain/wordnet-keywords.mjs <data.csv> [--k 10] [--seed 42]');
  process.exit(2);
}
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const k = Number(opt('k', 10));
const seed = Number(opt('seed', 42));
// 50 LSA dimensions: on WordNet glosses ARI 0.18 vs 0.10 with 100 (one cluster then swallows 3,178 rows).
const lsa = Number(opt('lsa', 50));
const textCol = opt('text', 'text');
const labelCol = opt('label', 'label');

/** RFC 4180 CSV → objects. */
function readCsv(file) {
  const text = readFileSync(file, 'utf8');
  const rows = [];
  let field = '';
  let row = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') (field += '"'), i++;
        else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field), (field = ''), rows.push(row), (row = []);
    } else field += c;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  return body.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j] ?? ''])));
}

// Inside node_modules so the bundle's external imports (zod, ml-matrix...) resolve.
mkdirSync(join(here, '../../node_modules/.cache'), { recursive: true });
const dir = mkdtempSync(join(here, '../../node_modules/.cache/hfs-explain-bench-'));
let lib;
try {
  const out = join(dir, 'lib.mjs');
  await build({ entryPoints: [join(here, 'entry.ts')], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error', packages: 'external', absWorkingDir: join(here, '../..') });
  lib = await import(pathToFileURL(out).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const rows = readCsv(path);
const docs = rows.map((r) => r[textCol]);
const names = [...new Set(rows.map((r) => r[labelCol]))].sort();
const truth = Int32Array.from(rows, (r) => names.indexOf(r[labelCol]));
console.log(`${rows.length} rows, ${names.length} classes (${path.split('/').pop()})\n`);

// Tuned for readable topic names: WordNet glosses are definitions, so definitional filler
// ("used", "kind", "especially"...) is stop-worded on top of the English list, terms must occur
// in at least 5 glosses, word pairs are allowed, and class term frequencies are square-rooted
// (reduceFrequentWords) so a few very frequent words ("north america") do not dominate.
const glossFiller = ['used', 'use', 'usually', 'especially', 'kind', 'type', 'form', 'made', 'make', 'various', 'having', 'something', 'someone', 'person', 'one', 'two', 'often', 'etc', 'small', 'large', 'certain', 'part', 'member', 'genus', 'family', 'consisting', 'containing', 'particular'];
const tuned = { ngramRange: [1, 2], minDf: 5, stopWords: [...lib.stopWords('en'), ...glossFiller], reduceFrequentWords: true, topN: 30 };
// MMR re-ranking with the bundled GloVe-100d word vectors (offline), BERTopic's diversity 0.1.
const embedder = lib.createEmbedder('glove-100d');
let tMmr = 0;

const table = async (title, topics, nameOf) => {
  console.log(`### ${title}\n\n| group | size | label (c-TF-IDF + MMR) | c-TF-IDF top 8 | after MMR (GloVe, diversity 0.1) top 8 |\n| --- | --- | --- | --- | --- |`);
  for (const t of topics) {
    const terms = t.keywords.slice(0, 8).map((w) => w.term);
    const t1 = performance.now();
    const mmr = (await lib.mmrKeywords(t.keywords, embedder, { diversity: 0.1, topN: 8 })).map((w) => w.term);
    tMmr += performance.now() - t1;
    console.log(`| ${nameOf(t.cluster)} | ${t.size} | ${lib.topicLabel(t.cluster, mmr)} | ${terms.join(', ')} | ${mmr.join(', ')} |`);
  }
  console.log('');
};

let t0 = performance.now();
const plain = await lib.ctfidf(docs, truth, { topN: 10 });
const tPlain = performance.now() - t0;
t0 = performance.now();
const byTruth = await lib.ctfidf(docs, truth, tuned);
const tTuned = performance.now() - t0;
await table('By the true labels', byTruth.topics, (c) => names[c]);

// k-means on TF-IDF + LSA vectors (the project's own TF-IDF embedder and k-means).
t0 = performance.now();
const x = await lib.tfidf(docs, { lsa, seed });
const km = await lib.kmeans(x, { k, seed, nInit: 5 });
const tCluster = performance.now() - t0;
const ari = lib.adjustedRandIndex(truth, km.labels);
const byCluster = await lib.ctfidf(docs, km.labels, tuned);
// Name each cluster by its majority true class, to check the keywords against it.
const majority = (c) => {
  const counts = new Map();
  for (let i = 0; i < km.labels.length; i++) if (km.labels[i] === c) counts.set(truth[i], (counts.get(truth[i]) ?? 0) + 1);
  const [best, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  const size = [...counts.values()].reduce((s, v) => s + v, 0);
  return `k${c}: ${Math.round((100 * n) / size)}% ${names[best]}`;
};
await table(`By k-means clusters (k = ${k}, TF-IDF + LSA ${lsa}, seed ${seed}, 5 inits; ARI vs labels ${ari.toFixed(3)})`, byCluster.topics, majority);

// Agreement with the scikit-learn re-implementation of BERTopic's c-TF-IDF (unigrams; sklearn's
// token pattern splits hyphens and drops 1-letter tokens, so we do the same).
const refOptions = { hyphens: 'split', dropNumbers: false, minLength: 2, topN: 10 };
const ours = await lib.ctfidf(docs, truth, refOptions);
let overlap = 0;
let ref;
try {
  const input = JSON.stringify({ docs, labels: Array.from(truth), stop_words: [...lib.stopWords('en')] });
  ref = JSON.parse(execFileSync('/usr/bin/python3', [join(here, 'ctfidf_reference.py')], { input, maxBuffer: 1 << 26 }).toString());
} catch (e) {
  console.log(`(reference skipped: ${e.message.split('\n')[0]})`);
}
if (ref) {
  for (const t of ours.topics) {
    const a = new Set(t.keywords.map((w) => w.term));
    overlap += (ref[String(t.cluster)] ?? []).filter((w) => a.has(w)).length / 10;
  }
  console.log(`Top-10 agreement with scikit-learn + BERTopic formula (unigrams, true labels): ${(100 * overlap / ours.topics.length).toFixed(1)}%\n`);
}

console.log('| step | time |\n| --- | --- |');
console.log(`| c-TF-IDF, unigrams, defaults (${rows.length} docs) | ${tPlain.toFixed(0)} ms |`);
console.log(`| c-TF-IDF, 1–2-grams, tuned | ${tTuned.toFixed(0)} ms |`);
console.log(`| TF-IDF + LSA(${lsa}) + k-means (5 inits) | ${tCluster.toFixed(0)} ms |`);
console.log(`| MMR re-ranking, 30 candidates → 8, all ${byTruth.topics.length + byCluster.topics.length} groups (GloVe load included) | ${tMmr.toFixed(0)} ms |`);
console.log('\nUntuned (English stop words only, unigrams) top 5 by true label:');
for (const t of plain.topics) console.log(`- ${names[t.cluster]}: ${t.keywords.slice(0, 5).map((w) => w.term).join(', ')}`);
