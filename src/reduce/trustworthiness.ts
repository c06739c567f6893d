import { InputError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { prepareRows, sqEuclidean } from '../neighbors/distance.js';
import { knnSync } from '../neighbors/knn.js';

/**
 * Trustworthiness of an embedding (Venna & Kaski 2001), as scikit-learn's
 * `sklearn.manifold.trustworthiness`: 1 minus a penalty for every point among the k nearest
 * neighbours in `low` that is not among the k nearest in `high`, weighted by how far down the
 * high-dimensional ranking it is. 1 = every low-dimensional neighbourhood is a true one.
 * O(n² · d): pass a sample of a few thousand rows for large data.
 *
 * @param high - The original rows.
 * @param low - Their embedding (same row order).
 * @param k - Neighbourhood size (must be < n / 2).
 * @param metric - Distance in the original space.
 *
 * @example
 * trustworthiness(x, await umap(x), 15); // e.g. 0.97
 */
export function trustworthiness(high: Matrix, low: Matrix, k = 5, metric: 'euclidean' | 'cosine' = 'euclidean'): number {
  const n = high.rows;
  if (low.rows !== n) {
    throw new InputError(`trustworthiness: high has ${n} rows but low has ${low.rows}.`, {
      code: 'BAD_SHAPE',
      field: 'low',
      fix: 'Pass the embedding of exactly the rows in high, in the same order.',
    });
  }
  if (!Number.isInteger(k) || k < 1 || k >= n / 2) {
    throw new InputError(`trustworthiness needs 1 ≤ k < n / 2 = ${n / 2}, got ${k}.`, {
      code: 'INVALID_OPTION',
      field: 'k',
      fix: 'Use a smaller k or more rows.',
    });
  }
  const lowNeighbors = knnSync(low, k).indices;
  const data = prepareRows(high, metric);
  const d = high.cols;
  const dist = new Float64Array(n);
  const order = new Int32Array(n - 1);
  const rank = new Int32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let w = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      dist[j] = sqEuclidean(data, i, data, j, d);
      order[w++] = j;
    }
    order.sort((a, b) => dist[a]! - dist[b]! || a - b);
    for (let r = 0; r < n - 1; r++) rank[order[r]!] = r + 1;
    for (let c = 0; c < k; c++) {
      const excess = rank[lowNeighbors[i * k + c]!]! - k;
      if (excess > 0) total += excess;
    }
  }
  return 1 - total * (2 / (n * k * (2 * n - 3 * k - 1)));
}
