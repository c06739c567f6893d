/**
 * UMAP's fuzzy simplicial set, following umap-learn: per-point smoothing (`smoothKnnDist`),
 * directed membership strengths, and the fuzzy union `A + Aᵀ − A∘Aᵀ` into a symmetric sparse graph.
 */

const SMOOTH_K_TOLERANCE = 1e-5;
const MIN_K_DIST_SCALE = 1e-3;

/** Symmetric sparse graph in CSR form: row i's edges are `cols/vals[rowPtr[i] .. rowPtr[i+1])`, columns ascending. */
export interface SparseGraph {
  n: number;
  rowPtr: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

/**
 * For each point, the distance to its nearest neighbour (`rho`) and the bandwidth (`sigma`) that
 * makes its fuzzy neighbourhood sum to log2(k) (binary search, as umap-learn's smooth_knn_dist).
 * `distances` is row-major n × k with the point itself in column 0 (distance 0).
 *
 * @example const { sigmas, rhos } = smoothKnnDist(dists, n, 15);
 */
export function smoothKnnDist(
  distances: Float64Array,
  n: number,
  k: number,
  localConnectivity = 1,
  nIter = 64,
  bandwidth = 1,
): { sigmas: Float64Array; rhos: Float64Array } {
  const target = Math.log2(k) * bandwidth;
  const rhos = new Float64Array(n);
  const sigmas = new Float64Array(n);
  let meanAll = 0;
  for (let s = 0; s < n * k; s++) meanAll += distances[s]!;
  meanAll /= n * k;
  const nonZero = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let nz = 0;
    let rowSum = 0;
    for (let j = 0; j < k; j++) {
      const v = distances[o + j]!;
      rowSum += v;
      if (v > 0) nonZero[nz++] = v;
    }
    if (nz >= localConnectivity) {
      const index = Math.floor(localConnectivity);
      const interpolation = localConnectivity - index;
      if (index > 0) {
        rhos[i] = nonZero[index - 1]!;
        if (interpolation > SMOOTH_K_TOLERANCE) rhos[i] = rhos[i]! + interpolation * (nonZero[index]! - nonZero[index - 1]!);
      } else {
        rhos[i] = interpolation * nonZero[0]!;
      }
    } else if (nz > 0) {
      let mx = 0;
      for (let t = 0; t < nz; t++) mx = Math.max(mx, nonZero[t]!);
      rhos[i] = mx;
    }
    const rho = rhos[i]!;
    let lo = 0;
    let hi = Infinity;
    let mid = 1;
    for (let it = 0; it < nIter; it++) {
      let psum = 0;
      for (let j = 1; j < k; j++) {
        const dd = distances[o + j]! - rho;
        psum += dd > 0 ? Math.exp(-(dd / mid)) : 1;
      }
      if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) break;
      if (psum > target) {
        hi = mid;
        mid = (lo + hi) / 2;
      } else {
        lo = mid;
        mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
      }
    }
    if (rho > 0) {
      const meanRow = rowSum / k;
      if (mid < MIN_K_DIST_SCALE * meanRow) mid = MIN_K_DIST_SCALE * meanRow;
    } else if (mid < MIN_K_DIST_SCALE * meanAll) {
      mid = MIN_K_DIST_SCALE * meanAll;
    }
    sigmas[i] = mid;
  }
  return { sigmas, rhos };
}

/**
 * Directed membership strengths `exp(−(d − ρ_i) / σ_i)` (1 for the nearest, 0 for the point itself).
 * @example const w = membershipStrengths(indices, distances, sigmas, rhos, n, k);
 */
export function membershipStrengths(
  indices: Int32Array,
  distances: Float64Array,
  sigmas: Float64Array,
  rhos: Float64Array,
  n: number,
  k: number,
): Float64Array {
  const w = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const s = i * k + j;
      const idx = indices[s]!;
      if (idx < 0 || idx === i) w[s] = 0;
      else if (distances[s]! - rhos[i]! <= 0 || sigmas[i] === 0) w[s] = 1;
      else w[s] = Math.exp(-(distances[s]! - rhos[i]!) / sigmas[i]!);
    }
  }
  return w;
}

/** Builds a CSR graph from (row, col, val) triples, summing duplicates and dropping zeros. */
export function csrFromTriples(n: number, rows: Int32Array, cols: Int32Array, vals: Float64Array, count: number): SparseGraph {
  const rowPtr = new Int32Array(n + 1);
  for (let e = 0; e < count; e++) if (vals[e] !== 0) rowPtr[rows[e]! + 1] = rowPtr[rows[e]! + 1]! + 1;
  for (let i = 0; i < n; i++) rowPtr[i + 1] = rowPtr[i + 1]! + rowPtr[i]!;
  const fill = rowPtr.slice(0, n);
  const c = new Int32Array(rowPtr[n]!);
  const v = new Float64Array(rowPtr[n]!);
  for (let e = 0; e < count; e++) {
    if (vals[e] === 0) continue;
    const r = rows[e]!;
    const p = fill[r]!;
    fill[r] = p + 1;
    c[p] = cols[e]!;
    v[p] = vals[e]!;
  }
  // Sort each row by column and merge duplicates.
  const outPtr = new Int32Array(n + 1);
  let write = 0;
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = rowPtr[i]!;
    const end = rowPtr[i + 1]!;
    order.length = 0;
    for (let p = start; p < end; p++) order.push(p);
    order.sort((a, b) => c[a]! - c[b]!);
    const tmpC = order.map((p) => c[p]!);
    const tmpV = order.map((p) => v[p]!);
    outPtr[i] = write;
    for (let t = 0; t < tmpC.length; t++) {
      if (write > outPtr[i]! && c[write - 1] === tmpC[t]) v[write - 1] = v[write - 1]! + tmpV[t]!;
      else {
        c[write] = tmpC[t]!;
        v[write] = tmpV[t]!;
        write++;
      }
    }
  }
  outPtr[n] = write;
  return { n, rowPtr: outPtr, cols: c.slice(0, write), vals: v.slice(0, write) };
}

/** The value at (i, j) of a CSR graph (binary search), 0 when absent. */
export function csrGet(g: SparseGraph, i: number, j: number): number {
  let lo = g.rowPtr[i]!;
  let hi = g.rowPtr[i + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = g.cols[mid]!;
    if (c === j) return g.vals[mid]!;
    if (c < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/**
 * Fuzzy union `A + Aᵀ − A∘Aᵀ` of a directed graph given in CSR form.
 * @example const sym = fuzzyUnion(directed);
 */
export function fuzzyUnion(a: SparseGraph): SparseGraph {
  const n = a.n;
  const nnz = a.rowPtr[n]!;
  const rows = new Int32Array(2 * nnz);
  const cols = new Int32Array(2 * nnz);
  const vals = new Float64Array(2 * nnz);
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let p = a.rowPtr[i]!; p < a.rowPtr[i + 1]!; p++) {
      const j = a.cols[p]!;
      const v = a.vals[p]!;
      const t = csrGet(a, j, i);
      const s = v + t - v * t;
      rows[count] = i;
      cols[count] = j;
      vals[count++] = s;
      if (t === 0) {
        rows[count] = j;
        cols[count] = i;
        vals[count++] = s;
      }
    }
  }
  return csrFromTriples(n, rows, cols, vals, count);
}

/**
 * The fuzzy simplicial set of a k-NN graph (self in column 0), as umap-learn's
 * `fuzzy_simplicial_set` with set_op_mix_ratio = 1.
 *
 * @example const { graph, sigmas, rhos } = fuzzySimplicialSet(indices, distances, n, k);
 */
export function fuzzySimplicialSet(
  indices: Int32Array,
  distances: Float64Array,
  n: number,
  k: number,
  localConnectivity = 1,
): { graph: SparseGraph; sigmas: Float64Array; rhos: Float64Array } {
  const { sigmas, rhos } = smoothKnnDist(distances, n, k, localConnectivity);
  const w = membershipStrengths(indices, distances, sigmas, rhos, n, k);
  const rows = new Int32Array(n * k);
  for (let i = 0; i < n; i++) rows.fill(i, i * k, i * k + k);
  const cols = Int32Array.from(indices, (v) => (v < 0 ? 0 : v));
  const directed = csrFromTriples(n, rows, cols, w, n * k);
  return { graph: fuzzyUnion(directed), sigmas, rhos };
}

/**
 * Re-normalises each row to a maximum of 1 and re-applies the fuzzy union (umap-learn's
 * `reset_local_connectivity`), used after intersecting with label information.
 */
export function resetLocalConnectivity(g: SparseGraph): SparseGraph {
  const vals = g.vals.slice();
  for (let i = 0; i < g.n; i++) {
    let mx = 0;
    for (let p = g.rowPtr[i]!; p < g.rowPtr[i + 1]!; p++) mx = Math.max(mx, vals[p]!);
    if (mx > 0) for (let p = g.rowPtr[i]!; p < g.rowPtr[i + 1]!; p++) vals[p] = vals[p]! / mx;
  }
  return fuzzyUnion({ n: g.n, rowPtr: g.rowPtr, cols: g.cols, vals });
}

/**
 * Intersects the graph with categorical labels (umap-learn's discrete metric intersection):
 * edges between different labels are scaled by e^(−farDist), edges touching an unlabelled point
 * (label −1) by e^(−unknownDist).
 */
export function intersectWithLabels(
  g: SparseGraph,
  labels: Int32Array,
  farDist: number,
  unknownDist = 1,
): SparseGraph {
  const vals = g.vals.slice();
  const farScale = Math.exp(-farDist);
  const unknownScale = Math.exp(-unknownDist);
  for (let i = 0; i < g.n; i++) {
    for (let p = g.rowPtr[i]!; p < g.rowPtr[i + 1]!; p++) {
      const j = g.cols[p]!;
      const a = labels[i]!;
      const b = labels[j]!;
      if (a === -1 || b === -1) vals[p] = vals[p]! * unknownScale;
      else if (a !== b) vals[p] = vals[p]! * farScale;
    }
  }
  return resetLocalConnectivity({ n: g.n, rowPtr: g.rowPtr, cols: g.cols, vals });
}
