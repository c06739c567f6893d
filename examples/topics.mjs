// Topics of 600 WordNet definitions with the offline model: keywords, labels, representative rows,
// and similarity search. Run after `npm ci` (which builds the package):  node examples/topics.mjs [out-dir]
import { adjustedRandIndex, loadData, normalizedMutualInfo, SemanticSeparator } from '../dist/index.js';
import { saveDashboard } from '../dist/node.js';

const outDir = process.argv[2] ?? 'out/topics';
const data = await loadData('examples/data/wordnet_glosses_sample.csv');
const separator = new SemanticSeparator({ textColumns: ['text'], idColumn: 'id' });
const result = await separator.separate(data, { seed: 42 });

console.log(`${result.numRows} definitions → ${result.numClusters} topics`);
for (const c of result.clusters) {
  const terms = (c.keywords ?? []).slice(0, 5).map((k) => k.term).join(', ');
  console.log(`  ${String(c.cluster).padStart(2)} (${String(c.size).padStart(3)})  ${c.label.padEnd(32)} ${terms}`);
}
const truth = Array.from(data.table.array('label'));
console.log(`ARI ${adjustedRandIndex(truth, result.labels).toFixed(3)}, NMI ${normalizedMutualInfo(truth, result.labels).toFixed(3)} against the lexicographer groups`);

const hits = await separator.nearest('a tree of the pine family', 3);
console.log('nearest to "a tree of the pine family":', hits.map((h) => JSON.stringify(h.text ?? h)).join(' | '));

await result.save(outDir);
await saveDashboard(outDir, result.specs.dashboard, { formats: ['html'], title: 'WordNet topics' });
console.log(`Results and dashboard.html in ${outDir}/`);
