import { z } from 'zod';
import type { Matrix } from '../core/matrix.js';
import { clusterCentroids, squaredDistance } from './centroids.js';
import { parseOptions } from './options.js';

/** Options of {@link representativeRows}. */
export const ExemplarOptionsSchema = z.object({
  /** Rows per cluster. Default `3`. */
  k: z.number().int().min(1).default(3),
  /**
   * `centroid`: closest to the cluster mean in the clustering space; `probability`: highest
   * membership probability first (ties: closest to the centroid). Default `probability` when
   * probabilities are given, else `centroid`.
   */
  by: z.enum(['centroid', 'probability']).optional(),
});

/** Input type of the {@link representativeRows} options. */
export type ExemplarOptions = z.input<typeof ExemplarOptionsSchema>;

/**
 * The most representative rows of each cluster (outliers excluded), best first.
 *
 * @example
 * const ex = representativeRows(x, labels, { k: 3 });
 * ex.get(0); // [17, 4, 230]
 */
export function representativeRows(
  features: Matrix,
  labels: ArrayLike<number>,
  options: ExemplarOptions = {},
  probabilities?: ArrayLike<number>,
): Map<number, number[]> {
  const o = parseOptions(ExemplarOptionsSchema, options, 'exemplars');
  const by = o.by ?? (probabilities ? 'probability' : 'centroid');
  const { clusters, centroids, index } = clusterCentroids(features, labels);
  const members: number[][] = clusters.map(() => []);
  const dist = new Float64Array(features.rows);
  for (let i = 0; i < features.rows; i++) {
    const r = index.get(labels[i]!);
    if (r === undefined) continue;
    members[r]!.push(i);
    dist[i] = squaredDistance(features, i, centroids, r);
  }
  const out = new Map<number, number[]>();
  clusters.forEach((c, r) => {
    const rows = members[r]!;
    rows.sort((a, b) => {
      if (by === 'probability' && probabilities) {
        const dp = probabilities[b]! - probabilities[a]!;
        if (dp !== 0) return dp;
      }
      return dist[a]! - dist[b]! || a - b;
    });
    out.set(c, rows.slice(0, o.k));
  });
  return out;
}
