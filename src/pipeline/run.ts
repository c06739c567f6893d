import type { ClusteringEngine, ClusteringResult, EmbeddingGenerator, Explainer, ClusterExplanation, Reducer } from '../core/contracts.js';
import { InputError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { throwIfAborted, type RunOptions } from '../core/progress.js';
import { DEFAULT_SEED } from '../core/random.js';
import { isDataset, loadData } from '../data/dataset.js';
import type { DataInput, Dataset } from '../data/types.js';
import type { FittedFeatures } from '../data/features.js';
import { DEPENDENCY_VERSIONS, VERSION } from '../version.js';
import { PipelineConfigSchema, type ResolvedPipelineConfig } from './config.js';
import { SeparationResult, type AutomaticChoice, type ClusterSummary, type StageName, type StageRecord } from './result.js';
import {
  combineBlocks,
  createClusterer,
  createEmbeddingGenerator,
  createExplainer,
  createReducer,
  prepareData,
  relabelResult,
  stageProgress,
} from './stages.js';
import { computeMetrics, buildCharts, METRIC_SAMPLE } from './finish.js';

/** Stage instances given directly instead of by name (they do not round-trip through JSON). */
export interface StageInstances {
  embed?: EmbeddingGenerator;
  reduce?: Reducer;
  cluster?: ClusteringEngine;
  explain?: Explainer;
}

/** Options for one run. */
export interface SeparateRunOptions extends RunOptions {
  /** Seed for every random step (overrides the config's seed). */
  seed?: number;
}

/** The fitted parts of a run, for predicting new rows. */
export interface FittedStages {
  embedder?: EmbeddingGenerator;
  reducer?: Reducer;
  clusterer: ClusteringEngine;
  labelMap: Map<number, number>;
  /** Scaling and categories of the tabular columns. */
  tabular?: FittedFeatures;
  /** Block factors of `combineBlocks` (text first when present). */
  factors: number[];
  /** The combined feature matrix of the clustered rows, before reduction. */
  vectors: Matrix<Float64Array>;
  /** Cluster labels of those rows (sized-ordered, -1 = outlier). */
  labels: Int32Array;
  probabilities: Float64Array;
}

/**
 * Runs a pipeline config on data: load → preprocess → embed → reduce → cluster → project → explain →
 * visualize. Stages that do not apply are skipped with the reason recorded.
 *
 * @example
 * const result = await runSeparation(rows, { cluster: { method: 'kmeans', options: { k: 3 } } });
 */
export async function runSeparation(
  data: DataInput | Dataset,
  config: unknown = {},
  run: SeparateRunOptions = {},
  instances: StageInstances = {},
): Promise<SeparationResult> {
  const cfg: ResolvedPipelineConfig = PipelineConfigSchema.parse(config);
  const seed = run.seed ?? cfg.seed ?? DEFAULT_SEED;
  const { signal, onProgress } = run;
  const stages: StageRecord[] = [];
  const choices: AutomaticChoice[] = [];
  let clock = now();
  const done = (stage: StageName, status: StageRecord['status'], method?: string, reason?: string): void => {
    const t = now();
    stages.push({ stage, status, ...(method !== undefined ? { method } : {}), ...(reason !== undefined ? { reason } : {}), ms: t - clock });
    onProgress?.({ stage, done: 1, total: 1, message: status === 'skipped' ? `skipped: ${reason}` : `${stage} done` });
    clock = t;
  };
  const begin = (stage: StageName): void => {
    throwIfAborted(signal, stage);
    onProgress?.({ stage, done: 0, total: 1, message: `${stage}…` });
  };

  begin('load');
  const dataset: Dataset = isDataset(data) ? data : await loadData(data as DataInput, { ...(cfg.preprocess?.kinds ? { kinds: cfg.preprocess.kinds } : {}) });
  done('load', 'ran', undefined, `${dataset.numRows} rows, ${dataset.columns.length} columns`);

  begin('preprocess');
  const prepared = prepareData(dataset, cfg.preprocess ?? {});
  choices.push(...prepared.choices);
  const nKept = prepared.rowIndex.length;
  done('preprocess', 'ran', undefined, describePrepared(prepared.report.used, nKept, prepared.report.skipped.length));

  begin('embed');
  let textMatrix: Matrix | undefined;
  let embedder: EmbeddingGenerator | undefined = instances.embed;
  if (!prepared.texts) {
    done('embed', 'skipped', undefined, 'the data has no text columns');
  } else {
    const model = cfg.embed?.model ?? 'auto';
    if (!embedder) {
      embedder = createEmbeddingGenerator(model, { ...(cfg.embed?.options ?? {}) });
      if (!cfg.embed) choices.push({ stage: 'embed', option: 'model', value: embedder.id, reason: 'text columns found and no model given: the automatic default' });
    }
    textMatrix = await embedder.embed(prepared.texts, { ...(signal ? { signal } : {}), ...optProgress(stageProgress(onProgress, 'embed')) });
    done('embed', 'ran', embedder.id, `${textMatrix.rows} texts → ${textMatrix.cols} dimensions`);
  }

  const pre = cfg.preprocess;
  const blocks = [
    ...(textMatrix ? [{ matrix: textMatrix, weight: pre?.textWeight ?? 1 }] : []),
    ...(prepared.features && prepared.features.matrix.cols > 0 ? [{ matrix: prepared.features.matrix, weight: pre?.tabularWeight ?? 1 }] : []),
  ];
  if (blocks.length === 0) {
    throw new InputError('Nothing to cluster: the chosen columns gave no features.', {
      code: 'NO_FEATURES',
      field: 'columns',
      fix: 'Choose numeric, categorical or text columns (and an embedding model for text).',
    });
  }
  const { matrix: features, factors } = combineBlocks(blocks);

  begin('reduce');
  let reducer: Reducer | undefined = instances.reduce;
  let clusterInput: Matrix = features;
  if (!reducer && cfg.reduce) reducer = createReducer(cfg.reduce.method, { ...cfg.reduce.options });
  if (!reducer) {
    done('reduce', 'skipped', undefined, 'no reducer asked for');
  } else if (features.cols <= reducer.nComponents) {
    done('reduce', 'skipped', reducer.name, `the data has ${features.cols} dimensions, not more than ${reducer.nComponents}`);
    reducer = undefined;
  } else {
    clusterInput = await reducer.fit(features, { seed, ...(signal ? { signal } : {}), ...optProgress(stageProgress(onProgress, 'reduce')) });
    done('reduce', 'ran', reducer.name, `${features.cols} → ${clusterInput.cols} dimensions`);
  }

  begin('cluster');
  let clusterer = instances.cluster;
  if (!clusterer) {
    const method = cfg.cluster?.method ?? 'kmeans';
    clusterer = createClusterer(method, { ...(cfg.cluster?.options ?? {}) });
    if (!cfg.cluster) choices.push({ stage: 'cluster', option: 'method', value: method, reason: 'no clusterer given: k-means with automatic k is the default' });
  }
  const raw: ClusteringResult = await clusterer.fit(clusterInput, { seed, ...(signal ? { signal } : {}), ...optProgress(stageProgress(onProgress, 'cluster')) });
  const fitted = relabelResult(raw);
  // Clusterers that decide things themselves (auto-numeric, auto-text) list their decisions in `choices`.
  const decided = (clusterer as { choices?: unknown }).choices;
  if (Array.isArray(decided)) choices.push(...(decided as AutomaticChoice[]));
  done('cluster', 'ran', clusterer.name, `${fitted.nClusters} clusters, ${countNoise(fitted.labels)} outliers`);

  begin('project');
  let coordsKept: Matrix;
  if (clusterInput.cols === 2) {
    coordsKept = clusterInput;
    done('project', 'skipped', reducer?.name, 'the clustering space is already 2-D');
  } else if (clusterInput.cols < 2) {
    coordsKept = padTo2(clusterInput);
    done('project', 'ran', 'pad', 'one dimension: y is 0');
  } else {
    const projector = createReducer('pca', { nComponents: 2 });
    coordsKept = await projector.fit(clusterInput, { seed, ...(signal ? { signal } : {}) });
    done('project', 'ran', 'pca', `2-D view of the ${clusterInput.cols}-D clustering space by PCA`);
  }

  // Spread kept-row results back over all input rows.
  const n = dataset.numRows;
  const labels = new Int32Array(n).fill(-1);
  const probabilities = new Float64Array(n);
  const outlierScores = new Float64Array(n).fill(Number.NaN);
  const skipped = new Uint8Array(n).fill(1);
  const coords = new Float64Array(n * 2).fill(Number.NaN);
  for (let k = 0; k < nKept; k++) {
    const i = prepared.rowIndex[k]!;
    skipped[i] = 0;
    labels[i] = fitted.labels[k]!;
    probabilities[i] = fitted.probabilities[k]!;
    outlierScores[i] = fitted.outlierScores[k]!;
    coords[i * 2] = coordsKept.data[k * 2]!;
    coords[i * 2 + 1] = coordsKept.data[k * 2 + 1]!;
  }

  begin('explain');
  const rows = dataset.table.objects() as Record<string, unknown>[];
  const keptRows = Array.from(prepared.rowIndex, (i) => rows[i]!);
  let explanations: ClusterExplanation[] = [];
  const explainMethod = cfg.explain?.method ?? 'auto';
  let explainer = instances.explain;
  if (!explainer) {
    try {
      explainer = createExplainer(explainMethod, { ...(cfg.explain?.options ?? {}) });
    } catch (error) {
      if (cfg.explain) throw error;
    }
  }
  if (explainer) {
    explanations = await explainer.explain(
      {
        labels: fitted.labels,
        features: clusterInput,
        rows: keptRows,
        ...(prepared.texts ? { texts: prepared.texts } : {}),
        numericColumns: prepared.report.used.numeric,
        categoricalColumns: prepared.report.used.categorical,
        probabilities: fitted.probabilities,
      },
      { ...(signal ? { signal } : {}) },
    );
    done('explain', 'ran', explainer.name);
  } else {
    done('explain', 'skipped', undefined, 'no explainer is available');
  }
  const clusters = summariseClusters(fitted.labels, fitted.probabilities, explanations, prepared.rowIndex, prepared.ids);

  begin('evaluate');
  const metrics = computeMetrics(clusterInput, fitted.labels, seed);
  done(
    'evaluate',
    'ran',
    undefined,
    metrics.silhouette !== undefined ? `silhouette on ${Math.min(METRIC_SAMPLE, nKept)} of ${nKept} rows` : 'fewer than two clusters: outlier share only',
  );

  begin('visualize');
  const init = {
    ids: prepared.ids,
    idColumn: prepared.idColumn,
    labels,
    probabilities,
    outlierScores,
    skipped,
    coords: { data: coords, rows: n, cols: 2 },
    clusters,
    metrics,
    specs: {},
    stages,
    choices,
    data: prepared.report,
    config: cfg,
    versions: { 'hf-separate': VERSION, ...DEPENDENCY_VERSIONS, ...(embedder ? { model: embedder.id } : {}) },
    seed,
    features: clusterInput,
    rows,
    ...(prepared.texts ? { texts: expandTexts(prepared.texts, prepared.rowIndex, n) } : {}),
  };
  const specs = buildCharts(new SeparationResult(init), cfg.visualize ?? {});
  done('visualize', Object.keys(specs).length ? 'ran' : 'skipped', undefined, Object.keys(specs).length ? `${Object.keys(specs).length} charts` : 'no charts asked for');
  const result = new SeparationResult({ ...init, specs, stages });
  fittedStages.set(result, {
    ...(embedder ? { embedder } : {}),
    ...(reducer ? { reducer } : {}),
    clusterer,
    labelMap: fitted.labelMap,
    ...(prepared.features ? { tabular: { scaling: prepared.features.scaling, categories: prepared.features.categories } } : {}),
    factors,
    vectors: features,
    labels: fitted.labels,
    probabilities: fitted.probabilities,
  });
  return result;
}

const fittedStages = new WeakMap<SeparationResult, FittedStages>();

/** The fitted embedder, reducer and clusterer behind a result (to assign new rows). */
export function fittedStagesOf(result: SeparationResult): FittedStages | undefined {
  return fittedStages.get(result);
}

function summariseClusters(
  labels: Int32Array,
  probabilities: Float64Array,
  explanations: ClusterExplanation[],
  rowIndex: Int32Array,
  ids: (string | number)[],
): ClusterSummary[] {
  const sizes = new Map<number, { size: number; prob: number }>();
  let clustered = 0;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l < 0) continue;
    clustered++;
    const s = sizes.get(l) ?? { size: 0, prob: 0 };
    s.size++;
    s.prob += probabilities[i]!;
    sizes.set(l, s);
  }
  const byCluster = new Map(explanations.map((e) => [e.cluster, e]));
  return [...sizes.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([cluster, s]) => {
      const e = byCluster.get(cluster);
      const exemplarIds = e?.exemplars?.map((k) => ids[rowIndex[k]!]!);
      return {
        ...(e ?? {}),
        cluster,
        size: s.size,
        label: e?.label ?? `cluster ${cluster}`,
        share: s.size / Math.max(1, clustered),
        meanProbability: s.prob / s.size,
        ...(exemplarIds ? { exemplarIds } : {}),
      };
    });
}

function expandTexts(texts: string[], rowIndex: Int32Array, n: number): string[] {
  const out = new Array<string>(n).fill('');
  for (let k = 0; k < rowIndex.length; k++) out[rowIndex[k]!] = texts[k]!;
  return out;
}

function padTo2(m: Matrix): Matrix<Float64Array> {
  const out = new Float64Array(m.rows * 2);
  for (let i = 0; i < m.rows; i++) out[i * 2] = m.cols > 0 ? m.data[i * m.cols]! : 0;
  return { data: out, rows: m.rows, cols: 2 };
}

function countNoise(labels: Int32Array): number {
  let c = 0;
  for (const l of labels) if (l < 0) c++;
  return c;
}

function describePrepared(used: { text: string[]; numeric: string[]; categorical: string[] }, kept: number, skipped: number): string {
  const parts = [
    used.text.length ? `text: ${used.text.join(', ')}` : '',
    used.numeric.length ? `numeric: ${used.numeric.join(', ')}` : '',
    used.categorical.length ? `categorical: ${used.categorical.join(', ')}` : '',
  ].filter(Boolean);
  return `${kept} rows kept${skipped ? `, ${skipped} skipped` : ''}; ${parts.join('; ')}`;
}


function optProgress(p: RunOptions['onProgress']): { onProgress?: NonNullable<RunOptions['onProgress']> } {
  return p ? { onProgress: p } : {};
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
