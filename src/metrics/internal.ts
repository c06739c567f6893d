import type { Matrix } from '../core/matrix.js';
import { InputError } from '../core/errors.js';
import { createRng } from '../core/random.js';
import { checkFeatures, checkMetric, prepareDistance, sqDist, type DistanceMetric } from './distance.js';
import { encodeLabels, toLabelArray, type LabelsLike } from './labels.js';
import { blockSqDistances, rowSqNorms } from '../clustering/kmeans-kernels.js';

/** Options shared by the internal (features + labels) metrics. */
export interface InternalMetricOptions {
  /**
   * How rows labelled `-1` are treated. Default `'cluster'` (scikit-learn's behaviour: noise is one
   * more cluster). `'exclude'` scores only the clustered rows, which is usually what you want after
   * HDBSCAN/DBSCAN.
   */
  noise?: 'cluster' | 'exclude';
}

/** Options of {@link silhouetteScore} and {@link silhouetteSamples}. */
export interface SilhouetteOptions extends InternalMetricOptions {
  /** Distance between rows. Default `'euclidean'`. */
  metric?: DistanceMetric;
  /**
   * Score a seeded random sample of this many rows (distances among the sample only, like
   * scikit-learn's `sample_size`). By default the score is exact up to {@link SILHOUETTE_EXACT_LIMIT}
   * rows and uses a sample of that many rows above it.
   */
  sampleSize?: number;
  /** Force the exact O(n²) computation on every row, however many there are. */
  exact?: boolean;
  /** Seed of the row sample. Default 42. */
  seed?: number;
}

/**
 * Above this many rows {@link silhouetteScore} samples (unless `exact: true`).
 * @example silhouetteScore(x, labels, { exact: x.rows > SILHOUETTE_EXACT_LIMIT });
 */
export const SILHOUETTE_EXACT_LIMIT = 10_000;

/** Rows kept under a noise policy (indices into the input), or `null` when all are kept. */
function keptRows(labels: Int32Array, noise: 'cluster' | 'exclude' | undefined): Int32Array | null {
  const policy = noise ?? 'cluster';
  if (policy !== 'cluster' && policy !== 'exclude') {
    throw new InputError(`noise must be 'cluster' or 'exclude', got ${String(noise)}.`, {
      code: 'INVALID_OPTION',
      field: 'noise',
      fix: "Use noise: 'cluster' (scikit-learn's behaviour) or 'exclude'.",
    });
  }
  if (policy === 'cluster') return null;
  let m = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] !== -1) m++;
  const idx = new Int32Array(m);
  for (let i = 0, j = 0; i < labels.length; i++) if (labels[i] !== -1) idx[j++] = i;
  return idx;
}

function checkLabelCount(nLabels: number, nRows: number): void {
  if (nLabels < 2 || nLabels > nRows - 1) {
    throw new InputError(
      `This score needs between 2 and n - 1 distinct labels; got ${nLabels} labels for ${nRows} rows.`,
      {
        code: 'BAD_LABELS',
        field: 'labels',
        fix: 'Score a clustering with at least two clusters and fewer clusters than rows.',
      },
    );
  }
}

/** Sorted seeded sample of `size` values from `pool` (all of it when `size >= pool.length`). */
function samplePool(pool: Int32Array, size: number, seed: number): Int32Array {
  if (size >= pool.length) return pool;
  const rng = createRng(seed);
  const a = Int32Array.from(pool);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(rng.next() * (a.length - i));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a.subarray(0, size).sort();
}

/** Per-row silhouette of the rows `rows` among themselves. */
function silhouetteOf(x: Matrix, labels: Int32Array, rows: Int32Array, metric: DistanceMetric): Float64Array {
  const m = rows.length;
  const sub: Matrix = {
    data: (() => {
      const Ctor = x.data.constructor as { new (n: number): Float32Array | Float64Array };
      const out = new Ctor(m * x.cols);
      for (let t = 0; t < m; t++) out.set(x.data.subarray(rows[t]! * x.cols, (rows[t]! + 1) * x.cols), t * x.cols);
      return out;
    })(),
    rows: m,
    cols: x.cols,
  };
  const sl = new Int32Array(m);
  for (let t = 0; t < m; t++) sl[t] = labels[rows[t]!]!;
  const enc = encodeLabels(sl);
  const k = enc.values.length;
  checkLabelCount(k, m);
  const codes = enc.codes;
  const dist = prepareDistance(sub, metric);
  const sums = new Float64Array(m * k);
  const d = x.cols;
  // Wide rows with an inner-product metric: distances from |a|² + |b|² − 2a·b through the blocked
  // kernel (as scikit-learn does with BLAS); otherwise pair by pair.
  const useKernel = d >= 16 && metric !== 'manhattan';
  const block = useKernel ? 64 : 96;
  const data64 = useKernel ? (dist.data instanceof Float64Array ? dist.data : Float64Array.from(dist.data)) : null;
  const norms = data64 ? rowSqNorms(data64, m, d) : null;
  const buf = useKernel ? new Float64Array(block * block) : null;
  for (let bi = 0; bi < m; bi += block) {
    const ei = Math.min(m, bi + block);
    for (let bj = bi; bj < m; bj += block) {
      const ej = Math.min(m, bj + block);
      const w = ej - bj;
      if (data64) blockSqDistances(data64, bi, ei, d, norms!, data64.subarray(bj * d, ej * d), w, norms!.subarray(bj, ej), buf!);
      for (let i = bi; i < ei; i++) {
        const ci = codes[i]!;
        const rowI = i * k;
        const o = (i - bi) * w - bj;
        let acc = 0;
        let lastC = -1;
        for (let j = bj === bi ? i + 1 : bj; j < ej; j++) {
          let dd: number;
          if (buf) {
            const sq = buf[o + j]!;
            // cosine rows are unit (or zero) vectors: 1 − a·b with a·b = (|a|² + |b|² − sq) / 2
            dd =
              metric === 'euclidean'
                ? Math.sqrt(sq)
                : metric === 'sqeuclidean'
                  ? sq
                  : Math.max(0, 1 - (norms![i]! + norms![j]! - sq) / 2);
          } else dd = dist.between(i, j);
          const cj = codes[j]!;
          if (cj !== lastC) {
            if (lastC >= 0) sums[rowI + lastC]! += acc;
            acc = 0;
            lastC = cj;
          }
          acc += dd;
          sums[j * k + ci]! += dd;
        }
        if (lastC >= 0) sums[rowI + lastC]! += acc;
      }
    }
  }
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const ci = codes[i]!;
    const own = enc.counts[ci]!;
    const a = own > 1 ? sums[i * k + ci]! / (own - 1) : 0;
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === ci) continue;
      const v = sums[i * k + c]! / enc.counts[c]!;
      if (v < b) b = v;
    }
    const denom = Math.max(a, b);
    // Singleton clusters score 0 (as in scikit-learn); 0/0 for duplicate points also gives 0.
    out[i] = own > 1 && denom > 0 ? (b - a) / denom : 0;
  }
  return out;
}

function silhouetteSetup(x: Matrix, labels: LabelsLike, options: SilhouetteOptions | undefined) {
  const lab = toLabelArray(labels);
  checkFeatures(x, lab.length);
  const metric = checkMetric(options?.metric ?? 'euclidean');
  const kept = keptRows(lab, options?.noise);
  let rows = kept;
  if (!rows) {
    rows = new Int32Array(lab.length);
    for (let i = 0; i < rows.length; i++) rows[i] = i;
  }
  return { lab, metric, rows };
}

/**
 * Silhouette coefficient of every row: `(b - a) / max(a, b)` with `a` the mean distance to its own
 * cluster and `b` the mean distance to the nearest other cluster; 0 for rows in singleton clusters.
 * Exact (O(n²) distances, no n × n matrix). Rows excluded by `noise: 'exclude'` get `NaN`.
 *
 * @example
 * const s = silhouetteSamples(fromArrays([[0], [1], [10], [11]]), [0, 0, 1, 1]);
 * s[0]; // (10 - 1) / 10 = 0.9
 */
export function silhouetteSamples(x: Matrix, labels: LabelsLike, options?: Omit<SilhouetteOptions, 'sampleSize' | 'exact' | 'seed'>): Float64Array {
  const { lab, metric, rows } = silhouetteSetup(x, labels, options);
  const s = silhouetteOf(x, lab, rows, metric);
  if (rows.length === lab.length) return s;
  const out = new Float64Array(lab.length).fill(Number.NaN);
  for (let t = 0; t < rows.length; t++) out[rows[t]!] = s[t]!;
  return out;
}

/**
 * Mean silhouette coefficient (−1..1, higher is better), like scikit-learn's `silhouette_score`.
 * Exact up to 10 000 rows; above that a seeded sample of 10 000 rows (override with `sampleSize`,
 * or force the exact value with `exact: true`).
 *
 * @example
 * silhouetteScore(fromArrays([[0], [1], [10], [11]]), [0, 0, 1, 1]); // ≈ 0.9
 */
export function silhouetteScore(x: Matrix, labels: LabelsLike, options?: SilhouetteOptions): number {
  const { lab, metric, rows } = silhouetteSetup(x, labels, options);
  let chosen = rows;
  if (!options?.exact) {
    const size = options?.sampleSize ?? (rows.length > SILHOUETTE_EXACT_LIMIT ? SILHOUETTE_EXACT_LIMIT : rows.length);
    if (!Number.isInteger(size) || size < 2) {
      throw new InputError(`sampleSize must be an integer ≥ 2, got ${size}.`, {
        code: 'INVALID_OPTION',
        field: 'sampleSize',
        fix: 'Pass a sample size of at least 2 rows, or exact: true.',
      });
    }
    chosen = samplePool(rows, size, options?.seed ?? 42);
  }
  const s = silhouetteOf(x, lab, chosen, metric);
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += s[i]!;
  return sum / s.length;
}

/** Per-cluster means (Float64, `k × d`), counts, and dense codes for the kept rows. */
function clusterMeans(x: Matrix, lab: Int32Array, rows: Int32Array | null) {
  const n = rows ? rows.length : lab.length;
  const sl = new Int32Array(n);
  for (let t = 0; t < n; t++) sl[t] = lab[rows ? rows[t]! : t]!;
  const enc = encodeLabels(sl);
  const k = enc.values.length;
  const d = x.cols;
  const means = new Float64Array(k * d);
  for (let t = 0; t < n; t++) {
    const r = rows ? rows[t]! : t;
    const o = enc.codes[t]! * d;
    for (let j = 0; j < d; j++) means[o + j]! += x.data[r * d + j]!;
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) means[c * d + j]! /= enc.counts[c]!;
  return { enc, k, means, n };
}

/**
 * Calinski–Harabasz index (variance ratio criterion): between-cluster dispersion over within-cluster
 * dispersion, scaled by `(n - k) / (k - 1)`. Higher is better. Same as scikit-learn's
 * `calinski_harabasz_score` (returns 1 when every cluster is a single repeated point).
 *
 * @example calinskiHarabasz(fromArrays([[0], [1], [10], [11]]), [0, 0, 1, 1]); // 200
 */
export function calinskiHarabasz(x: Matrix, labels: LabelsLike, options?: InternalMetricOptions): number {
  const lab = toLabelArray(labels);
  checkFeatures(x, lab.length);
  const rows = keptRows(lab, options?.noise);
  const { enc, k, means, n } = clusterMeans(x, lab, rows);
  checkLabelCount(k, n);
  const d = x.cols;
  const overall = new Float64Array(d);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) overall[j]! += means[c * d + j]! * enc.counts[c]!;
  for (let j = 0; j < d; j++) overall[j]! /= n;
  let extra = 0;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = means[c * d + j]! - overall[j]!;
      s += t * t;
    }
    extra += enc.counts[c]! * s;
  }
  let intra = 0;
  for (let t = 0; t < n; t++) {
    const r = rows ? rows[t]! : t;
    intra += sqDist(x.data, r, means, enc.codes[t]!, d);
  }
  return intra === 0 ? 1 : (extra * (n - k)) / (intra * (k - 1));
}

/**
 * Davies–Bouldin index: mean over clusters of the worst ratio of summed spreads to centroid
 * distance. Lower is better, 0 is the minimum. Same as scikit-learn's `davies_bouldin_score`.
 *
 * @example daviesBouldin(fromArrays([[0], [1], [10], [11]]), [0, 0, 1, 1]); // (0.5 + 0.5) / 10 = 0.1
 */
export function daviesBouldin(x: Matrix, labels: LabelsLike, options?: InternalMetricOptions): number {
  const lab = toLabelArray(labels);
  checkFeatures(x, lab.length);
  const rows = keptRows(lab, options?.noise);
  const { enc, k, means, n } = clusterMeans(x, lab, rows);
  checkLabelCount(k, n);
  const d = x.cols;
  const spread = new Float64Array(k);
  for (let t = 0; t < n; t++) {
    const r = rows ? rows[t]! : t;
    const c = enc.codes[t]!;
    spread[c]! += Math.sqrt(sqDist(x.data, r, means, c, d));
  }
  for (let c = 0; c < k; c++) spread[c]! /= enc.counts[c]!;
  const centroidDist = new Float64Array(k * k);
  let allSpreadZero = true;
  let allCentroidZero = true;
  for (let c = 0; c < k; c++) {
    if (Math.abs(spread[c]!) > 1e-8) allSpreadZero = false;
    for (let e = 0; e < k; e++) {
      const v = Math.sqrt(sqDist(means, c, means, e, d));
      centroidDist[c * k + e] = v;
      if (Math.abs(v) > 1e-8) allCentroidZero = false;
    }
  }
  // scikit-learn: np.allclose(intra_dists, 0) or np.allclose(centroid_distances, 0) → 0.
  if (allSpreadZero || allCentroidZero) return 0;
  let total = 0;
  for (let c = 0; c < k; c++) {
    let worst = -Infinity;
    for (let e = 0; e < k; e++) {
      const cd = centroidDist[c * k + e]!;
      const ratio = (spread[c]! + spread[e]!) / (cd === 0 ? Infinity : cd);
      if (ratio > worst) worst = ratio;
    }
    total += worst;
  }
  return total / k;
}
