import type { FloatArray, Matrix } from '../core/matrix.js';

/** Distance metrics the neighbour searches support. */
export const NeighborMetric = { euclidean: 'euclidean', cosine: 'cosine' } as const;
/** `'euclidean'` or `'cosine'` (1 − cosine similarity). */
export type NeighborMetric = keyof typeof NeighborMetric;

/** True when `value` names a supported metric. @example isNeighborMetric('cosine') // true */
export function isNeighborMetric(value: unknown): value is NeighborMetric {
  return value === 'euclidean' || value === 'cosine';
}

/**
 * Squared euclidean distance between row `i` of `a` and row `j` of `b` (both `d` wide).
 * Four accumulators let V8 overlap the multiply-adds.
 *
 * @example sqEuclidean(x.data, 0, x.data, 1, x.cols)
 */
export function sqEuclidean(a: FloatArray, i: number, b: FloatArray, j: number, d: number): number {
  let ai = i * d;
  let bj = j * d;
  const end = ai + d - 3;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (; ai < end; ai += 4, bj += 4) {
    const t0 = a[ai]! - b[bj]!;
    const t1 = a[ai + 1]! - b[bj + 1]!;
    const t2 = a[ai + 2]! - b[bj + 2]!;
    const t3 = a[ai + 3]! - b[bj + 3]!;
    s0 += t0 * t0;
    s1 += t1 * t1;
    s2 += t2 * t2;
    s3 += t3 * t3;
  }
  const last = i * d + d;
  for (; ai < last; ai++, bj++) {
    const t = a[ai]! - b[bj]!;
    s0 += t * t;
  }
  return s0 + s1 + s2 + s3;
}

/**
 * Squared euclidean distance that gives up early: once the partial sum passes `bound` it returns
 * that partial sum (which is already `> bound`). Most candidate pairs in a neighbour search are
 * rejected, so this skips a large share of the arithmetic.
 *
 * @example sqEuclideanBounded(x.data, 0, x.data, 1, x.cols, 2.5)
 */
export function sqEuclideanBounded(
  a: FloatArray,
  i: number,
  b: FloatArray,
  j: number,
  d: number,
  bound: number,
): number {
  let ai = i * d;
  let bj = j * d;
  const last = ai + d;
  let s = 0;
  while (ai < last) {
    const stop = Math.min(last, ai + 64) - 3;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (; ai < stop; ai += 4, bj += 4) {
      const t0 = a[ai]! - b[bj]!;
      const t1 = a[ai + 1]! - b[bj + 1]!;
      const t2 = a[ai + 2]! - b[bj + 2]!;
      const t3 = a[ai + 3]! - b[bj + 3]!;
      s0 += t0 * t0;
      s1 += t1 * t1;
      s2 += t2 * t2;
      s3 += t3 * t3;
    }
    const blockEnd = Math.min(last, stop + 3);
    for (; ai < blockEnd; ai++, bj++) {
      const t = a[ai]! - b[bj]!;
      s0 += t * t;
    }
    s += s0 + s1 + s2 + s3;
    if (s > bound) return s;
  }
  return s;
}

/**
 * The working copy every neighbour search runs on: Float32 rows, unit-length for cosine (so that
 * squared euclidean distance equals `2 · (1 − cos)`). Zero rows stay zero under cosine.
 *
 * @example prepareRows(x, 'cosine')
 */
export function prepareRows(x: Matrix, metric: NeighborMetric): Float32Array {
  const out = x.data instanceof Float32Array && metric === 'euclidean' ? x.data : Float32Array.from(x.data);
  if (metric === 'cosine') {
    const d = x.cols;
    for (let i = 0; i < x.rows; i++) {
      let s = 0;
      for (let j = i * d; j < i * d + d; j++) s += out[j]! * out[j]!;
      if (s > 0) {
        const inv = 1 / Math.sqrt(s);
        for (let j = i * d; j < i * d + d; j++) out[j] = out[j]! * inv;
      }
    }
  }
  return out;
}

/**
 * Converts a squared euclidean distance on prepared rows into the metric's distance: euclidean
 * distance, or cosine distance `1 − cos = d² / 2`.
 *
 * @example finishDistance(4, 'euclidean') // 2
 */
export function finishDistance(squared: number, metric: NeighborMetric): number {
  const s = squared < 0 ? 0 : squared;
  return metric === 'cosine' ? s / 2 : Math.sqrt(s);
}
