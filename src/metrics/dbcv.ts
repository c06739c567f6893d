import type { Matrix } from '../core/matrix.js';
import { InputError } from '../core/errors.js';
import { createRng } from '../core/random.js';
import { checkFeatures, checkMetric, prepareDistance, type DistanceMetric } from './distance.js';
import { toLabelArray, type LabelsLike } from './labels.js';

/** Options of {@link dbcv}. */
export interface DbcvOptions {
  /** Distance between rows. Default `'euclidean'`. */
  metric?: DistanceMetric;
  /**
   * Above this many rows a seeded uniform sample of this many rows is scored (the exact index costs
   * O(n²) distance evaluations). Default 10 000.
   */
  maxRows?: number;
  /** Seed of that sample. Default 42. */
  seed?: number;
}

/** DBCV and its per-cluster parts. */
export interface DbcvResult {
  /** The index, −1..1, higher is better: Σ (|C| / n) · V(C), noise rows counting in n. */
  score: number;
  /** Original label of each scored cluster (ascending, `-1` excluded). */
  clusters: number[];
  /** V(C) per cluster (0 for a cluster of one row, where density is undefined). */
  perCluster: Float64Array;
  /** Density sparseness per cluster: the largest internal edge of its mutual-reachability MST. */
  sparseness: Float64Array;
  /** Density separation per cluster: the smallest mutual-reachability distance to another cluster. */
  separation: Float64Array;
  /** Rows actually scored (smaller than the input when it was sampled). */
  rowsScored: number;
}

/**
 * Density-based cluster validation (Moulavi, Jaskowiak, Campello, Zimek & Sander, SDM 2014),
 * computed like the reference `hdbscan.validity.validity_index`:
 *
 * - all-points core distance of a row within its cluster:
 *   `(Σ_{j≠i} (1/d_ij)^D / (|C|−1))^(−1/D)` with `D` the number of columns (evaluated in log space so
 *   384-d data does not overflow; zero distances are skipped as in the reference),
 * - mutual reachability `max(core_i, core_j, d_ij)`, its minimum spanning tree per cluster,
 * - sparseness = largest MST edge between internal nodes (degree > 1; all edges if none),
 * - separation = smallest mutual reachability between internal nodes of two clusters
 *   (all nodes when a cluster has no internal node, where the reference would fail),
 * - `V(C) = (sep − sparse) / max(sep, sparse)`, weighted by `|C| / n`.
 *
 * Noise rows (`-1`) are not scored but count in `n`, so labelling many rows noise lowers the index.
 * Memory is O(n): no distance matrix is stored.
 *
 * @example
 * const r = dbcv(x, labels); // r.score in [-1, 1]
 */
export function dbcv(x: Matrix, labels: LabelsLike, options?: DbcvOptions): DbcvResult {
  let lab = toLabelArray(labels);
  checkFeatures(x, lab.length);
  const metric = checkMetric(options?.metric ?? 'euclidean');
  const maxRows = options?.maxRows ?? 10_000;
  if (!Number.isInteger(maxRows) || maxRows < 2) {
    throw new InputError(`maxRows must be an integer ≥ 2, got ${maxRows}.`, {
      code: 'INVALID_OPTION',
      field: 'maxRows',
      fix: 'Pass maxRows of at least 2 (default 10000).',
    });
  }
  let data = x;
  if (lab.length > maxRows) {
    const rng = createRng(options?.seed ?? 42);
    const idx = new Int32Array(lab.length);
    for (let i = 0; i < idx.length; i++) idx[i] = i;
    for (let i = 0; i < maxRows; i++) {
      const j = i + Math.floor(rng.next() * (idx.length - i));
      const t = idx[i]!;
      idx[i] = idx[j]!;
      idx[j] = t;
    }
    const pick = idx.subarray(0, maxRows).sort();
    const Ctor = x.data.constructor as { new (n: number): Float32Array | Float64Array };
    const sub = new Ctor(maxRows * x.cols);
    const subLab = new Int32Array(maxRows);
    for (let t = 0; t < maxRows; t++) {
      sub.set(x.data.subarray(pick[t]! * x.cols, (pick[t]! + 1) * x.cols), t * x.cols);
      subLab[t] = lab[pick[t]!]!;
    }
    data = { data: sub, rows: maxRows, cols: x.cols };
    lab = subLab;
  }
  const n = lab.length;
  const dim = x.cols;
  const dist = prepareDistance(data, metric);

  const clusterValues = [...new Set(Array.from(lab))].filter((v) => v !== -1).sort((a, b) => a - b);
  const k = clusterValues.length;
  if (k < 2) {
    throw new InputError(`DBCV needs at least two clusters (excluding noise); got ${k}.`, {
      code: 'BAD_LABELS',
      field: 'labels',
      fix: 'Score a clustering with at least two non-noise clusters.',
    });
  }
  const members: Int32Array[] = clusterValues.map((v) => {
    let c = 0;
    for (let i = 0; i < n; i++) if (lab[i] === v) c++;
    const out = new Int32Array(c);
    for (let i = 0, t = 0; i < n; i++) if (lab[i] === v) out[t++] = i;
    return out;
  });

  const core = new Float64Array(n);
  const internal: Int32Array[] = [];
  const sparseness = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const mem = members[c]!;
    const m = mem.length;
    // All-points core distance in log space: log mean of exp(-D log d).
    const logs = new Float64Array(m);
    for (let a = 0; a < m; a++) {
      if (m === 1) {
        core[mem[a]!] = 0;
        continue;
      }
      let maxL = -Infinity;
      let cnt = 0;
      for (let b = 0; b < m; b++) {
        if (a === b) continue;
        const dd = dist.between(mem[a]!, mem[b]!);
        if (dd === 0) continue;
        const L = -dim * Math.log(dd);
        logs[cnt++] = L;
        if (L > maxL) maxL = L;
      }
      if (cnt === 0) {
        core[mem[a]!] = 0;
        continue;
      }
      let s = 0;
      for (let t = 0; t < cnt; t++) s += Math.exp(logs[t]! - maxL);
      const logMean = maxL + Math.log(s) - Math.log(m - 1);
      core[mem[a]!] = Math.exp(-logMean / dim);
    }
    // Prim's MST on mutual reachability, computed on the fly (no m × m matrix).
    const inTree = new Uint8Array(m);
    const best = new Float64Array(m).fill(Infinity);
    const parent = new Int32Array(m).fill(-1);
    const degree = new Int32Array(m);
    const edgeA = new Int32Array(Math.max(0, m - 1));
    const edgeB = new Int32Array(Math.max(0, m - 1));
    const edgeW = new Float64Array(Math.max(0, m - 1));
    let current = 0;
    inTree[0] = 1;
    for (let step = 0; step < m - 1; step++) {
      const ci = mem[current]!;
      let next = -1;
      let nextW = Infinity;
      for (let b = 0; b < m; b++) {
        if (inTree[b]) continue;
        const bi = mem[b]!;
        const w = Math.max(dist.between(ci, bi), core[ci]!, core[bi]!);
        if (w < best[b]!) {
          best[b] = w;
          parent[b] = current;
        }
        if (best[b]! < nextW) {
          nextW = best[b]!;
          next = b;
        }
      }
      inTree[next] = 1;
      edgeA[step] = parent[next]!;
      edgeB[step] = next;
      edgeW[step] = nextW;
      degree[parent[next]!]!++;
      degree[next]!++;
      current = next;
    }
    let nInternal = 0;
    for (let a = 0; a < m; a++) if (degree[a]! > 1) nInternal++;
    const nodes = new Int32Array(nInternal > 0 ? nInternal : m);
    for (let a = 0, t = 0; a < m; a++) if (nInternal === 0 || degree[a]! > 1) nodes[t++] = mem[a]!;
    internal.push(nodes);
    let sp = -Infinity;
    let any = false;
    for (let e = 0; e < m - 1; e++) {
      if (degree[edgeA[e]!]! > 1 && degree[edgeB[e]!]! > 1) {
        any = true;
        if (edgeW[e]! > sp) sp = edgeW[e]!;
      }
    }
    if (!any) for (let e = 0; e < m - 1; e++) if (edgeW[e]! > sp) sp = edgeW[e]!;
    sparseness[c] = m > 1 ? sp : 0;
  }

  const separation = new Float64Array(k).fill(Infinity);
  for (let c = 0; c < k; c++) {
    const A = internal[c]!;
    for (let e = c + 1; e < k; e++) {
      const B = internal[e]!;
      let best = Infinity;
      for (let a = 0; a < A.length; a++) {
        const ia = A[a]!;
        const ca = core[ia]!;
        for (let b = 0; b < B.length; b++) {
          const ib = B[b]!;
          const w = Math.max(dist.between(ia, ib), ca, core[ib]!);
          if (w < best) best = w;
        }
      }
      if (best < separation[c]!) separation[c] = best;
      if (best < separation[e]!) separation[e] = best;
    }
  }

  const perCluster = new Float64Array(k);
  let score = 0;
  for (let c = 0; c < k; c++) {
    const m = members[c]!.length;
    const sep = separation[c]!;
    const sp = sparseness[c]!;
    const denom = Math.max(sep, sp);
    perCluster[c] = m > 1 && denom > 0 ? (sep - sp) / denom : 0;
    score += (m / n) * perCluster[c]!;
  }
  return { score, clusters: clusterValues, perCluster, sparseness, separation, rowsScored: n };
}
