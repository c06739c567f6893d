import type { FloatArray, Matrix } from '../core/matrix.js';
import { InputError } from '../core/errors.js';
import { sqEuclidean as sqDist } from '../neighbors/distance.js';

/**
 * Distances the internal metrics understand.
 * @example DISTANCE_METRICS.includes('cosine'); // true
 */
export const DISTANCE_METRICS = ['euclidean', 'sqeuclidean', 'manhattan', 'cosine'] as const;
/** One of {@link DISTANCE_METRICS}. */
export type DistanceMetric = (typeof DISTANCE_METRICS)[number];

/**
 * Checks a metric name and returns it typed.
 * @example checkMetric('manhattan'); // 'manhattan'
 */
export function checkMetric(metric: unknown, field = 'metric'): DistanceMetric {
  if (typeof metric === 'string' && (DISTANCE_METRICS as readonly string[]).includes(metric)) {
    return metric as DistanceMetric;
  }
  throw new InputError(`Unknown ${field} ${String(metric)}.`, {
    code: 'INVALID_OPTION',
    field,
    fix: `Use one of ${DISTANCE_METRICS.join(', ')}.`,
  });
}

// The neighbour search's kernel (same four-lane summation, so the same rounding).
export { sqEuclidean as sqDist } from '../neighbors/distance.js';

/**
 * Dot product of row `i` of `a` and row `j` of `b`.
 * @example dot(x.data, 0, x.data, 1, x.cols);
 */
export function dot(a: FloatArray, i: number, b: FloatArray, j: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const oa = i * d;
  const ob = j * d;
  let k = 0;
  for (; k + 3 < d; k += 4) {
    s0 += a[oa + k]! * b[ob + k]!;
    s1 += a[oa + k + 1]! * b[ob + k + 1]!;
    s2 += a[oa + k + 2]! * b[ob + k + 2]!;
    s3 += a[oa + k + 3]! * b[ob + k + 3]!;
  }
  for (; k < d; k++) s0 += a[oa + k]! * b[ob + k]!;
  return s0 + s1 + s2 + s3;
}

function manhattan(a: FloatArray, i: number, b: FloatArray, j: number, d: number): number {
  let s = 0;
  const oa = i * d;
  const ob = j * d;
  for (let k = 0; k < d; k++) s += Math.abs(a[oa + k]! - b[ob + k]!);
  return s;
}

/** A prepared distance: the data (normalised for cosine) and a function of two row indices. */
export interface PreparedDistance {
  data: FloatArray;
  cols: number;
  /** Distance between rows `i` and `j` of `data`. */
  between(i: number, j: number): number;
}

/**
 * Prepares row-to-row distances for a matrix. Cosine rows are L2-normalised once (zero rows stay
 * zero, at distance 1 from everything), so a pair costs one dot product.
 * @example prepareDistance(x, 'cosine').between(0, 1);
 */
export function prepareDistance(x: Matrix, metric: DistanceMetric): PreparedDistance {
  const d = x.cols;
  if (metric === 'cosine') {
    const data = new Float64Array(x.data.length);
    for (let i = 0; i < x.rows; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += x.data[i * d + k]! * x.data[i * d + k]!;
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let k = 0; k < d; k++) data[i * d + k] = x.data[i * d + k]! * inv;
    }
    return { data, cols: d, between: (i, j) => Math.max(0, 1 - dot(data, i, data, j, d)) };
  }
  const data = x.data;
  if (metric === 'sqeuclidean') return { data, cols: d, between: (i, j) => sqDist(data, i, data, j, d) };
  if (metric === 'manhattan') return { data, cols: d, between: (i, j) => manhattan(data, i, data, j, d) };
  return { data, cols: d, between: (i, j) => Math.sqrt(sqDist(data, i, data, j, d)) };
}

/**
 * Throws unless `x` is a matrix with one row per label.
 * @example checkFeatures(x, labels.length);
 */
export function checkFeatures(x: Matrix, nLabels: number, field = 'x'): void {
  if (!x || !(x.data instanceof Float32Array || x.data instanceof Float64Array) || x.data.length !== x.rows * x.cols) {
    throw new InputError(`${field} must be a Matrix (typed array, rows, cols).`, {
      code: 'BAD_INPUT',
      field,
      fix: 'Build it with matrix(data, rows, cols) or fromArrays(rows).',
    });
  }
  if (x.rows !== nLabels) {
    throw new InputError(`${field} has ${x.rows} rows but labels has ${nLabels} entries.`, {
      code: 'LENGTH_MISMATCH',
      field: 'labels',
      fix: 'Pass one label per row of the feature matrix.',
    });
  }
}
