import { z } from 'zod';
import { ConfigError, InputError } from '../core/errors.js';
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
  const parsed = RandomizedSvdOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid randomizedSvd option "${issue.path.join('.')}": ${issue.message}.`, {
      code: 'INVALID_OPTION',
      field: issue.path.join('.'),
      fix: 'Check the randomizedSvd options.',
    });
  }
  const opts = parsed.data;
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
  const l = Math.min(maxRank, k + opts.nOversamples);
  const nIter = opts.nIter ?? (k < 0.1 * maxRank ? 7 : 4);
  const rng = createRng(opts.seed);
  const omega = gaussianMatrix(d, l, rng);
  let q = multiply(x, omega, l, mean);
  orthonormalizeColumns(q, n, l);
  for (let it = 0; it < nIter; it++) {
    const zt = transposeMultiply(x, q, l, mean);
    orthonormalizeColumns(zt, d, l);
    q = multiply(x, zt, l, mean);
    orthonormalizeColumns(q, n, l);
  }
  // B = Qᵀ X is l × d; we hold Bᵀ = Xᵀ Q (d × l).
  const bt = transposeMultiply(x, q, l, mean);
  // Small l × l problem: B Bᵀ = W Λ Wᵀ; s = √λ; Vt = Wᵀ B / s; U = Q W.
  const bbt = new Float64Array(l * l);
  for (let j = 0; j < d; j++) {
    const o = j * l;
    for (let a = 0; a < l; a++) {
      const v = bt[o + a]!;
      for (let b = 0; b <= a; b++) bbt[a * l + b] = bbt[a * l + b]! + v * bt[o + b]!;
    }
  }
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) bbt[b * l + a] = bbt[a * l + b]!;
  const eig = symmetricEigen({ data: bbt, rows: l, cols: l });
  const s = new Float64Array(k);
  const vt = new Float64Array(k * d);
  const u = new Float64Array(n * k);
  for (let c = 0; c < k; c++) {
    const lambda = Math.max(eig.values[c]!, 0);
    const sc = Math.sqrt(lambda);
    s[c] = sc;
    const w = eig.vectors.data.subarray(c * l, (c + 1) * l);
    const inv = sc > 0 ? 1 / sc : 0;
    let big = 0;
    let sign = 1;
    for (let j = 0; j < d; j++) {
      let v = 0;
      const o = j * l;
      for (let a = 0; a < l; a++) v += w[a]! * bt[o + a]!;
      v *= inv;
      vt[c * d + j] = v;
      if (Math.abs(v) > big + 1e-12) {
        big = Math.abs(v);
        sign = v < 0 ? -1 : 1;
      }
    }
    if (sign < 0) for (let j = 0; j < d; j++) vt[c * d + j] = -vt[c * d + j]!;
    for (let i = 0; i < n; i++) {
      let v = 0;
      const o = i * l;
      for (let a = 0; a < l; a++) v += q[o + a]! * w[a]!;
      u[i * k + c] = sign * v;
    }
  }
  return {
    u: { data: u, rows: n, cols: k },
    s,
    vt: { data: vt, rows: k, cols: d },
    ...(mean ? { mean } : {}),
  };
}
