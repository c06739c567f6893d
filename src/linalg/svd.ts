import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { parseOptions } from '../config/validate.js';
import type { Matrix } from '../core/matrix.js';
import { createRng, DEFAULT_SEED } from '../core/random.js';
import { columnMeans, gaussianMatrix, multiply, orthonormalizeColumns, transposeMultiply } from './dense.js';
import { symmetricEigen } from './eigen.js';

/** Options of {@link randomizedSvd}. */
export const RandomizedSvdOptionsSchema = z.object({
  /** Seed of the random test matrix: same seed, same result. */
  seed: z.number().int().default(DEFAULT_SEED),
  /** Extra sampled directions beyond k (Halko et al. recommend 5–10). */
  nOversamples: z.number().int().min(0).default(10),
  /** Power iterations; default 7 when k < 10% of min(n, d), else 4 (as scikit-learn). */
  nIter: z.number().int().min(0).optional(),
  /** Subtract column means first (implicitly; the input is not copied). */
  center: z.boolean().default(false),
});
/** Options of {@link randomizedSvd} (input type). */
export type RandomizedSvdOptions = z.input<typeof RandomizedSvdOptionsSchema>;

/** A truncated SVD `X ≈ U · diag(s) · Vt`. */
export interface TruncatedSvd {
  /** `n × k` left singular vectors (orthonormal columns). */
  u: Matrix<Float64Array>;
  /** The k largest singular values, descending. */
  s: Float64Array;
  /** `k × d` right singular vectors as rows (orthonormal rows). */
  vt: Matrix<Float64Array>;
  /** Column means that were subtracted (only when `center` was set). */
  mean?: Float64Array;
}

/**
 * Truncated SVD by randomized range finding (Halko, Martinsson & Tropp 2011): sample the range of X
 * with a seeded Gaussian test matrix, sharpen it with power iterations, then solve the small
 * problem exactly. Works on Float32 or Float64 rows, dense or mostly-zero (zeros are skipped, so a
 * TF-IDF matrix stored densely is cheap). Signs are deterministic: the largest-magnitude entry of
 * each row of `vt` is positive.
 *
 * @param x - `n × d` data.
 * @param k - Number of singular triplets, 1 ≤ k ≤ min(n, d).
 *
 * @example
 * // LSA: 100 topics from a TF-IDF matrix
 * const { u, s, vt } = randomizedSvd(tfidf, 100, { seed: 1 });
 * // document coordinates: u scaled by s (row i, column c → u.data[i*100+c] * s[c])
 */
export function randomizedSvd(x: Matrix, k: number, options: RandomizedSvdOptions = {}): TruncatedSvd {
  const opts = parseOptions(RandomizedSvdOptionsSchema, options, 'randomizedSvd options');
  const n = x.rows;
  const d = x.cols;
  const maxRank = Math.min(n, d);
  if (!Number.isInteger(k) || k < 1 || k > maxRank) {
    throw new InputError(`randomizedSvd needs 1 ≤ k ≤ min(n, d) = ${maxRank}, got ${k}.`, {
      code: 'BAD_RANK',
      field: 'k',
      fix: `Ask for at most ${maxRank} components.`,
    });
  }
  const mean = opts.center ? columnMeans(x) : undefined;
  const { q, s, vt, w, signs, l } = randomizedSvdCore(n, d, k, {
    seed: opts.seed,
    nOversamples: opts.nOversamples,
    ...(opts.nIter !== undefined ? { nIter: opts.nIter } : {}),
    multiply: (m, cols) => multiply(x, m, cols, mean),
    transposeMultiply: (m, cols) => transposeMultiply(x, m, cols, mean),
  });
  // U = Q W (with the signs chosen for Vt).
  const u = new Float64Array(n * k);
  for (let c = 0; c < k; c++) {
    const wc = w.subarray(c * l, (c + 1) * l);
    for (let i = 0; i < n; i++) {
      let v = 0;
      const o = i * l;
      for (let a = 0; a < l; a++) v += q[o + a]! * wc[a]!;
      u[i * k + c] = signs[c]! * v;
    }
  }
  return {
    u: { data: u, rows: n, cols: k },
    s,
    vt,
    ...(mean ? { mean } : {}),
  };
}

/** How {@link randomizedSvdCore} reaches the matrix: X·M and Xᵀ·M for a dense `cols`-column M. */
export interface SvdOperator {
  /** `X · M`, with M `d × cols` row-major; returns `n × cols`. */
  multiply(m: Float64Array, cols: number): Float64Array;
  /** `Xᵀ · M`, with M `n × cols` row-major; returns `d × cols`. */
  transposeMultiply(m: Float64Array, cols: number): Float64Array;
  seed: number;
  nOversamples: number;
  nIter?: number;
}

/**
 * The randomized range finder and small exact solve behind {@link randomizedSvd}, for any matrix
 * that can be multiplied (dense, sparse, implicitly centred): returns Q (`n × l`), the k singular
 * values, Vt (`k × d`, largest-magnitude entry of each row positive), the small problem's
 * eigenvectors W (`k × l`, row c = vector c) and the sign applied to each, so U = Q Wᵀ · sign.
 * @internal
 */
export function randomizedSvdCore(
  n: number,
  d: number,
  k: number,
  op: SvdOperator,
): { q: Float64Array; s: Float64Array; vt: Matrix<Float64Array>; w: Float64Array; signs: Float64Array; l: number } {
  const maxRank = Math.min(n, d);
  const l = Math.min(maxRank, k + op.nOversamples);
  const nIter = op.nIter ?? (k < 0.1 * maxRank ? 7 : 4);
  const rng = createRng(op.seed);
  const omega = gaussianMatrix(d, l, rng);
  let q = op.multiply(omega, l);
  orthonormalizeColumns(q, n, l);
  for (let it = 0; it < nIter; it++) {
    const zt = op.transposeMultiply(q, l);
    orthonormalizeColumns(zt, d, l);
    q = op.multiply(zt, l);
    orthonormalizeColumns(q, n, l);
  }
  // B = Qᵀ X is l × d; we hold Bᵀ = Xᵀ Q (d × l).
  const bt = op.transposeMultiply(q, l);
  // Small l × l problem: B Bᵀ = W Λ Wᵀ; s = √λ; Vt = Wᵀ B / s.
  const bbt = new Float64Array(l * l);
  for (let j = 0; j < d; j++) {
    const o = j * l;
    for (let a = 0; a < l; a++) {
      const v = bt[o + a]!;
      if (v === 0) continue;
      for (let b = 0; b <= a; b++) bbt[a * l + b] = bbt[a * l + b]! + v * bt[o + b]!;
    }
  }
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) bbt[b * l + a] = bbt[a * l + b]!;
  const eig = symmetricEigen({ data: bbt, rows: l, cols: l });
  const s = new Float64Array(k);
  const vt = new Float64Array(k * d);
  const w = new Float64Array(k * l);
  const signs = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const sc = Math.sqrt(Math.max(eig.values[c]!, 0));
    s[c] = sc;
    const wc = eig.vectors.data.subarray(c * l, (c + 1) * l);
    w.set(wc, c * l);
    const inv = sc > 0 ? 1 / sc : 0;
    let big = 0;
    let sign = 1;
    for (let j = 0; j < d; j++) {
      let v = 0;
      const o = j * l;
      for (let a = 0; a < l; a++) v += wc[a]! * bt[o + a]!;
      v *= inv;
      vt[c * d + j] = v;
      if (Math.abs(v) > big + 1e-12) {
        big = Math.abs(v);
        sign = v < 0 ? -1 : 1;
      }
    }
    if (sign < 0) for (let j = 0; j < d; j++) vt[c * d + j] = -vt[c * d + j]!;
    signs[c] = sign;
  }
  return { q, s, vt: { data: vt, rows: k, cols: d }, w, signs, l };
}
