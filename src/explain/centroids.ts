import { InputError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';

/** Per-cluster centroids in the clustering space. */
export interface ClusterCentroids {
  /** Cluster ids (outliers `-1` excluded), ascending; row `r` of `centroids` belongs to `clusters[r]`. */
  clusters: number[];
  /** Members per cluster, same order. */
  sizes: Int32Array;
  /** `clusters.length × cols` means. */
  centroids: Matrix<Float64Array>;
  /** Cluster id → row of `centroids`. */
  index: Map<number, number>;
}

/** Throws unless `labels` has one entry per row of `features`. */
export function checkLabels(features: Matrix, labels: ArrayLike<number>, where: string): void {
  if (features.rows !== labels.length) {
    throw new InputError(`${where} got ${features.rows} feature rows but ${labels.length} labels.`, {
      code: 'LENGTH_MISMATCH',
      field: 'labels',
      fix: 'Pass one label per row of the feature matrix.',
    });
  }
}

/**
 * The mean of each cluster's rows (outliers, label `-1`, are skipped).
 *
 * @example
 * const { clusters, centroids } = clusterCentroids(x, labels);
 */
export function clusterCentroids(features: Matrix, labels: ArrayLike<number>): ClusterCentroids {
  checkLabels(features, labels, 'clusterCentroids');
  const ids = new Set<number>();
  for (let i = 0; i < labels.length; i++) if (labels[i]! >= 0) ids.add(labels[i]!);
  const clusters = [...ids].sort((a, b) => a - b);
  const index = new Map(clusters.map((c, r) => [c, r]));
  const d = features.cols;
  const sums = new Float64Array(clusters.length * d);
  const sizes = new Int32Array(clusters.length);
  const x = features.data;
  for (let i = 0; i < features.rows; i++) {
    const r = index.get(labels[i]!);
    if (r === undefined) continue;
    sizes[r]!++;
    const off = r * d;
    const xo = i * d;
    for (let j = 0; j < d; j++) sums[off + j] = sums[off + j]! + x[xo + j]!;
  }
  for (let r = 0; r < clusters.length; r++) {
    for (let j = 0; j < d; j++) sums[r * d + j] = sums[r * d + j]! / sizes[r]!;
  }
  return { clusters, sizes, centroids: { data: sums, rows: clusters.length, cols: d }, index };
}

/** Squared Euclidean distance between row `i` of `a` and row `k` of `b`. */
export function squaredDistance(a: Matrix, i: number, b: Matrix, k: number): number {
  const d = a.cols;
  let s = 0;
  const ao = i * d;
  const bo = k * d;
  for (let j = 0; j < d; j++) {
    const t = a.data[ao + j]! - b.data[bo + j]!;
    s += t * t;
  }
  return s;
}
