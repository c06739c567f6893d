// Numeric/categorical explanations on labelled CSVs: surrogate-tree rules (ours vs scikit-learn's
// DecisionTreeClassifier on the same design matrix), effect sizes, and timings at 100k rows.
//
//   node bench/explain/features.mjs <data.csv>... [--label label] [--rows 100000]
//
// Groups are the CSV's label column (e.g. penguin species), so rules can be checked by eye.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const paths = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (paths.length === 0) {
  console.error('usage: node bench/explain/features.mjs <data.csv>... [--label label] [--rows 100000]');
  process.exit(2);
}
const labelCol = opt('label', 'label');
const bigRows = Number(opt('rows', 100000));

mkdirSync(join(here, '../../node_modules/.cache'), { recursive: true });
const dir = mkdtempSync(join(here, '../../node_modules/.cache/hfs-explain-bench-'));
let lib;
try {
  const out = join(dir, 'lib.mjs');
  await build({ entryPoints: [join(here, 'entry.ts')], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error', packages: 'external' });
  lib = await import(pathToFileURL(out).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function readCsv(file) {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const cols = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, j) => [cols[j], v])));
}

const reference = (x, y, maxDepth, minLeaf) => {
  try {
    const input = JSON.stringify({ x: Array.from({ length: x.rows }, (_, i) => Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols))), y: Array.from(y), max_depth: maxDepth, min_samples_leaf: minLeaf });
    return JSON.parse(execFileSync('/usr/bin/python3', [join(here, 'cart_reference.py')], { input, maxBuffer: 1 << 28 }).toString());
  } catch (e) {
    return { error: e.message.split('\n')[0] };
  }
};

console.log('| data | rows | columns | ours: fidelity | scikit-learn: fidelity | same root split | ours: time |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
const ruleTables = [];
for (const path of paths) {
  const rows = readCsv(path).filter((r) => Object.values(r).every((v) => v !== '' && v !== 'NA'));
  const names = [...new Set(rows.map((r) => r[labelCol]))].sort();
  const labels = Int32Array.from(rows, (r) => names.indexOf(r[labelCol]));
  const features = rows.map(({ [labelCol]: _l, id: _id, ...rest }) => rest);
  const table = lib.featureTableFromRows(features);
  const t0 = performance.now();
  const rules = lib.surrogateRules(table, labels, { maxDepth: 3, minLeaf: 0.01 });
  const ms = performance.now() - t0;
  const { x } = lib.designMatrix(table);
  const minLeaf = Math.max(1, Math.ceil(0.01 * rows.length));
  const ref = reference(x, labels, 3, minLeaf);
  const root = rules.tree.nodes[0];
  const same = ref.error ? 'n/a' : root.feature === ref.root_feature && Math.abs(root.threshold - ref.root_threshold) < 1e-6 ? 'yes' : `no (${ref.root_feature} ≤ ${ref.root_threshold})`;
  const name = path.split('/').pop();
  console.log(`| ${name} | ${rows.length} | ${x.cols} | ${rules.fidelity.toFixed(3)} | ${ref.error ? ref.error : ref.fidelity.toFixed(3)} | ${same} | ${ms.toFixed(1)} ms |`);
  const effects = lib.clusterFeatureEffects(table, labels, { topN: 2 });
  const lines = [`#### ${name} (groups = ${labelCol})`, '', '| group | best rule (precision, coverage) | strongest effects |', '| --- | --- | --- |'];
  for (const [c, list] of rules.rules) {
    const r = list[0];
    lines.push(`| ${names[c]} | ${r.text} (${r.precision.toFixed(2)}, ${r.coverage.toFixed(2)}) | ${(effects.get(c) ?? []).map((e) => e.detail).join('; ')} |`);
  }
  ruleTables.push(lines.join('\n'));
}
console.log('');
for (const t of ruleTables) console.log(`${t}\n`);

// Quality report of the first data set's groups on its standardised numeric columns, named by the
// FeatureExplainer.
{
  const rows = readCsv(paths[0]).filter((r) => Object.values(r).every((v) => v !== '' && v !== 'NA'));
  const names = [...new Set(rows.map((r) => r[labelCol]))].sort();
  const labels = Int32Array.from(rows, (r) => names.indexOf(r[labelCol]));
  const table = lib.featureTableFromRows(rows.map(({ [labelCol]: _l, id: _id, ...rest }) => rest));
  const cols = Object.values(table.numeric);
  const features = { data: new Float64Array(rows.length * cols.length), rows: rows.length, cols: cols.length };
  cols.forEach((col, j) => {
    const m = col.reduce((s, v) => s + v, 0) / col.length;
    const sd = Math.sqrt(col.reduce((s, v) => s + (v - m) ** 2, 0) / (col.length - 1));
    for (let i = 0; i < rows.length; i++) features.data[i * cols.length + j] = (col[i] - m) / sd;
  });
  const explanations = await new lib.FeatureExplainer({ minLeaf: 0.02 }).explain({ labels, features, rows, numericColumns: Object.keys(table.numeric), categoricalColumns: Object.keys(table.categorical) });
  const report = lib.qualityReport({ features, labels, explanations });
  console.log(lib.qualityReportMarkdown(report, { title: `Quality of the ${paths[0].split('/').pop()} groups (standardised numeric columns)` }));
}

// Scale: synthetic rows, 10 numeric + 2 categorical columns, 8 groups defined by thresholds.
const rng = lib.createRng(1);
const n = bigRows;
const numeric = {};
for (let j = 0; j < 10; j++) numeric[`x${j}`] = Float64Array.from({ length: n }, () => rng.normal());
const categorical = { region: Array.from({ length: n }, () => ['north', 'south', 'east', 'west'][rng.int(4)]), tier: Array.from({ length: n }, () => ['a', 'b', 'c'][rng.int(3)]) };
const labels = Int32Array.from({ length: n }, (_, i) => (numeric.x0[i] > 0 ? 1 : 0) + (numeric.x1[i] > 0.5 ? 2 : 0) + (categorical.region[i] === 'north' ? 4 : 0));
const big = { numeric, categorical };
const features = { data: new Float64Array(n * 10), rows: n, cols: 10 };
for (let i = 0; i < n; i++) for (let j = 0; j < 10; j++) features.data[i * 10 + j] = numeric[`x${j}`][i];
const time = (f) => {
  const t = performance.now();
  const v = f();
  return [v, performance.now() - t];
};
const [sr, tRules] = time(() => lib.surrogateRules(big, labels, { maxDepth: 3 }));
const [, tEffects] = time(() => lib.clusterFeatureEffects(big, labels));
const [qr, tQuality] = time(() => lib.qualityReport({ features, labels }, { silhouetteSampleSize: 5000 }));
const { x: bx } = lib.designMatrix(big);
const [refBig, tRef] = time(() => reference(bx, labels, 3, Math.ceil(0.01 * n)));
console.log(`Synthetic ${n} rows × 16 design columns, 8 groups:\n`);
console.log('| step | ours | scikit-learn |\n| --- | --- | --- |');
console.log(`| surrogate tree depth 3 (fidelity) | ${tRules.toFixed(0)} ms (${sr.fidelity.toFixed(3)}) | ${tRef.toFixed(0)} ms incl. JSON + Python start (${refBig.fidelity?.toFixed(3)}) |`);
console.log(`| effect sizes (d, Welch t, lift, hypergeometric p) | ${tEffects.toFixed(0)} ms | – |`);
console.log(`| quality report (silhouette on 5,000 sampled rows) | ${tQuality.toFixed(0)} ms (silhouette ${qr.overall.silhouette.toFixed(3)}) | – |`);
