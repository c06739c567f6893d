// Separate the Palmer penguins by their body measurements, with no tuning, and compare with species.
// Run after `npm ci` (which builds the package):  node examples/penguins.mjs [out-dir]
import { adjustedRandIndex, loadData, NumericalSeparator } from '../dist/index.js';
import { saveDashboard } from '../dist/node.js';

const outDir = process.argv[2] ?? 'out/penguins';
const data = await loadData('examples/data/penguins.csv');
const separator = new NumericalSeparator({
  columns: ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex'],
  idColumn: 'id',
});
const result = await separator.separate(data, { seed: 42 });

console.log(`${result.numRows} penguins → ${result.numClusters} groups`);
for (const c of result.clusters) console.log(`  ${c.cluster}: ${c.size} rows  ${c.label}`);
for (const choice of result.choices) console.log(`  chose ${choice.stage} ${choice.option} = ${JSON.stringify(choice.value)}: ${choice.reason}`);

console.log(`ARI against species: ${adjustedRandIndex(Array.from(data.table.array('label')), result.labels).toFixed(3)}`);

await result.save(outDir);
await saveDashboard(outDir, result.specs.dashboard, { formats: ['html'], title: 'Palmer penguins' });
console.log(`Results and dashboard.html in ${outDir}/`);
