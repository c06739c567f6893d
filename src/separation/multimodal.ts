import { z } from 'zod';
import type { ClusteringEngine, Reducer } from '../core/contracts.js';
import { ConfigError, InputError } from '../core/errors.js';
import { totalVariance, type Matrix } from '../core/matrix.js';
import { columnsOfKind, requireColumns } from '../data/dataset.js';
import { buildFeatures } from '../data/features.js';
import type { DataInput, Dataset } from '../data/types.js';
import { FeatureExplainer } from '../explain/explainers.js';
import { knn } from '../neighbors/knn.js';
import { silhouetteScore } from '../metrics/internal.js';
import { pipeline } from '../pipeline/pipeline.js';
import type { AutomaticChoice, SeparationResult } from '../pipeline/result.js';
import type { SeparateRunOptions } from '../pipeline/run.js';
import { createClusterer, createReducer } from '../pipeline/stages.js';
import { TextPreprocessorOptionsSchema } from '../preprocess/text-preprocessor.js';
import { addPlanTime, BaseSeparator, sumStages } from './base.js';
import { CommonOptionsSchema } from './options.js';
import { ReduceChoiceSchema, type SeparationPlan } from './numerical.js';
import { embedTextColumns } from './semantic.js';
import { AutoNumericClusterer, orderChoices, round } from './auto-cluster.js';
import { chooseScaling, VarianceRetainingPCA } from './auto-scaling.js';
import { AutoTextClusterer, PrecomputedEmbedder } from './auto-text.js';
import { joinBlocks, setRowEncoder, type RowEncoder, type RowEncoderParts } from './encoder.js';

/** The modalities a {@link MultiModalSeparator} combines. */
export const MODALITIES = ['text', 'numeric', 'categorical'] as const;
/** One of {@link MODALITIES}. */
export type Modality = (typeof MODALITIES)[number];

/** Options of {@link MultiModalSeparator}. */
export const MultiModalOptionsSchema = CommonOptionsSchema.extend({
  weights: z
    .object({
      text: z.number().min(0).default(1).describe('Weight of the text block.'),
      numeric: z.number().min(0).default(1).describe('Weight of the numeric block.'),
      categorical: z.number().min(0).default(1).describe('Weight of the categorical block.'),
    })
    .strict()
    .default({ text: 1, numeric: 1, categorical: 1 })
    .describe('Relative say of each modality: each block is scaled so its first principal variance is weight / sum of weights (Multiple Factor Analysis), so no modality drowns the others.'),
  model: z.string().min(1).default('auto').describe("Embedding model for the text columns ('auto', a registered name, a Hugging Face id or a folder)."),
  scaling: z.enum(['auto', 'standard', 'robust', 'minmax', 'none']).default('auto').describe("Scaling of numeric columns ('auto': robust for heavy tails, else standard)."),
  reduce: ReduceChoiceSchema,
  cluster: z.string().min(1).default('auto').describe("Clusterer: 'auto' (k-means on the joined blocks, k = dense groups on a UMAP view), 'kmeans', 'gmm', 'hdbscan', or a registered name."),
  kMin: z.number().int().min(2).default(2).describe("Smallest k tried when clusters is 'auto'."),
  kMax: z.number().int().min(2).default(15).describe("Largest k tried when clusters is 'auto'."),
  combine: z.enum(['join', 'separate']).default('join').describe("Several text columns: 'join' or embed 'separate'ly (with textWeights)."),
  textWeights: z.record(z.string(), z.number().min(0)).optional().describe("Weight per text column with combine: 'separate'."),
  preprocess: TextPreprocessorOptionsSchema.optional().describe('TextPreprocessor options for the text columns.'),
  neighbors: z.number().int().min(1).default(10).describe('Neighbours compared by the cross-modal agreement score.'),
  outliers: z.enum(['lof', 'glosh', 'none']).default('lof').describe("Outlier scores: 'lof', 'glosh' or 'none'."),
}).strict();
/** Input form of {@link MultiModalOptionsSchema}. */
export type MultiModalOptions = z.input<typeof MultiModalOptionsSchema>;

/** How much one modality separates the final clusters. */
export interface ModalityContribution {
  modality: Modality;
  columns: string[];
  weight: number;
  /** Between-cluster share of the block's variance (R², 0..1): how much of this modality the clusters explain. */
  betweenShare: number;
  /** Silhouette of the final clusters measured in this modality alone (−1..1). */
  silhouette: number;
}

/** Cross-modal agreement: do rows that are close in one modality stay close in another? */
export interface CrossModalAgreement {
  a: Modality;
  b: Modality;
  /** Mean share of a row's k nearest neighbours in `a` that are also among its k nearest in `b`. */
  overlap: number;
  /** The same share for random neighbours, k / (n − 1). */
  chance: number;
  /** overlap / chance: 1 = unrelated spaces, higher = the modalities agree. */
  lift: number;
}

/** The multimodal part of a result, also copied into `result.metrics` and each cluster. */
export interface MultiModalReport {
  contributions: ModalityContribution[];
  agreement: CrossModalAgreement[];
}

/**
 * Separates rows by text, numeric and categorical columns together. Each modality becomes a block
 * (text: unit-length embeddings; numeric: scaled; categorical: one-hot), each block is scaled to the
 * same total variance times its weight so none drowns the others, and one clustering runs on the
 * joined blocks. The report says how much each modality separates the final clusters (between-
 * cluster variance share and silhouette per modality) and how far the modalities agree
 * (k-nearest-neighbour overlap against chance).
 *
 * @example
 * const sep = new MultiModalSeparator({ textColumns: ['review'], columns: ['price', 'stars'], weights: { text: 2 } });
 * const result = await sep.separate('products.csv');
 * sep.lastReport?.contributions; // [{ modality: 'text', betweenShare: 0.21, ... }, ...]
 */
export class MultiModalSeparator extends BaseSeparator<typeof MultiModalOptionsSchema> {
  readonly name = 'multimodal';
  readonly description = 'text + numeric + categorical columns: each modality scaled and weighted, one clustering, per-modality contributions';
  /** Contributions and cross-modal agreement of the last run. */
  lastReport: MultiModalReport | undefined;

  constructor(options: MultiModalOptions = {}) {
    super(MultiModalOptionsSchema, options);
  }

  private roles(data: Dataset): { text: string[]; numeric: string[]; categorical: string[] } {
    const o = this.options;
    const text = o.textColumns ?? columnsOfKind(data, 'text');
    if (o.textColumns) requireColumns(data, o.textColumns, 'a text column (--text-column)');
    if (o.columns) requireColumns(data, o.columns, 'a feature column (--columns)');
    const isNumeric = (c: string) => ['numeric', 'boolean'].includes(data.columns.find((x) => x.name === c)?.kind ?? '');
    const features = o.columns ?? [
      ...columnsOfKind(data, 'numeric'),
      ...columnsOfKind(data, 'boolean'),
      ...data.columns.filter((c) => c.kind === 'categorical' && c.distinct >= 2 && c.distinct <= 20).map((c) => c.name),
    ];
    const rest = features.filter((c) => !text.includes(c));
    return { text, numeric: rest.filter(isNumeric), categorical: rest.filter((c) => !isNumeric(c)) };
  }

  protected override checkData(data: Dataset): string[] {
    const r = this.roles(data);
    if (r.text.length === 0) {
      throw new InputError(`${data.source ?? 'The data'} has no text column for the multimodal strategy.`, {
        code: 'NO_TEXT',
        field: 'textColumns',
        fix: 'Name it with --text-column / { textColumns: [...] }; for numeric and categorical columns alone use the numerical strategy.',
      });
    }
    if (r.numeric.length + r.categorical.length === 0) {
      throw new InputError(`${data.source ?? 'The data'} has no numeric or categorical column next to the text.`, {
        code: 'NO_FEATURES',
        field: 'columns',
        fix: 'Name them with --columns / { columns: [...] }; for text alone use the semantic strategy.',
      });
    }
    if (this.options.missing === 'skip') {
      throw new ConfigError("missing: 'skip' is not supported by the multimodal strategy.", { code: 'INVALID_OPTION', field: 'missing', fix: "Use missing: 'impute' or 'error'." });
    }
    return data.numRows < 20 ? [`only ${data.numRows} rows: clusters will not mean much`] : [];
  }

  override async separate(data: DataInput | Dataset, run: SeparateRunOptions = {}): Promise<SeparationResult> {
    const { dataset } = await this.validate(data, this.declaredKinds());
    const started = performance.now();
    const plan = await this.planWithBlocks(dataset, run);
    const result = await plan.pipeline.run(dataset, run);
    addPlanTime(result, performance.now() - started - sumStages(result));
    result.choices.push(...plan.choices);
    plan.after?.(result);
    orderChoices(result.choices);
    setRowEncoder(result, plan.encoding);
    await this.finish(result, dataset, plan);
    return result;
  }

  protected async buildPipeline(data: Dataset) {
    return (await this.planWithBlocks(data)).pipeline;
  }

  private async planWithBlocks(
    data: Dataset,
    run: SeparateRunOptions = {},
  ): Promise<SeparationPlan & { blocks: Block[]; roles: ReturnType<MultiModalSeparator['roles']>; encoding: RowEncoderParts }> {
    const o = this.options;
    const roles = this.roles(data);
    const choices: AutomaticChoice[] = [];
    const blocks: Block[] = [];
    const text = await embedTextColumns(data, roles.text, o, run);
    choices.push(...text.choices);
    blocks.push({ modality: 'text', columns: roles.text, matrix: text.matrix, weight: o.weights.text });
    // Fitted scaling and categories, saved with a model so new rows get the same features.
    let fittedScaling: NonNullable<RowEncoder['numeric']>['scaling'] = [];
    let fittedCategories: NonNullable<RowEncoder['categorical']>['categories'] = [];
    if (roles.numeric.length > 0) {
      let scaling: 'standard' | 'robust' | 'minmax' | 'none';
      if (o.scaling === 'auto') {
        const decided = chooseScaling(data, roles.numeric);
        scaling = decided.scaling;
        choices.push(decided.choice);
      } else scaling = o.scaling;
      const f = buildFeatures(data, { numeric: roles.numeric, scaling, missing: o.missing === 'error' ? 'error' : 'impute' });
      fittedScaling = f.scaling;
      blocks.push({ modality: 'numeric', columns: roles.numeric, matrix: f.matrix, weight: o.weights.numeric });
    }
    if (roles.categorical.length > 0) {
      const f = buildFeatures(data, { categorical: roles.categorical, missing: o.missing === 'error' ? 'error' : 'impute', categoricalWeight: 1 });
      fittedCategories = f.categories;
      blocks.push({ modality: 'categorical', columns: roles.categorical, matrix: f.matrix, weight: o.weights.categorical });
    }
    const used = blocks.filter((b) => b.weight > 0 && b.matrix.cols > 0);
    if (used.length === 0) throw new ConfigError('Every modality has weight 0.', { code: 'INVALID_OPTION', field: 'weights', fix: 'Give at least one modality a positive weight.' });
    const factors = modalityFactors(used);
    const combined = joinBlocks(
      used.map((b) => b.matrix),
      factors,
    );
    const encoding: RowEncoderParts = {
      ...text.encoding,
      ...(roles.numeric.length > 0 ? { numeric: { columns: roles.numeric, scaling: fittedScaling } } : {}),
      ...(roles.categorical.length > 0 ? { categorical: { columns: roles.categorical, categories: fittedCategories } } : {}),
      blocks: used.map((b, i) => ({ modality: b.modality, factor: factors[i]! })),
    };
    choices.push({
      stage: 'preprocess',
      option: 'modalityScaling',
      value: Object.fromEntries(used.map((b) => [b.modality, round(b.weight / used.reduce((s, x) => s + x.weight, 0))])),
      reason: 'each modality block divided by the square root of its largest principal variance, times √(weight share) (Multiple Factor Analysis weighting): every block\'s main direction weighs the same, so neither a wide embedding nor a few discrete columns drown the others',
      scores: Object.fromEntries(used.map((b) => [`${b.modality}:columns`, b.matrix.cols])),
    });

    let reducer: Reducer | undefined;
    if (o.reduce === 'pca') reducer = new VarianceRetainingPCA(0.9, 2);
    else if (o.reduce === 'umap' || o.reduce === 'tsne') reducer = createReducer(o.reduce, { nComponents: o.reduce === 'umap' ? 5 : 2 });
    else if (o.reduce === 'auto') {
      choices.push({ stage: 'reduce', option: 'method', value: 'none', reason: 'the joined blocks are clustered as they are (as for text alone, reducing first lost topic detail); a UMAP view is used only to count clusters' });
    }
    let clusterer: ClusteringEngine;
    let auto: AutoTextClusterer | AutoNumericClusterer | undefined;
    if (o.cluster === 'auto' || o.cluster === 'kmeans' || o.cluster === 'hdbscan') {
      auto = new AutoTextClusterer({ clusters: o.clusters, method: o.cluster, kMin: o.kMin, kMax: Math.max(o.kMin, o.kMax), metric: 'euclidean', normalize: false });
      clusterer = auto;
    } else if (o.cluster === 'gmm') {
      auto = new AutoNumericClusterer({ clusters: o.clusters, method: 'gmm', kMin: o.kMin, kMax: Math.max(o.kMin, o.kMax), outliers: o.outliers });
      clusterer = auto;
    } else {
      if (o.clusters === 'auto') {
        throw new ConfigError(`Clusterer "${o.cluster}" needs a number of clusters.`, { code: 'MISSING_OPTION', field: 'clusters', fix: "Give clusters: <number>, or use cluster: 'auto'." });
      }
      clusterer = createClusterer(o.cluster, { k: o.clusters });
    }
    let p = pipeline()
      .preprocess({ textColumns: roles.text, ...(o.idColumn ? { idColumn: o.idColumn } : {}), ...(o.kinds ? { kinds: o.kinds } : {}), missing: 'impute' })
      .embed(new PrecomputedEmbedder(combined, `multimodal(${used.map((b) => `${b.modality === 'text' ? text.embedder.id : b.modality}×${b.weight}`).join('+')})`));
    if (reducer) p = p.reduce(reducer);
    p = p.cluster(clusterer).explain();
    return {
      pipeline: p,
      choices,
      blocks: used,
      roles,
      encoding,
      after: (result) => {
        const i = result.choices.findIndex((c) => c.stage === 'cluster' && c.option === 'method' && c.reason.startsWith('no clusterer given'));
        if (i >= 0) result.choices.splice(i, 1);
      },
    };
  }

  /** Per-modality contributions, cross-modal agreement and feature explanations. */
  private async finish(result: SeparationResult, data: Dataset, plan: { blocks: Block[]; roles: ReturnType<MultiModalSeparator['roles']> }): Promise<void> {
    const labels = result.labels;
    const contributions: ModalityContribution[] = plan.blocks.map((b) => ({
      modality: b.modality,
      columns: b.columns,
      weight: b.weight,
      betweenShare: round(betweenShare(b.matrix, labels)),
      silhouette: round(safeSilhouette(b.matrix, labels, result.seed)),
    }));
    const agreement: CrossModalAgreement[] = [];
    const k = Math.min(this.options.neighbors, Math.max(1, data.numRows - 2));
    const neighbours = new Map<Modality, Int32Array>();
    for (const b of plan.blocks) neighbours.set(b.modality, (await knn(b.matrix, k, b.modality === 'text' ? { metric: 'cosine' } : {})).indices);
    for (let i = 0; i < plan.blocks.length; i++) {
      for (let j = i + 1; j < plan.blocks.length; j++) {
        const a = plan.blocks[i]!.modality;
        const b = plan.blocks[j]!.modality;
        const overlap = knnOverlap(neighbours.get(a)!, neighbours.get(b)!, k);
        const chance = k / (data.numRows - 1);
        agreement.push({ a, b, overlap: round(overlap), chance: round(chance), lift: round(overlap / chance, 2) });
      }
    }
    this.lastReport = { contributions, agreement };
    for (const c of contributions) {
      result.metrics[`${c.modality}_between_share`] = c.betweenShare;
      result.metrics[`${c.modality}_silhouette`] = c.silhouette;
    }
    for (const a of agreement) result.metrics[`knn_overlap_lift_${a.a}_${a.b}`] = a.lift;
    // Per cluster: what each modality says (features of numeric / categorical columns, and each block's share).
    const rows = data.table.objects() as Record<string, unknown>[];
    let featureExplanations: Awaited<ReturnType<FeatureExplainer['explain']>> = [];
    if (plan.roles.numeric.length + plan.roles.categorical.length > 0) {
      try {
        featureExplanations = await new FeatureExplainer({}).explain({
          labels,
          features: result.features ?? plan.blocks[0]!.matrix,
          rows,
          numericColumns: plan.roles.numeric,
          categoricalColumns: plan.roles.categorical,
        });
      } catch {
        featureExplanations = [];
      }
    }
    const byCluster = new Map(featureExplanations.map((e) => [e.cluster, e]));
    for (const cluster of result.clusters) {
      const perModality: Record<string, number> = {};
      for (const b of plan.blocks) perModality[b.modality] = round(clusterSeparation(b.matrix, labels, cluster.cluster));
      (cluster as Record<string, unknown>).modalities = perModality;
      const f = byCluster.get(cluster.cluster);
      if (f?.features && !cluster.features) (cluster as Record<string, unknown>).features = f.features;
    }
  }
}

interface Block {
  modality: Modality;
  columns: string[];
  matrix: Matrix;
  weight: number;
}

/**
 * Joins modality blocks the way Multiple Factor Analysis does (Escofier & Pagès): each block is
 * divided by the square root of its largest principal variance, so every block's main direction
 * has the same variance (times its weight share). A narrow block whose variance sits in one or two
 * directions (a few discrete columns) then cannot outweigh a wide, diffuse one (an embedding), as it
 * does when blocks are only equalised by total variance.
 *
 * @example const x = combineModalities([{ matrix: emb, weight: 1 }, { matrix: num, weight: 1 }]);
 */
export function combineModalities(blocks: readonly { matrix: Matrix; weight: number }[]): Matrix<Float64Array> {
  return joinBlocks(
    blocks.map((b) => b.matrix),
    modalityFactors(blocks),
  );
}

/**
 * The factor {@link combineModalities} multiplies each block by: `√(weight share)` over the square
 * root of the block's largest principal variance.
 *
 * @example const f = modalityFactors([{ matrix: emb, weight: 1 }, { matrix: num, weight: 1 }]);
 */
export function modalityFactors(blocks: readonly { matrix: Matrix; weight: number }[]): number[] {
  const total = blocks.reduce((s, b) => s + b.weight, 0);
  return blocks.map(({ matrix, weight }) => Math.sqrt(weight / total) / Math.sqrt(Math.max(largestVariance(matrix), 1e-12)));
}

/**
 * Largest eigenvalue of a block's covariance (its first principal variance), by power iteration
 * from a fixed start (deterministic).
 *
 * @example largestVariance(x) // 2.9
 */
export function largestVariance(m: Matrix, iterations = 100): number {
  const n = m.rows;
  const d = m.cols;
  if (n < 2 || d === 0) return 0;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += m.data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  let v = new Float64Array(d).map((_, j) => 1 / Math.sqrt(d) + j * 1e-3);
  let lambda = 0;
  const xv = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (m.data[i * d + j]! - mean[j]!) * v[j]!;
      xv[i] = s;
    }
    const next = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) next[j]! += (m.data[i * d + j]! - mean[j]!) * xv[i]!;
    let norm = 0;
    for (let j = 0; j < d; j++) norm += next[j]! * next[j]!;
    norm = Math.sqrt(norm);
    if (norm === 0) return 0;
    const nextLambda = norm / n;
    for (let j = 0; j < d; j++) next[j]! /= norm;
    v = next;
    if (Math.abs(nextLambda - lambda) <= 1e-9 * nextLambda) return nextLambda;
    lambda = nextLambda;
  }
  return lambda;
}

/**
 * Between-cluster share of a block's variance (R² of the block on the labels; noise rows excluded).
 *
 * @example betweenShare(x, labels) // 0.62
 */
export function betweenShare(m: Matrix, labels: Int32Array): number {
  const d = m.cols;
  const sums = new Map<number, { n: number; s: Float64Array }>();
  const mean = new Float64Array(d);
  let n = 0;
  for (let i = 0; i < m.rows; i++) {
    const l = labels[i]!;
    if (l < 0) continue;
    n++;
    let e = sums.get(l);
    if (!e) sums.set(l, (e = { n: 0, s: new Float64Array(d) }));
    e.n++;
    for (let j = 0; j < d; j++) {
      e.s[j]! += m.data[i * d + j]!;
      mean[j]! += m.data[i * d + j]!;
    }
  }
  if (n === 0) return 0;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  let total = 0;
  for (let i = 0; i < m.rows; i++) {
    if (labels[i]! < 0) continue;
    for (let j = 0; j < d; j++) total += (m.data[i * d + j]! - mean[j]!) ** 2;
  }
  let between = 0;
  for (const e of sums.values()) for (let j = 0; j < d; j++) between += e.n * (e.s[j]! / e.n - mean[j]!) ** 2;
  return total > 0 ? between / total : 0;
}

/** How far one cluster's centre sits from the rest in a block, in units of the block's spread. */
function clusterSeparation(m: Matrix, labels: Int32Array, cluster: number): number {
  const d = m.cols;
  const inside = new Float64Array(d);
  const outside = new Float64Array(d);
  let a = 0;
  let b = 0;
  for (let i = 0; i < m.rows; i++) {
    const l = labels[i]!;
    if (l < 0) continue;
    const target = l === cluster ? inside : outside;
    if (l === cluster) a++;
    else b++;
    for (let j = 0; j < d; j++) target[j]! += m.data[i * d + j]!;
  }
  if (a === 0 || b === 0) return 0;
  let dist = 0;
  for (let j = 0; j < d; j++) dist += (inside[j]! / a - outside[j]! / b) ** 2;
  return Math.sqrt(dist / Math.max(totalVariance(m), 1e-12));
}

function safeSilhouette(m: Matrix, labels: Int32Array, seed: number): number {
  const kept: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i]! >= 0) kept.push(i);
  if (new Set(kept.map((i) => labels[i])).size < 2) return 0;
  try {
    return silhouetteScore(m, labels, { sampleSize: 2000, seed, noise: 'exclude' } as never);
  } catch {
    return 0;
  }
}

function knnOverlap(a: Int32Array, b: Int32Array, k: number): number {
  const n = a.length / k;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const set = new Set<number>();
    for (let t = 0; t < k; t++) set.add(a[i * k + t]!);
    let shared = 0;
    for (let t = 0; t < k; t++) if (set.has(b[i * k + t]!)) shared++;
    total += shared / k;
  }
  return total / n;
}
