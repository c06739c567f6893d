import { z } from 'zod';
import { InputError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { checkLabels, clusterCentroids, squaredDistance, type ClusterCentroids } from './centroids.js';
import { parseOptions } from './options.js';
import { createTokenizer } from '../text/tokenize.js';
import { formatNumber } from './format.js';
import type { FeatureTable } from './table.js';

/** Result of {@link clusterSimilarity}. */
export interface ClusterSimilarity {
  /** Cluster ids (outliers excluded), ascending; row/column `r` of `matrix` is `clusters[r]`. */
  clusters: number[];
  /** `k × k` cosine similarity of the centroids (row-major). */
  matrix: Matrix<Float64Array>;
  /** Per cluster, the other clusters by decreasing similarity (at most `topK`). */
  nearest: { cluster: number; neighbors: { cluster: number; similarity: number }[] }[];
}

/**
 * How close clusters are to each other: the cosine similarity of their centroids in the clustering
 * space, and for each cluster its `topK` nearest clusters. With `center: true` (default) the
 * centroids are taken relative to the overall mean, so that "similar" means "deviates from the
 * average in the same direction" (raw cosines of all-positive features are all close to 1).
 *
 * @example
 * const sim = clusterSimilarity(x, labels);
 * sim.nearest[0].neighbors[0]; // { cluster: 3, similarity: 0.82 }
 */
export function clusterSimilarity(
  features: Matrix,
  labels: ArrayLike<number>,
  options: { topK?: number; center?: boolean } = {},
): ClusterSimilarity {
  const { clusters, centroids, sizes } = clusterCentroids(features, labels);
  const k = clusters.length;
  const d = features.cols;
  const c = Float64Array.from(centroids.data);
  if (options.center ?? true) {
    // Mean over clustered rows = size-weighted mean of centroids.
    const mean = new Float64Array(d);
    let total = 0;
    for (let r = 0; r < k; r++) {
      total += sizes[r]!;
      for (let j = 0; j < d; j++) mean[j] = mean[j]! + sizes[r]! * c[r * d + j]!;
    }
    for (let j = 0; j < d; j++) mean[j] = mean[j]! / Math.max(total, 1);
    for (let r = 0; r < k; r++) for (let j = 0; j < d; j++) c[r * d + j] = c[r * d + j]! - mean[j]!;
  }
  const norms = new Float64Array(k);
  for (let r = 0; r < k; r++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += c[r * d + j]! * c[r * d + j]!;
    norms[r] = Math.sqrt(s);
  }
  const m = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += c[a * d + j]! * c[b * d + j]!;
      const den = norms[a]! * norms[b]!;
      const v = a === b ? 1 : den > 0 ? s / den : 0;
      m[a * k + b] = v;
      m[b * k + a] = v;
    }
  }
  const topK = options.topK ?? 3;
  const nearest = clusters.map((cluster, a) => ({
    cluster,
    neighbors: clusters
      .map((other, b) => ({ cluster: other, similarity: m[a * k + b]! }))
      .filter((x) => x.cluster !== cluster)
      .sort((x, y) => y.similarity - x.similarity || x.cluster - y.cluster)
      .slice(0, topK),
  }));
  return { clusters, matrix: { data: m, rows: k, cols: k }, nearest };
}

/** Everything {@link explainRow} may use; only `features` and `labels` are required. */
export interface ExplainRowContext {
  /** The matrix the clusterer saw. */
  features: Matrix;
  labels: ArrayLike<number>;
  probabilities?: ArrayLike<number>;
  outlierScores?: ArrayLike<number>;
  /** Text per row: enables shared terms. */
  texts?: readonly string[];
  /** Top terms per cluster (e.g. from `ctfidf`): shared terms are the row's words among them. */
  keywords?: ReadonlyMap<number, readonly string[]> | Record<number, readonly string[]>;
  /** Original columns: enables "closest features". */
  table?: FeatureTable;
  /** Language of `texts` for tokenisation. Default `en`. */
  language?: string;
  /** Centroids from {@link clusterCentroids}, to reuse across many calls. */
  centroids?: ClusterCentroids;
}

/** Options of {@link explainRow}. */
export const ExplainRowOptionsSchema = z.object({
  /** Nearest same-cluster rows to show. Default `3`. */
  k: z.number().int().min(1).default(3),
  /** Features to show. Default `3`. */
  topFeatures: z.number().int().min(1).default(3),
});

/** Input type of the {@link explainRow} options. */
export type ExplainRowOptions = z.input<typeof ExplainRowOptionsSchema>;

/** Why one row sits in its cluster. */
export interface RowExplanation {
  row: number;
  cluster: number;
  probability?: number;
  outlierScore?: number;
  /** Euclidean distance to the own centroid, and to the nearest other centroid. */
  distanceToCentroid: number;
  nearestOtherCluster?: { cluster: number; distance: number };
  /** `distanceToCentroid / nearestOtherCluster.distance`: below 1 means closer to the own cluster. */
  margin?: number;
  /** The nearest rows of the same cluster (Euclidean, clustering space). */
  exemplars: { row: number; distance: number; text?: string }[];
  /** The row's words among its cluster's top terms. */
  sharedTerms?: string[];
  /** Columns where the row is closest to its cluster's mean, in standard deviations of the column. */
  closestFeatures?: { feature: string; value: number; clusterMean: number; z: number }[];
  /** Category matches with the cluster's most common value of each categorical column. */
  sharedCategories?: { feature: string; value: string; clusterShare: number }[];
  /** One readable sentence. */
  summary: string;
}

/**
 * Explains why row `i` is in its cluster: its nearest neighbours in the same cluster, its distance
 * to its own centroid vs the nearest other centroid, its membership probability and outlier score,
 * the words it shares with the cluster's top terms and the columns where it is typical of the
 * cluster. Outliers (`-1`) get their nearest cluster instead.
 *
 * @example
 * explainRow(42, { features: x, labels, texts, keywords }).summary;
 * // "Row 42 is in cluster 3 (probability 0.91): 1.2× closer to its centre than to cluster 5; shares bird, wing."
 */
export function explainRow(i: number, ctx: ExplainRowContext, options: ExplainRowOptions = {}): RowExplanation {
  const o = parseOptions(ExplainRowOptionsSchema, options, 'explainRow');
  const { features, labels } = ctx;
  checkLabels(features, labels, 'explainRow');
  if (!Number.isInteger(i) || i < 0 || i >= features.rows) {
    throw new InputError(`Row ${i} does not exist (there are ${features.rows} rows).`, {
      code: 'BAD_ROW',
      field: 'row',
      fix: `Pass a row index between 0 and ${features.rows - 1}.`,
    });
  }
  const cluster = labels[i]!;
  const { clusters, centroids, index } = ctx.centroids ?? clusterCentroids(features, labels);
  const own = index.get(cluster);
  let nearestOther: { cluster: number; distance: number } | undefined;
  for (let r = 0; r < clusters.length; r++) {
    if (r === own) continue;
    const dist = Math.sqrt(squaredDistance(features, i, centroids, r));
    if (!nearestOther || dist < nearestOther.distance) nearestOther = { cluster: clusters[r]!, distance: dist };
  }
  const distanceToCentroid = own !== undefined ? Math.sqrt(squaredDistance(features, i, centroids, own)) : NaN;

  // Nearest rows of the same cluster (for outliers: of the nearest cluster).
  const target = own !== undefined ? cluster : nearestOther?.cluster;
  const cand: { row: number; distance: number }[] = [];
  for (let j = 0; j < features.rows; j++) {
    if (j === i || labels[j] !== target) continue;
    cand.push({ row: j, distance: Math.sqrt(squaredDistance(features, i, features, j)) });
  }
  cand.sort((a, b) => a.distance - b.distance || a.row - b.row);
  const exemplars = cand.slice(0, o.k).map((e) => (ctx.texts ? { ...e, text: ctx.texts[e.row]! } : e));

  const out: RowExplanation = { row: i, cluster, distanceToCentroid, exemplars, summary: '' };
  if (ctx.probabilities) out.probability = ctx.probabilities[i]!;
  if (ctx.outlierScores) out.outlierScore = ctx.outlierScores[i]!;
  if (nearestOther) {
    out.nearestOtherCluster = nearestOther;
    if (own !== undefined && nearestOther.distance > 0) out.margin = distanceToCentroid / nearestOther.distance;
  }

  if (ctx.texts && ctx.keywords && target !== undefined) {
    const kw: readonly string[] | undefined = ctx.keywords instanceof Map ? ctx.keywords.get(target) : (ctx.keywords as Record<number, readonly string[]>)[target];
    if (kw) {
      const words = new Set(createTokenizer({ language: ctx.language ?? 'en' })(ctx.texts[i]!));
      // A keyword is shared when all its words occur in the row (so n-grams work too).
      out.sharedTerms = kw.filter((t) => t.split(' ').every((w) => words.has(w)));
    }
  }

  if (ctx.table && target !== undefined) {
    const closest: NonNullable<RowExplanation['closestFeatures']> = [];
    for (const [feature, values] of Object.entries(ctx.table.numeric ?? {})) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      let n = 0;
      let s = 0;
      let sq = 0;
      let cn = 0;
      let cs = 0;
      for (let j = 0; j < labels.length; j++) {
        const x = values[j]!;
        if (!Number.isFinite(x)) continue;
        n++;
        s += x;
        sq += x * x;
        if (labels[j] === target) (cn++, (cs += x));
      }
      if (n < 2 || cn === 0) continue;
      const sd = Math.sqrt(Math.max(0, (sq - (s * s) / n) / (n - 1)));
      const mean = cs / cn;
      closest.push({ feature, value: v, clusterMean: mean, z: sd > 0 ? (v - mean) / sd : 0 });
    }
    closest.sort((a, b) => Math.abs(a.z) - Math.abs(b.z) || a.feature.localeCompare(b.feature));
    if (closest.length > 0) out.closestFeatures = closest.slice(0, o.topFeatures);
    const shared: NonNullable<RowExplanation['sharedCategories']> = [];
    for (const [feature, values] of Object.entries(ctx.table.categorical ?? {})) {
      const v = values[i];
      if (v === null || v === undefined || v === '') continue;
      let cn = 0;
      let hits = 0;
      for (let j = 0; j < labels.length; j++) {
        if (labels[j] !== target) continue;
        cn++;
        if (String(values[j]) === String(v)) hits++;
      }
      if (cn > 0 && hits / cn >= 0.5) shared.push({ feature, value: String(v), clusterShare: hits / cn });
    }
    shared.sort((a, b) => b.clusterShare - a.clusterShare);
    if (shared.length > 0) out.sharedCategories = shared.slice(0, o.topFeatures);
  }
  out.summary = summarize(out);
  return out;
}

function summarize(e: RowExplanation): string {
  const parts: string[] = [];
  const prob = e.probability !== undefined ? ` (probability ${e.probability.toFixed(2)})` : '';
  if (e.cluster === -1) {
    parts.push(`Row ${e.row} is an outlier${e.outlierScore !== undefined ? ` (outlier score ${e.outlierScore.toFixed(2)})` : ''}`);
    if (e.nearestOtherCluster) parts.push(`nearest cluster ${e.nearestOtherCluster.cluster}`);
  } else {
    parts.push(`Row ${e.row} is in cluster ${e.cluster}${prob}`);
    if (e.nearestOtherCluster && e.margin !== undefined) {
      parts.push(
        e.margin < 1
          ? `${(1 / Math.max(e.margin, 1e-12)).toFixed(1)}× closer to its centre than to cluster ${e.nearestOtherCluster.cluster}`
          : `yet closer to the centre of cluster ${e.nearestOtherCluster.cluster} (a border case)`,
      );
    }
  }
  if (e.sharedTerms && e.sharedTerms.length > 0) parts.push(`shares ${e.sharedTerms.slice(0, 5).join(', ')}`);
  if (e.closestFeatures && e.closestFeatures.length > 0) {
    parts.push(`typical ${e.closestFeatures.map((f) => `${f.feature} ${formatNumber(f.value)}`).join(', ')}`);
  }
  if (e.sharedCategories && e.sharedCategories.length > 0) {
    parts.push(e.sharedCategories.map((c) => `${c.feature} = ${c.value} like ${Math.round(c.clusterShare * 100)}% of it`).join(', '));
  }
  const [head, ...rest] = parts;
  return rest.length > 0 ? `${head}: ${rest.join('; ')}.` : `${head}.`;
}
