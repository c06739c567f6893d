import type { ClusteringEngine, ClusteringResult, EmbeddingGenerator, Explainer, Reducer } from '../core/contracts.js';
import { ConfigError } from '../core/errors.js';
import { totalVariance, type Matrix } from '../core/matrix.js';
import type { ProgressCallback } from '../core/progress.js';
import { buildFeatures, type Features, type FittedFeatures } from '../data/features.js';
import { columnsOfKind, requireColumns } from '../data/dataset.js';
import { isMissing } from '../data/missing.js';
import type { Dataset } from '../data/types.js';
import { builtinClusterers, builtinEmbedders, builtinExplainers, builtinReducers, type StageFactory } from './builtins.js';
import { PreprocessConfigSchema, type PreprocessConfig } from './config.js';
import { createEmbedder, type CreateEmbedderOptions } from '../embeddings/create.js';
import type { AutomaticChoice, DataReport } from './result.js';

/** What the preprocess stage hands on. */
export interface PreparedData {
  /** One text per kept row (the text columns joined), when the data has text columns. */
  texts?: string[];
  /** The tabular features of kept rows, when the data has numeric or categorical columns. */
  features?: Features;
  /** Input row index of each kept row. */
  rowIndex: Int32Array;
  /** Row id per INPUT row. */
  ids: (string | number)[];
  idColumn: string;
  report: DataReport;
  choices: AutomaticChoice[];
}

const MAX_AUTO_CATEGORIES = 20;

/**
 * The preprocess stage as a plain function: picks the columns by role (given or inferred), builds the
 * scaled tabular features, joins and cleans the text columns, and reports missing and skipped rows.
 *
 * @example const prepared = prepareData(await loadData(rows), { numericColumns: ['a', 'b'] });
 */
export function prepareData(data: Dataset, config: PreprocessConfig = {}, fitted?: FittedFeatures): PreparedData {
  const o = PreprocessConfigSchema.parse(config);
  const choices: AutomaticChoice[] = [];
  const explicit = o.textColumns ?? o.numericColumns ?? o.categoricalColumns;
  const text = o.textColumns ?? (explicit ? [] : columnsOfKind(data, 'text'));
  const numeric = o.numericColumns ?? (explicit ? [] : [...columnsOfKind(data, 'numeric'), ...columnsOfKind(data, 'boolean')]);
  const categorical =
    o.categoricalColumns ??
    (explicit
      ? []
      : data.columns.filter((c) => c.kind === 'categorical' && c.distinct >= 2 && c.distinct <= MAX_AUTO_CATEGORIES).map((c) => c.name));
  requireColumns(data, text, 'a text column');
  requireColumns(data, numeric, 'a numeric column');
  requireColumns(data, categorical, 'a categorical column');
  if (!explicit) {
    choices.push({
      stage: 'preprocess',
      option: 'columns',
      value: { text, numeric, categorical },
      reason: `inferred from the data: ${data.columns.map((c) => `${c.name} (${c.kind}: ${c.reason})`).join('; ')}`,
    });
  }
  let idColumn = o.idColumn;
  if (idColumn !== undefined) requireColumns(data, [idColumn], 'the id column');
  else idColumn = columnsOfKind(data, 'id')[0];
  if (text.length + numeric.length + categorical.length === 0) {
    throw new ConfigError(`No usable columns in ${data.source ?? 'the data'}: nothing is text, numeric or categorical.`, {
      code: 'NO_FEATURES',
      field: 'columns',
      fix: `Name the columns to use (textColumns / numericColumns / categoricalColumns). Columns: ${data.columns
        .map((c) => `${c.name} (${c.kind})`)
        .join(', ')}.`,
    });
  }

  const n = data.numRows;
  const ids: (string | number)[] = new Array(n);
  if (idColumn !== undefined) {
    const raw = data.table.array(idColumn) as ArrayLike<unknown>;
    for (let i = 0; i < n; i++) ids[i] = isMissing(raw[i]) ? i : (raw[i] as string | number);
  } else {
    for (let i = 0; i < n; i++) ids[i] = i;
  }

  let features: Features | undefined;
  if (numeric.length + categorical.length > 0) {
    features = buildFeatures(data, { numeric, categorical, scaling: o.scaling, missing: o.missing, ...(o.categoricalWeight !== undefined ? { categoricalWeight: o.categoricalWeight } : {}) }, fitted);
  }
  const rowIndex = features?.rowIndex ?? Int32Array.from({ length: n }, (_, i) => i);

  let texts: string[] | undefined;
  let emptyTexts = 0;
  if (text.length > 0) {
    const columns = text.map((name) => data.table.array(name) as ArrayLike<unknown>);
    texts = new Array(rowIndex.length);
    for (let k = 0; k < rowIndex.length; k++) {
      const i = rowIndex[k]!;
      const parts: string[] = [];
      for (const col of columns) {
        const v = col[i];
        if (!isMissing(v)) parts.push(String(v));
      }
      let t = parts.join('\n');
      if (o.cleanText) t = cleanText(t);
      if (t.length === 0) emptyTexts++;
      texts[k] = t;
    }
  }

  const report: DataReport = {
    rows: n,
    columns: data.columns,
    used: { text, numeric, categorical, ...(idColumn !== undefined ? { id: idColumn } : {}) },
    missing: features?.missing ?? [],
    skipped: features?.skipped ?? [],
    emptyTexts,
    ...(data.source !== undefined ? { source: data.source } : {}),
  };
  return {
    ...(texts ? { texts } : {}),
    ...(features ? { features } : {}),
    rowIndex,
    ids,
    idColumn: idColumn ?? 'row',
    report,
    choices,
  };
}

/** Unicode NFKC, control characters removed, whitespace collapsed. @example cleanText(' a\u00a0 b ') // 'a b' */
export function cleanText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Joins the text block and the tabular block into one matrix. Each block is multiplied by a factor
 * that makes its total variance equal its weight squared, so neither drowns the other whatever their
 * widths. Pass `factors` (from a previous call) to transform new rows exactly like the training rows.
 *
 * @example const { matrix, factors } = combineBlocks([{ matrix: text, weight: 1 }, { matrix: tabular, weight: 0.5 }]);
 */
export function combineBlocks(
  blocks: { matrix: Matrix; weight: number }[],
  factors?: readonly number[],
): { matrix: Matrix<Float64Array>; factors: number[] } {
  const present = blocks.filter((b) => b.matrix.cols > 0);
  const used = present.map((b, k) =>
    factors?.[k] ?? (present.length === 1 && b.weight === 1 ? 1 : b.weight / Math.sqrt(Math.max(totalVariance(b.matrix), 1e-12))),
  );
  if (present.length === 1 && used[0] === 1) {
    const m = present[0]!.matrix;
    const matrix = m.data instanceof Float64Array ? (m as Matrix<Float64Array>) : { data: Float64Array.from(m.data), rows: m.rows, cols: m.cols };
    return { matrix, factors: used };
  }
  const rows = present[0]!.matrix.rows;
  const cols = present.reduce((s, b) => s + b.matrix.cols, 0);
  const out = new Float64Array(rows * cols);
  let offset = 0;
  present.forEach(({ matrix: m }, k) => {
    const factor = used[k]!;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < m.cols; j++) out[i * cols + offset + j] = m.data[i * m.cols + j]! * factor;
    }
    offset += m.cols;
  });
  return { matrix: { data: out, rows, cols }, factors: used };
}

function resolve<T>(kind: string, registry: Record<string, StageFactory<T>>, name: string, options: Record<string, unknown>): T {
  const factory = registry[name];
  if (!factory) {
    const known = Object.keys(registry).sort();
    throw new ConfigError(`Unknown ${kind} "${name}".`, {
      code: 'UNKNOWN_METHOD',
      field: kind,
      fix: known.length ? `Use one of: ${known.join(', ')}, or pass an instance.` : `Pass an instance implementing the ${kind} interface.`,
    });
  }
  return factory(options);
}

/** Builds a reducer from a name (`'pca'`, `'umap'`, `'tsne'`) and options. */
export function createReducer(name: string, options: Record<string, unknown> = {}): Reducer {
  return resolve('reducer', builtinReducers, name, options);
}

/** Builds a clusterer from a name (`'kmeans'`, `'hdbscan'`, ...) and options. */
export function createClusterer(name: string, options: Record<string, unknown> = {}): ClusteringEngine {
  return resolve('clusterer', builtinClusterers, name, options);
}

/** Builds an explainer from a name (`'auto'`, `'ctfidf'`, `'features'`) and options. */
export function createExplainer(name: string, options: Record<string, unknown> = {}): Explainer {
  return resolve('explainer', builtinExplainers, name, options);
}

/**
 * Builds an embedding generator from a registered name (`'auto'`, `'tfidf'`, ...) or a Hugging Face
 * model id / local folder (handled by the `transformers` entry).
 */
export function createEmbeddingGenerator(model: string, options: Record<string, unknown> = {}): EmbeddingGenerator {
  if (builtinEmbedders[model]) return builtinEmbedders[model](options);
  return createEmbedder(model, options as CreateEmbedderOptions);
}

/**
 * Renumbers clusters so 0 is the largest (ties: first appearance); -1 stays -1. Returns the new labels
 * and the old → new map.
 *
 * @example relabelBySize(Int32Array.of(1, 0, 1, -1)).labels // Int32Array [0, 1, 0, -1]
 */
export function relabelBySize(labels: Int32Array): { labels: Int32Array; map: Map<number, number> } {
  const counts = new Map<number, { count: number; first: number }>();
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l < 0) continue;
    const c = counts.get(l);
    if (c) c.count++;
    else counts.set(l, { count: 1, first: i });
  }
  const order = [...counts.entries()].sort((a, b) => b[1].count - a[1].count || a[1].first - b[1].first);
  const map = new Map<number, number>(order.map(([old], k) => [old, k]));
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = labels[i]! < 0 ? -1 : map.get(labels[i]!)!;
  return { labels: out, map };
}

/** Forwards a stage's inner progress with the stage name filled in. */
export function stageProgress(onProgress: ProgressCallback | undefined, stage: string): ProgressCallback | undefined {
  if (!onProgress) return undefined;
  return (e) => onProgress({ ...e, stage, ...(e.stage !== stage ? { step: e.step ?? e.stage } : {}) });
}

/** Applies a clustering result's relabelling to its arrays. */
export function relabelResult(result: ClusteringResult): ClusteringResult & { labelMap: Map<number, number> } {
  const { labels, map } = relabelBySize(result.labels);
  return { ...result, labels, nClusters: map.size, labelMap: map };
}
