import type { FloatArray } from '../core/matrix.js';

/**
 * Hot loops shared by k-means, mini-batch k-means, k-means++ seeding and the Gaussian-mixture
 * initialisation. Rows are row-major with `d` columns; centres are always Float64.
 * @internal
 */

/**
 * Squared euclidean distance between row `i` of `x` and centre `c` of `centers`.
 * @example rowCenterSqDist(x.data, 0, centres, 2, x.cols);
 */
export function rowCenterSqDist(x: FloatArray, i: number, centers: Float64Array, c: number, d: number): number {
  const oa = i * d;
  const ob = c * d;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < d; k += 4) {
    const t0 = x[oa + k]! - centers[ob + k]!;
    const t1 = x[oa + k + 1]! - centers[ob + k + 1]!;
    const t2 = x[oa + k + 2]! - centers[ob + k + 2]!;
    const t3 = x[oa + k + 3]! - centers[ob + k + 3]!;
    s0 += t0 * t0;
    s1 += t1 * t1;
    s2 += t2 * t2;
    s3 += t3 * t3;
  }
  for (; k < d; k++) {
    const t = x[oa + k]! - centers[ob + k]!;
    s0 += t * t;
  }
  return s0 + s1 + s2 + s3;
}

/**
 * Squared norms of the rows of a row-major array.
 * @example rowSqNorms(x.data, x.rows, x.cols);
 */
export function rowSqNorms(x: FloatArray, rows: number, d: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const o = i * d;
    for (let k = 0; k < d; k++) s += x[o + k]! * x[o + k]!;
    out[i] = s;
  }
  return out;
}

/**
 * Squared distances from rows `[r0, r1)` of `x` to every centre, written to
 * `out[(i - r0) * kc + j]`. Uses `|x|² + |c|² − 2 x·c` with a 2 × 4 register block (the dot products
 * dominate: this is the k-means "GEMM"), clamped at 0.
 * @example blockSqDistances(x.data, 0, 64, d, norms, centres, k, centreNorms, out);
 */
export function blockSqDistances(
  x: FloatArray,
  r0: number,
  r1: number,
  d: number,
  xNorms: Float64Array,
  centers: Float64Array,
  kc: number,
  cNorms: Float64Array,
  out: Float64Array,
): void {
  let i = r0;
  for (; i + 1 < r1; i += 2) {
    const oa = i * d;
    const ob = oa + d;
    let j = 0;
    for (; j + 3 < kc; j += 4) {
      const c0 = j * d;
      const c1 = c0 + d;
      const c2 = c1 + d;
      const c3 = c2 + d;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
      for (let k = 0; k < d; k++) {
        const xa = x[oa + k]!;
        const xb = x[ob + k]!;
        const v0 = centers[c0 + k]!;
        const v1 = centers[c1 + k]!;
        const v2 = centers[c2 + k]!;
        const v3 = centers[c3 + k]!;
        a0 += xa * v0;
        a1 += xa * v1;
        a2 += xa * v2;
        a3 += xa * v3;
        b0 += xb * v0;
        b1 += xb * v1;
        b2 += xb * v2;
        b3 += xb * v3;
      }
      const na = xNorms[i]!;
      const nb = xNorms[i + 1]!;
      const ra = (i - r0) * kc + j;
      const rb = ra + kc;
      out[ra] = Math.max(0, na + cNorms[j]! - 2 * a0);
      out[ra + 1] = Math.max(0, na + cNorms[j + 1]! - 2 * a1);
      out[ra + 2] = Math.max(0, na + cNorms[j + 2]! - 2 * a2);
      out[ra + 3] = Math.max(0, na + cNorms[j + 3]! - 2 * a3);
      out[rb] = Math.max(0, nb + cNorms[j]! - 2 * b0);
      out[rb + 1] = Math.max(0, nb + cNorms[j + 1]! - 2 * b1);
      out[rb + 2] = Math.max(0, nb + cNorms[j + 2]! - 2 * b2);
      out[rb + 3] = Math.max(0, nb + cNorms[j + 3]! - 2 * b3);
    }
    for (; j < kc; j++) {
      const c0 = j * d;
      let a0 = 0;
      let b0 = 0;
      for (let k = 0; k < d; k++) {
        const v = centers[c0 + k]!;
        a0 += x[oa + k]! * v;
        b0 += x[ob + k]! * v;
      }
      out[(i - r0) * kc + j] = Math.max(0, xNorms[i]! + cNorms[j]! - 2 * a0);
      out[(i + 1 - r0) * kc + j] = Math.max(0, xNorms[i + 1]! + cNorms[j]! - 2 * b0);
    }
  }
  for (; i < r1; i++) {
    for (let j = 0; j < kc; j++) {
      const c0 = j * d;
      const oa = i * d;
      let a0 = 0;
      for (let k = 0; k < d; k++) a0 += x[oa + k]! * centers[c0 + k]!;
      out[(i - r0) * kc + j] = Math.max(0, xNorms[i]! + cNorms[j]! - 2 * a0);
    }
  }
}

/**
 * Nearest centre of every row (exact: the winner's distance is recomputed directly so inertia does
 * not suffer from the `|x|² + |c|² − 2x·c` cancellation). Returns the squared distance to it, and
 * optionally to the second-nearest centre.
 * @example assignAll(x.data, n, d, norms, centres, k, labels, nearestSq, secondSq);
 */
export function assignAll(
  x: FloatArray,
  rows: number,
  d: number,
  xNorms: Float64Array,
  centers: Float64Array,
  k: number,
  labels: Int32Array,
  best: Float64Array,
  second?: Float64Array,
): void {
  const cNorms = rowSqNorms(centers, k, d);
  const block = 64;
  const buf = new Float64Array(block * k);
  for (let r0 = 0; r0 < rows; r0 += block) {
    const r1 = Math.min(rows, r0 + block);
    blockSqDistances(x, r0, r1, d, xNorms, centers, k, cNorms, buf);
    for (let i = r0; i < r1; i++) {
      const o = (i - r0) * k;
      let b = 0;
      let bv = Infinity;
      let sv = Infinity;
      for (let j = 0; j < k; j++) {
        const v = buf[o + j]!;
        if (v < bv) {
          sv = bv;
          bv = v;
          b = j;
        } else if (v < sv) sv = v;
      }
      labels[i] = b;
      best[i] = rowCenterSqDist(x, i, centers, b, d);
      if (second) second[i] = sv;
    }
  }
}
