import { symmetricEigen } from '../linalg/eigen.js';
import { orthonormalizeColumns } from '../linalg/dense.js';
import type { Rng } from '../core/random.js';
import type { SparseGraph } from './fuzzy.js';

/**
 * Spectral layout of a symmetric graph: the eigenvectors of the normalised Laplacian
 * `I − D^(−1/2) W D^(−1/2)` for the `dim` smallest non-trivial eigenvalues, as umap-learn's
 * spectral initialisation. Found by seeded block power (subspace) iteration on
 * `(I + D^(−1/2) W D^(−1/2)) / 2` with Rayleigh–Ritz extraction, so it costs O(iterations · nnz · dim)
 * and needs no dense n × n matrix. Stops when the Ritz values move less than 1e-5 in 10 steps
 * (an initialisation needs the shape, not full precision; umap-learn asks eigsh for 1e-4). Returns `null` when the result is unusable (too few points or a
 * non-finite value), so the caller can fall back to PCA.
 *
 * @example const init = spectralLayout(graph, 2, rng); // Float64Array n × 2 or null
 */
export function spectralLayout(g: SparseGraph, dim: number, rng: Rng, maxIter = 120): Float64Array | null {
  const n = g.n;
  const p = Math.min(n, dim + 1 + Math.min(4, dim));
  if (n <= dim + 1) return null;
  // Each step costs O(nnz · p): wider blocks (more output dimensions) get proportionally fewer
  // steps, so the initialisation stays a small share of the fit.
  maxIter = Math.max(30, Math.min(maxIter, Math.round((maxIter * 7) / p)));
  const invSqrtDeg = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let e = g.rowPtr[i]!; e < g.rowPtr[i + 1]!; e++) s += g.vals[e]!;
    invSqrtDeg[i] = s > 0 ? 1 / Math.sqrt(s) : 0;
  }
  const apply = (q: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      const o = i * p;
      for (let c = 0; c < p; c++) out[o + c] = 0.5 * q[o + c]!;
      const di = 0.5 * invSqrtDeg[i]!;
      for (let e = g.rowPtr[i]!; e < g.rowPtr[i + 1]!; e++) {
        const j = g.cols[e]!;
        const w = di * g.vals[e]! * invSqrtDeg[j]!;
        const jo = j * p;
        for (let c = 0; c < p; c++) out[o + c] = out[o + c]! + w * q[jo + c]!;
      }
    }
  };
  let q = new Float64Array(n * p);
  for (let i = 0; i < n * p; i++) q[i] = rng.normal();
  // The trivial eigenvector is known: start column 0 on it.
  for (let i = 0; i < n; i++) q[i * p] = invSqrtDeg[i]! > 0 ? 1 / invSqrtDeg[i]! : 0;
  orthonormalizeColumns(q, n, p);
  let y = new Float64Array(n * p);
  let previous: Float64Array | null = null;
  const ritz = (): { values: Float64Array; vectors: Float64Array } => {
    apply(q, y);
    const h = new Float64Array(p * p);
    for (let i = 0; i < n; i++) {
      const o = i * p;
      for (let a = 0; a < p; a++) {
        const qa = q[o + a]!;
        for (let b = 0; b <= a; b++) h[a * p + b] = h[a * p + b]! + qa * y[o + b]!;
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) h[b * p + a] = h[a * p + b]!;
    const eig = symmetricEigen({ data: h, rows: p, cols: p });
    return { values: eig.values, vectors: eig.vectors.data };
  };
  for (let it = 1; it <= maxIter; it++) {
    apply(q, y);
    const t = q;
    q = y;
    y = t;
    // Re-orthonormalise every 5 steps (O(n·p²), the dominant cost for larger p); in between the
    // columns cannot blow up because the iteration matrix has eigenvalues in [0, 1].
    if (it % 5 === 0 || it === maxIter) orthonormalizeColumns(q, n, p);
    if (it % 10 === 0 || it === maxIter) {
      const { values } = ritz();
      if (previous) {
        let change = 0;
        for (let c = 0; c <= dim; c++) change = Math.max(change, Math.abs(values[c]! - previous[c]!));
        if (change < 1e-5) break;
      }
      previous = values;
    }
  }
  const { vectors } = ritz();
  // Ritz vectors 1..dim (0 is the trivial one, eigenvalue 1).
  const out = new Float64Array(n * dim);
  for (let c = 0; c < dim; c++) {
    const w = vectors.subarray((c + 1) * p, (c + 2) * p);
    for (let i = 0; i < n; i++) {
      let s = 0;
      const o = i * p;
      for (let a = 0; a < p; a++) s += q[o + a]! * w[a]!;
      out[i * dim + c] = s;
    }
  }
  for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i]!)) return null;
  return out;
}

/**
 * Scales an initial layout as umap-learn does: multiply so the largest magnitude is 10, add tiny
 * seeded noise (breaks exact ties), then map each column to [0, 10]. Writes Float32.
 */
export function scaleInitialLayout(init: Float64Array, n: number, dim: number, rng: Rng): Float32Array {
  let big = 0;
  for (let i = 0; i < init.length; i++) big = Math.max(big, Math.abs(init[i]!));
  const expansion = big > 0 ? 10 / big : 1;
  const out = new Float32Array(n * dim);
  for (let i = 0; i < init.length; i++) out[i] = init[i]! * expansion + rng.normal() * 1e-4;
  for (let c = 0; c < dim; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = out[i * dim + c]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const range = hi - lo > 0 ? hi - lo : 1;
    for (let i = 0; i < n; i++) out[i * dim + c] = (10 * (out[i * dim + c]! - lo)) / range;
  }
  return out;
}
