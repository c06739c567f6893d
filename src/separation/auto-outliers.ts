import { InputError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { RunOptions } from '../core/progress.js';
import { knn } from '../neighbors/knn.js';

/** What {@link localOutlierFactor} returns. */
export interface LocalOutlierFactorResult {
  /** LOF per row: ≈ 1 inside a cluster, clearly above 1 (e.g. > 1.5) for outliers. */
  lof: Float64Array;
  /** `1 − 1/max(LOF, 1)`: 0 for inliers, 0.5 at LOF 2, → 1 for extreme outliers. */
  scores: Float64Array;
  /** Neighbours used. */
  k: number;
}

/**
 * Local Outlier Factor (Breunig et al. 2000) on typed arrays, with exact k-nearest neighbours: the
 * ratio of the neighbours' local reachability density to the row's own. Deterministic (no random
 * step). Ties at distance 0 are handled by a tiny floor on the reachability distance.
 *
 * @example
 * const { lof, scores } = await localOutlierFactor(x, { k: 20 });
 */
export async function localOutlierFactor(x: Matrix, options: { k?: number; metric?: 'euclidean' | 'cosine' } & RunOptions = {}): Promise<LocalOutlierFactorResult> {
  const n = x.rows;
  if (n < 3) {
    throw new InputError(`Local outlier factor needs at least 3 rows, got ${n}.`, { code: 'TOO_FEW_ROWS', field: 'x', fix: 'Give more rows, or turn outlier detection off.' });
  }
  const k = Math.max(1, Math.min(options.k ?? 20, n - 1));
  const nn = await knn(x, k, { metric: options.metric ?? 'euclidean', ...(options.signal ? { signal: options.signal } : {}) });
  const kDist = new Float64Array(n);
  for (let i = 0; i < n; i++) kDist[i] = nn.distances[i * k + k - 1]!;
  const lrd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let t = 0; t < k; t++) {
      const j = nn.indices[i * k + t]!;
      sum += Math.max(kDist[j]!, nn.distances[i * k + t]!);
    }
    lrd[i] = 1 / Math.max(sum / k, 1e-12);
  }
  const lof = new Float64Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let t = 0; t < k; t++) sum += lrd[nn.indices[i * k + t]!]!;
    lof[i] = sum / k / lrd[i]!;
    scores[i] = 1 - 1 / Math.max(lof[i]!, 1);
  }
  return { lof, scores, k };
}
