// How well do the separators find the known groups? ARI / NMI against the label column, with
// automatic k (no options beyond the columns) and with the true k, next to the scikit-learn
// reference pipelines of the shared data README (given the true k).
//
//   npx tsup && node bench/separation/quality.mjs ../shared/data/num_*.csv ../shared/data/text_*.csv
//
// Files named text_* go to SemanticSeparator (column `text`), num_* to NumericalSeparator (every
// numeric/categorical column except id and label; `island` is dropped for penguins because it is
// confounded with species). When text_wordnet_glosses.csv is given, a mixed table is also built
// from it for MultiModalSeparator: the gloss text plus three columns derived from the lemmas (not
// the gloss): number of synonyms, words per lemma, and whether a lemma is a proper name.
// HFS_ENTRY can point at another build of the library (default ../../dist/index.js).
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const lib = await import(process.env.HFS_ENTRY ?? join(here, '../../dist/index.js'));
const { SemanticSeparator, NumericalSeparator, MultiModalSeparator, loadData, adjustedRandIndex, normalizedMutualInfo } = lib;

// scikit-learn pipelines with k = the true number of classes (shared data README).
const REFERENCE = {
  text_fortunes: ['TF-IDF + LSA(100) + k-means', 0.093, 0.193],
  text_wordnet_glosses: ['TF-IDF + LSA(100) + k-means', 0.146, 0.295],
  num_iris: ['standardised k-means', 0.62, 0.659],
  num_wine: ['standardised k-means', 0.915, 0.893],
  num_penguins: ['standardised k-means', 0.793, 0.786],
};
const CONFOUNDED = new Set(['island']);

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node bench/separation/quality.mjs <num_*.csv | text_*.csv> ...');
  process.exit(1);
}

function codes(values) {
  const m = new Map();
  return Array.from(values, (v) => {
    const k = String(v);
    if (!m.has(k)) m.set(k, m.size);
    return m.get(k);
  });
}

const lines = [];
async function measure(set, separatorName, make, data, truth) {
  const k = new Set(truth).size;
  for (const clusters of ['auto', k]) {
    const t0 = performance.now();
    const result = await make(clusters).separate(data, { seed: 42 });
    const s = (performance.now() - t0) / 1000;
    const kept = Array.from(result.labels.keys()).filter((i) => result.skipped[i] === 0);
    const t = kept.map((i) => truth[i]);
    const p = kept.map((i) => result.labels[i]);
    const ref = REFERENCE[set];
    lines.push([set, separatorName, clusters === 'auto' ? `auto → ${result.numClusters}` : `true ${k}`, adjustedRandIndex(t, p).toFixed(3), normalizedMutualInfo(t, p).toFixed(3), ref ? `${ref[1].toFixed(3)} / ${ref[2].toFixed(3)}` : '', s.toFixed(1)]);
    console.error(`  ${set} ${separatorName} ${clusters}: done in ${s.toFixed(1)} s`);
  }
}

for (const file of files) {
  const set = basename(file).replace(/\.csv$/, '');
  const data = await loadData(file);
  const truth = codes(data.table.array('label'));
  if (set.startsWith('text_')) {
    await measure(set, 'SemanticSeparator', (clusters) => new SemanticSeparator({ textColumns: ['text'], clusters }), data, truth);
    if (set === 'text_wordnet_glosses') {
      const rows = data.table.objects().map((r) => {
        const lemmas = String(r.lemmas).split(',').map((s) => s.trim()).filter(Boolean);
        return {
          id: r.id,
          text: r.text,
          synonyms: lemmas.length,
          lemma_words: lemmas.reduce((s, l) => s + l.split(/[\s-]+/).length, 0) / Math.max(1, lemmas.length),
          proper: lemmas.some((l) => /^[A-Z]/.test(l)) ? 'yes' : 'no',
        };
      });
      await measure('wordnet mixed (gloss + lemma columns)', 'MultiModalSeparator', (clusters) => new MultiModalSeparator({ textColumns: ['text'], columns: ['synonyms', 'lemma_words', 'proper'], idColumn: 'id', clusters }), rows, truth);
    }
  } else {
    const columns = data.columns.filter((c) => !['id', 'label'].includes(c.name) && !CONFOUNDED.has(c.name) && ['numeric', 'categorical', 'boolean'].includes(c.kind)).map((c) => c.name);
    await measure(set, 'NumericalSeparator', (clusters) => new NumericalSeparator({ columns, clusters }), data, truth);
  }
}

const header = ['data set', 'separator', 'k', 'ARI', 'NMI', 'reference ARI / NMI (true k)', 'seconds'];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map((h, i) => (i >= 3 ? '---:' : '---')).join('|')}|`);
for (const l of lines) console.log(`| ${l.join(' | ')} |`);
