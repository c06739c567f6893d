import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError } from '../core/errors.js';
import { loadData } from '../data/dataset.js';
import { listModels, bundledModelsDirectory, loadTransformers } from '../embeddings/index.js';
import { explainRow } from '../explain/similarity.js';
import { featureTableFromRows } from '../explain/table.js';
import { predictWithModel } from '../pipeline/model.js';
import { cleanText } from '../pipeline/stages.js';
import type { CliIO } from './program.js';
import { readModelFolder, rowsToCsv, ensureDir } from './output.js';

/** `hf-separate models`: presets, what is cached, what works offline. */
export async function modelsCommand(io: CliIO, flags: { cacheDir?: string; json?: boolean }): Promise<void> {
  const env = io.env ?? {};
  let cacheDir = flags.cacheDir ?? env.TRANSFORMERS_CACHE;
  if (!cacheDir) {
    const tf = await loadTransformers();
    cacheDir = (tf.env as { cacheDir?: string }).cacheDir ?? undefined;
  }
  const bundled = await bundledModelsDirectory();
  const rows = listModels().map((m) => {
    const cached = !m.bundled && cacheDir !== undefined && existsSync(join(cacheDir, m.id));
    const local = m.bundled && bundled !== undefined && existsSync(join(bundled, m.id));
    return {
      id: m.id,
      dimensions: m.dimensions,
      languages: m.languages.join(','),
      license: m.license,
      bundled: m.bundled,
      cached,
      offline: local || cached,
      sizeMB: m.sizeMB,
    };
  });
  if (flags.json) {
    io.stdout.write(`${JSON.stringify({ cacheDir: cacheDir ?? null, models: rows }, null, 2)}\n`);
    return;
  }
  io.stdout.write(`model cache: ${cacheDir ?? '(transformers.js default)'}\n\n`);
  io.stdout.write(`${'model'.padEnd(44)} ${'dims'.padStart(5)}  ${'languages'.padEnd(10)} ${'licence'.padEnd(12)} offline\n`);
  for (const r of rows) {
    const where = r.bundled ? 'yes (bundled)' : r.cached ? 'yes (cached)' : 'no: downloads on first use';
    io.stdout.write(`${r.id.padEnd(44)} ${String(r.dimensions).padStart(5)}  ${r.languages.padEnd(10).slice(0, 10)} ${r.license.padEnd(12)} ${where}\n`);
  }
}

/** `hf-separate predict <out-dir> <new-file>`. */
export async function predictCommand(io: CliIO, dir: string, input: string, flags: { out?: string; quiet?: boolean; json?: boolean }): Promise<void> {
  const { model, vectors } = await readModelFolder(dir);
  const p = await predictWithModel(model, vectors, input, io.signal ? { signal: io.signal } : {});
  const rows = p.ids.map((id, i) => ({
    [p.idColumn]: id,
    cluster: p.labels[i],
    probability: p.skipped[i] ? null : round(p.probabilities[i]!),
    outlier_score: p.skipped[i] ? null : round(p.outlierScores[i]!),
    skipped: p.skipped[i] === 1,
  }));
  const out = flags.out ?? join(dir, 'predictions.csv');
  await ensureDir(dirname(out));
  await writeFile(out, rowsToCsv(rows, [p.idColumn, 'cluster', 'probability', 'outlier_score', 'skipped']));
  const counts = new Map<number, number>();
  for (const l of p.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const summary = { out, rows: p.ids.length, outliers: counts.get(-1) ?? 0, skipped: p.skipped.reduce((s, v) => s + v, 0), clusters: Object.fromEntries([...counts].sort((a, b) => a[0] - b[0])) };
  if (flags.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
  else if (!flags.quiet) io.stdout.write(`${summary.rows} rows assigned (${summary.outliers} outliers, ${summary.skipped} skipped). Written to ${out}\n`);
}

/** `hf-separate explain <out-dir> --row <id>`. */
export async function explainCommand(io: CliIO, dir: string, flags: { row: string; data?: string; json?: boolean }): Promise<void> {
  const { model, vectors, report } = await readModelFolder(dir);
  const source = flags.data ?? (report.data as { source?: string } | undefined)?.source;
  if (!source || !existsSync(source)) {
    throw new InputError(`The input data of this run ${source ? `("${source}") ` : ''}cannot be found.`, {
      code: 'FILE_NOT_FOUND',
      field: 'data',
      fix: 'Pass the data file with --data <file>.',
    });
  }
  const index = model.training.ids.findIndex((id) => String(id) === flags.row);
  if (index < 0) {
    throw new InputError(`No clustered row has id "${flags.row}" in ${dir}.`, {
      code: 'UNKNOWN_ROW',
      field: 'row',
      fix: `Use an id from the ${model.idColumn} column of assignments.csv (skipped rows cannot be explained).`,
    });
  }
  const data = await loadData(source);
  const all = data.table.objects() as Record<string, unknown>[];
  const byId = new Map(all.map((r, i) => [String(model.used.id ? r[model.used.id] : i), r]));
  const rows = model.training.ids.map((id) => byId.get(String(id)) ?? {});
  const texts = model.used.text.length ? rows.map((r) => cleanText(model.used.text.map((c) => (r[c] == null ? '' : String(r[c]))).join('\n'))) : undefined;
  const clusters = (report.clusters as { cluster: number; label: string; keywords?: { term: string }[] }[]) ?? [];
  const keywords: Record<number, string[]> = {};
  for (const c of clusters) if (c.keywords) keywords[c.cluster] = c.keywords.map((k) => k.term);
  const table = model.used.numeric.length + model.used.categorical.length > 0
    ? featureTableFromRows(rows, { numericColumns: model.used.numeric, categoricalColumns: model.used.categorical })
    : undefined;
  const explanation = explainRow(
    index,
    {
      features: { data: vectors, rows: model.training.rows, cols: model.training.cols },
      labels: model.training.labels,
      probabilities: model.training.probabilities,
      ...(texts ? { texts } : {}),
      keywords,
      ...(table ? { table } : {}),
    },
    { k: 3 },
  );
  const label = clusters.find((c) => c.cluster === explanation.cluster)?.label;
  const exemplars = explanation.exemplars.map((e) => ({ ...e, id: model.training.ids[e.row] }));
  if (flags.json) {
    io.stdout.write(`${JSON.stringify({ id: flags.row, label, ...explanation, exemplars }, null, 2)}\n`);
    return;
  }
  io.stdout.write(`${explanation.summary.replace(/^Row \d+/, `Row ${flags.row}`)}\n`);
  if (label) io.stdout.write(`cluster ${explanation.cluster}: ${label}\n`);
  if (exemplars.length) io.stdout.write(`nearest rows in the same cluster: ${exemplars.map((e) => `${e.id} (${e.distance.toFixed(3)})`).join(', ')}\n`);
  if (explanation.closestFeatures?.length) {
    io.stdout.write(`typical of the cluster in: ${explanation.closestFeatures.map((f) => `${f.feature} = ${f.value} (cluster mean ${round(f.clusterMean)})`).join('; ')}\n`);
  }
  if (explanation.sharedTerms?.length) io.stdout.write(`shares the cluster's terms: ${explanation.sharedTerms.join(', ')}\n`);
}

function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : x;
}
