import { z } from 'zod';
import type { ClusteringEngine, ClusteringResult, ClusterPrediction, ClusterRunOptions } from '../core/contracts.js';
import { ConfigError, InputError } from '../core/errors.js';
import { isMatrix, type Matrix } from '../core/matrix.js';
import { checkpoint, type RunOptions } from '../core/progress.js';
import { parseOptions } from '../config/validate.js';
import { prepareDistance, type DistanceMetric } from '../metrics/distance.js';
import { toLabelArray, type LabelsLike } from '../metrics/labels.js';
import { checkFeatureMatrix, ModelNotFitted, predictNearestCentroid } from './kmeans.js';
import { blockSqDistances, rowSqNorms } from './kmeans-kernels.js';

/**
 * Linkage criteria of {@link agglomerative}.
 * @example LINKAGES.includes('ward'); // true
 */
export const LINKAGES = ['ward', 'average', 'complete', 'single'] as const;
/** One of {@link LINKAGES}. */
export type Linkage = (typeof LINKAGES)[number];

/**
 * Above this many rows {@link agglomerative} refuses (the condensed distance matrix is O(n²)).
 * @example agglomerative(x, { nClusters: 5, maxRows: AGGLOMERATIVE_MAX_ROWS });
 */
export const AGGLOMERATIVE_MAX_ROWS = 20_000;
/**
 * Up to this many rows distances are kept in Float64, above it in Float32 (half the memory).
 * @example x.rows <= AGGLOMERATIVE_FLOAT64_ROWS; // distances kept in Float64
 */
export const AGGLOMERATIVE_FLOAT64_ROWS = 6_000;

/**
 * Options of {@link agglomerative} and {@link Agglomerative}.
 * @example AgglomerativeOptionsSchema.parse({ linkage: 'average', nClusters: 4 });
 */
export const AgglomerativeOptionsSchema = z
  .object({
    /** `'ward'` (default: minimum variance, euclidean only), `'average'`, `'complete'` or `'single'`. */
    linkage: z.enum(LINKAGES).default('ward'),
    /** Cut the tree into this many clusters. Give this or `distanceThreshold`. */
    nClusters: z.number().int().min(1).optional(),
    /** Cut the tree where merge heights reach this value (merges at heights ≥ threshold are undone, like scikit-learn). */
    distanceThreshold: z.number().min(0).optional(),
    /** Distance between rows (ward needs euclidean). Default `'euclidean'`. */
    metric: z.enum(['euclidean', 'manhattan', 'cosine']).default('euclidean'),
    /** Refuse inputs larger than this (memory guard). Default 20 000. */
    maxRows: z.number().int().min(2).default(AGGLOMERATIVE_MAX_ROWS),
  })
  .strict();

/** Options of {@link agglomerative}. */
export type AgglomerativeOptions = z.input<typeof AgglomerativeOptionsSchema>;
type Parsed = z.output<typeof AgglomerativeOptionsSchema>;

/** Extra output of {@link agglomerative}, in `result.details`. */
export interface AgglomerativeDetails {
  /**
   * The dendrogram as a SciPy linkage matrix, `(n − 1) × 4`: row `i` merges clusters `Z[i,0] < Z[i,1]`
   * (ids `< n` are rows, `n + j` is the cluster made by row `j`) at height `Z[i,2]`, giving a cluster
   * of `Z[i,3]` rows. Heights are non-decreasing.
   */
  linkage: Matrix<Float64Array>;
  linkageMethod: Linkage;
  /** `nClusters × d` means of the clusters (used by `predict`). */
  centroids: Matrix<Float64Array>;
  [extra: string]: unknown;
}

/** What {@link agglomerative} returns. */
export interface AgglomerativeResult extends ClusteringResult {
  details: AgglomerativeDetails;
}

type DistArray = Float32Array | Float64Array;

function condensedIndex(n: number, i: number, j: number): number {
  if (i > j) {
    const t = i;
    i = j;
    j = t;
  }
  return n * i - (i * (i + 1)) / 2 + (j - i - 1);
}

/** Condensed indices of the pairs (i, c) for every i (the entry for i = c is left unset). */
function fillRowIndex(n: number, c: number, out: Float64Array): void {
  let idx = c - 1;
  for (let i = 0; i < c; i++) {
    out[i] = idx;
    idx += n - i - 2;
  }
  idx = c + 1 < n ? condensedIndex(n, c, c + 1) : 0;
  for (let i = c + 1; i < n; i++) out[i] = idx++;
}

/** Lance–Williams update of the distance from `i` to the merge of `x` (size nx) and `y` (size ny). */
function lanceWilliams(method: Linkage, dxi: number, dyi: number, dxy: number, nx: number, ny: number, ni: number): number {
  switch (method) {
    case 'single':
      return Math.min(dxi, dyi);
    case 'complete':
      return Math.max(dxi, dyi);
    case 'average':
      return (nx * dxi + ny * dyi) / (nx + ny);
    case 'ward': {
      const t = 1 / (nx + ny + ni);
      return Math.sqrt((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy);
    }
  }
}

/**
 * Nearest-neighbour chain on a condensed distance matrix (consumed), as SciPy's `nn_chain`; returns
 * the raw merge list (x, y, height, size) in merge order with the slot ids of the chain.
 */
async function nnChain(
  dist: DistArray,
  n: number,
  method: Linkage,
  sizes: Float64Array,
  signal?: AbortSignal,
): Promise<Float64Array> {
  const z = new Float64Array((n - 1) * 4);
  const size = Float64Array.from(sizes);
  const active = new Uint8Array(n).fill(1);
  const chain = new Int32Array(n);
  const rowX = new Float64Array(n);
  const rowY = new Float64Array(n);
  let chainLen = 0;
  for (let step = 0; step < n - 1; step++) {
    if ((step & 255) === 255) await checkpoint(signal, 'agglomerative');
    if (chainLen === 0) {
      let first = 0;
      while (!active[first]) first++;
      chain[chainLen++] = first;
    }
    let x = 0;
    let y = -1;
    let current = Infinity;
    for (;;) {
      x = chain[chainLen - 1]!;
      if (chainLen > 1) {
        y = chain[chainLen - 2]!;
        current = dist[condensedIndex(n, x, y)]!;
      } else {
        y = -1;
        current = Infinity;
      }
      // Row x of the condensed matrix: entries (i, x) for i < x step by n − i − 2, then (x, i) are contiguous.
      let idx = x - 1;
      for (let i = 0; i < x; i++) {
        if (active[i]) {
          const v = dist[idx]!;
          if (v < current) {
            current = v;
            y = i;
          }
        }
        idx += n - i - 2;
      }
      idx = x + 1 < n ? condensedIndex(n, x, x + 1) : 0;
      for (let i = x + 1; i < n; i++, idx++) {
        if (!active[i]) continue;
        const v = dist[idx]!;
        if (v < current) {
          current = v;
          y = i;
        }
      }
      if (chainLen > 1 && y === chain[chainLen - 2]) break;
      chain[chainLen++] = y;
    }
    chainLen -= 2;
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    const nx = size[x]!;
    const ny = size[y]!;
    z[step * 4] = x;
    z[step * 4 + 1] = y;
    z[step * 4 + 2] = current;
    z[step * 4 + 3] = nx + ny;
    active[x] = 0;
    size[x] = 0;
    size[y] = nx + ny;
    fillRowIndex(n, x, rowX);
    fillRowIndex(n, y, rowY);
    for (let i = 0; i < n; i++) {
      if (!active[i] || i === y) continue;
      const iy = rowY[i]!;
      dist[iy] = lanceWilliams(method, dist[rowX[i]!]!, dist[iy]!, current, nx, ny, size[i]!);
    }
  }
  return z;
}

/** Sorts merges by height (stable) and relabels them SciPy-style with a union–find. */
function toScipyLinkage(raw: Float64Array, n: number, sizes: Float64Array): Float64Array {
  const m = n - 1;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => raw[a * 4 + 2]! - raw[b * 4 + 2]! || a - b);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (v: number): number => {
    let r = v;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[v] !== r) {
      const next = parent[v]!;
      parent[v] = r;
      v = next;
    }
    return r;
  };
  const clusterSize = new Float64Array(2 * n - 1);
  clusterSize.set(sizes);
  const out = new Float64Array(m * 4);
  order.forEach((src, i) => {
    const a = find(raw[src * 4]!);
    const b = find(raw[src * 4 + 1]!);
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    out[i * 4] = lo;
    out[i * 4 + 1] = hi;
    out[i * 4 + 2] = raw[src * 4 + 2]!;
    clusterSize[n + i] = clusterSize[a]! + clusterSize[b]!;
    out[i * 4 + 3] = clusterSize[n + i]!;
    parent[a] = n + i;
    parent[b] = n + i;
  });
  return out;
}

/** Distances from row `c` to rows `rest[0..m)`, written to `out[0..m)`. */
type RowDistances = (c: number, rest: Int32Array, m: number, out: Float64Array) => void;

/**
 * Row-to-many distances for wide rows: `|a|² + |b|² − 2a·b` (euclidean, on centred data) or
 * `1 − a·b` (cosine, on unit rows), four target rows per pass over the source row.
 */
function wideRowDistances(base: Float64Array, norms: Float64Array, d: number, cosine: boolean): RowDistances {
  const finish = (c: number, i: number, dotCI: number) =>
    cosine ? Math.max(0, 1 - dotCI) : Math.sqrt(Math.max(0, norms[c]! + norms[i]! - 2 * dotCI));
  return (c, rest, m, out) => {
    const oc = c * d;
    let t = 0;
    for (; t + 3 < m; t += 4) {
      const i0 = rest[t]!;
      const i1 = rest[t + 1]!;
      const i2 = rest[t + 2]!;
      const i3 = rest[t + 3]!;
      const o0 = i0 * d;
      const o1 = i1 * d;
      const o2 = i2 * d;
      const o3 = i3 * d;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let k = 0; k < d; k++) {
        const v = base[oc + k]!;
        a0 += base[o0 + k]! * v;
        a1 += base[o1 + k]! * v;
        a2 += base[o2 + k]! * v;
        a3 += base[o3 + k]! * v;
      }
      out[t] = finish(c, i0, a0);
      out[t + 1] = finish(c, i1, a1);
      out[t + 2] = finish(c, i2, a2);
      out[t + 3] = finish(c, i3, a3);
    }
    for (; t < m; t++) {
      const i = rest[t]!;
      const o = i * d;
      let a = 0;
      for (let k = 0; k < d; k++) a += base[o + k]! * base[oc + k]!;
      out[t] = finish(c, i, a);
    }
  };
}

/** Single linkage by Prim's minimum spanning tree: O(n²) time, O(n) memory (no distance matrix). */
async function singleLinkage(
  between: (i: number, j: number) => number,
  n: number,
  signal?: AbortSignal,
  rowDistances?: RowDistances,
): Promise<Float64Array> {
  const raw = new Float64Array((n - 1) * 4);
  const best = new Float64Array(n).fill(Infinity);
  const from = new Int32Array(n);
  // Rows not yet in the tree, kept in ascending order (ties go to the lowest index, as before).
  const rest = new Int32Array(n - 1);
  for (let i = 1; i < n; i++) rest[i - 1] = i;
  let m = n - 1;
  const out = new Float64Array(n);
  let current = 0;
  for (let step = 0; step < n - 1; step++) {
    if ((step & 255) === 255) await checkpoint(signal, 'agglomerative');
    if (rowDistances) rowDistances(current, rest, m, out);
    else for (let t = 0; t < m; t++) out[t] = between(current, rest[t]!);
    let nextT = -1;
    let nextW = Infinity;
    for (let t = 0; t < m; t++) {
      const i = rest[t]!;
      const w = out[t]!;
      if (w < best[i]!) {
        best[i] = w;
        from[i] = current;
      }
      if (best[i]! < nextW) {
        nextW = best[i]!;
        nextT = t;
      }
    }
    const next = rest[nextT]!;
    rest.copyWithin(nextT, nextT + 1, m);
    m--;
    raw[step * 4] = from[next]!;
    raw[step * 4 + 1] = next;
    raw[step * 4 + 2] = nextW;
    current = next;
  }
  return raw;
}

/**
 * Cuts a SciPy-style linkage matrix into flat clusters: undoes the last `nClusters − 1` merges.
 * Cluster ids are numbered by first appearance in row order.
 *
 * @example cutTree(result.details.linkage, 4)
 */
export function cutTree(linkage: Matrix, nClusters: number, leafCount = linkage.rows + 1): Int32Array {
  const n = leafCount;
  const m = linkage.rows;
  const keep = Math.max(0, m - (nClusters - 1));
  const parent = new Int32Array(n + m);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (v: number): number => {
    while (parent[v] !== v) {
      parent[v] = parent[parent[v]!]!;
      v = parent[v]!;
    }
    return v;
  };
  for (let i = 0; i < keep; i++) {
    const a = find(linkage.data[i * 4]!);
    const b = find(linkage.data[i * 4 + 1]!);
    parent[a] = n + i;
    parent[b] = n + i;
  }
  const labels = new Int32Array(n);
  const ids = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    let id = ids.get(r);
    if (id === undefined) {
      id = ids.size;
      ids.set(r, id);
    }
    labels[i] = id;
  }
  return labels;
}

function centroidsOf(x: Matrix, labels: Int32Array, k: number): Matrix<Float64Array> {
  const d = x.cols;
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    if (c < 0) continue;
    counts[c]!++;
    for (let j = 0; j < d; j++) sums[c * d + j]! += x.data[i * d + j]!;
  }
  for (let c = 0; c < k; c++) if (counts[c]! > 0) for (let j = 0; j < d; j++) sums[c * d + j]! /= counts[c]!;
  return { data: sums, rows: k, cols: d };
}

/**
 * Agglomerative (hierarchical) clustering with Ward, average, complete or single linkage, returning
 * the flat clusters and the whole dendrogram as a SciPy linkage matrix.
 *
 * Ward/average/complete run the nearest-neighbour chain on a condensed distance matrix
 * (n(n−1)/2 values: Float64 up to 6 000 rows, Float32 above, refused above `maxRows` = 20 000 with
 * a suggestion); single linkage uses Prim's MST without any matrix. Results equal SciPy's `linkage`
 * and scikit-learn's `AgglomerativeClustering` (up to exact ties).
 *
 * @example
 * const r = await agglomerative(x, { linkage: 'average', nClusters: 4 });
 * r.details.linkage; // (n-1) × 4 dendrogram
 */
export async function agglomerative(x: Matrix, options: AgglomerativeOptions & RunOptions): Promise<AgglomerativeResult> {
  const { signal, onProgress, ...rest } = options;
  const o: Parsed = parseOptions(AgglomerativeOptionsSchema, rest, 'agglomerative options');
  checkFeatureMatrix(x, 'agglomerative');
  const n = x.rows;
  if ((o.nClusters === undefined) === (o.distanceThreshold === undefined)) {
    throw new ConfigError('agglomerative needs exactly one of nClusters or distanceThreshold.', {
      code: 'INVALID_OPTION',
      field: 'nClusters',
      fix: 'Pass nClusters: 5 (a fixed number of clusters) or distanceThreshold: 2.5 (cut height), not both.',
    });
  }
  if (o.nClusters !== undefined && o.nClusters > n) {
    throw new ConfigError(`nClusters = ${o.nClusters} but the data has only ${n} rows.`, {
      code: 'K_TOO_LARGE',
      field: 'nClusters',
      fix: `Use nClusters ≤ ${n}.`,
    });
  }
  if (o.linkage === 'ward' && o.metric !== 'euclidean') {
    throw new ConfigError(`Ward linkage needs euclidean distances, got metric '${o.metric}'.`, {
      code: 'INVALID_OPTION',
      field: 'metric',
      fix: "Use metric: 'euclidean' with ward, or linkage 'average' / 'complete' / 'single' for other metrics.",
    });
  }
  if (n > o.maxRows) {
    throw new ConfigError(
      `agglomerative: ${n} rows would need a ${((n * (n - 1)) / 2 * 4 / 1e9).toFixed(1)} GB distance matrix (limit maxRows = ${o.maxRows}).`,
      {
        code: 'TOO_MANY_ROWS',
        field: 'maxRows',
        fix: 'Use hdbscan or miniBatchKMeans for large data, or cluster a sample / k-means centroids and merge them with reduceClusters().',
      },
    );
  }
  const dist = prepareDistance(x, o.metric as DistanceMetric);
  const sizes = new Float64Array(n).fill(1);
  let raw: Float64Array;
  if (n === 1) raw = new Float64Array(0);
  else {
    const cols = x.cols;
    // Wide rows: |a|² + |b|² − 2a·b through blocked kernels, on column-centred data (euclidean) or
    // unit rows (cosine) so the expansion keeps its precision.
    const wide = cols >= 16 && o.metric !== 'manhattan';
    let base: Float64Array = new Float64Array(0);
    let norms: Float64Array = new Float64Array(0);
    if (wide) {
      if (o.metric === 'cosine') base = dist.data instanceof Float64Array ? dist.data : Float64Array.from(dist.data);
      else {
        base = Float64Array.from(x.data);
        const mean = new Float64Array(cols);
        for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) mean[j]! += base[i * cols + j]!;
        for (let j = 0; j < cols; j++) mean[j]! /= n;
        for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) base[i * cols + j]! -= mean[j]!;
      }
      norms = rowSqNorms(base, n, cols);
    }
    if (o.linkage === 'single') {
      raw = await singleLinkage(dist.between, n, signal, wide ? wideRowDistances(base, norms, cols, o.metric === 'cosine') : undefined);
    } else {
      const m = (n * (n - 1)) / 2;
      const d: DistArray = n <= AGGLOMERATIVE_FLOAT64_ROWS ? new Float64Array(m) : new Float32Array(m);
      if (wide) {
        const block = 64;
        const buf = new Float64Array(block * block);
        for (let bi = 0; bi < n; bi += block) {
          await checkpoint(signal, 'agglomerative');
          onProgress?.({ stage: 'cluster', step: 'agglomerative-distances', done: bi, total: n });
          const ei = Math.min(n, bi + block);
          for (let bj = bi; bj < n; bj += block) {
            const ej = Math.min(n, bj + block);
            const w = ej - bj;
            blockSqDistances(base, bi, ei, cols, norms, base.subarray(bj * cols, ej * cols), w, norms.subarray(bj, ej), buf);
            for (let i = bi; i < ei; i++) {
              const o2 = (i - bi) * w - bj;
              let t = condensedIndex(n, i, Math.max(bj, i + 1));
              for (let j = Math.max(bj, i + 1); j < ej; j++) {
                const sq = buf[o2 + j]!;
                d[t++] = o.metric === 'cosine' ? Math.max(0, 1 - (norms[i]! + norms[j]! - sq) / 2) : Math.sqrt(sq);
              }
            }
          }
        }
      } else {
        let t = 0;
        for (let i = 0; i < n; i++) {
          if ((i & 127) === 127) {
            await checkpoint(signal, 'agglomerative');
            onProgress?.({ stage: 'cluster', step: 'agglomerative-distances', done: i, total: n });
          }
          for (let j = i + 1; j < n; j++) d[t++] = dist.between(i, j);
        }
      }
      raw = await nnChain(d, n, o.linkage, sizes, signal);
    }
  }
  const z = toScipyLinkage(raw, n, sizes);
  const linkage: Matrix<Float64Array> = { data: z, rows: Math.max(0, n - 1), cols: 4 };
  let nClusters = o.nClusters ?? 1;
  if (o.distanceThreshold !== undefined) {
    let above = 0;
    for (let i = 0; i < n - 1; i++) if (z[i * 4 + 2]! >= o.distanceThreshold) above++;
    nClusters = above + 1;
  }
  const labels = cutTree(linkage, nClusters, n);
  const centroids = centroidsOf(x, labels, nClusters);
  // Membership strength as for k-means: d₂ / (d₁ + d₂) with d₁ the distance to the own centroid and
  // d₂ to the nearest other one; outlier score: d₁ over the largest d₁ in the cluster.
  const d = x.cols;
  const own = new Float64Array(n);
  const other = new Float64Array(n).fill(Infinity);
  const maxIn = new Float64Array(nClusters);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    for (let e = 0; e < nClusters; e++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = x.data[i * d + j]! - centroids.data[e * d + j]!;
        s += t * t;
      }
      if (e === c) own[i] = Math.sqrt(s);
      else if (s < other[i]!) other[i] = s;
    }
    other[i] = Math.sqrt(other[i]!);
    if (own[i]! > maxIn[c]!) maxIn[c] = own[i]!;
  }
  const outlierScores = new Float64Array(n);
  const probabilities = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = maxIn[labels[i]!]!;
    outlierScores[i] = m > 0 ? own[i]! / m : 0;
    const d1 = own[i]!;
    const d2 = other[i]!;
    probabilities[i] = nClusters === 1 ? 1 : d1 + d2 === 0 ? 0.5 : d2 / (d1 + d2);
  }
  onProgress?.({ stage: 'cluster', step: 'agglomerative', done: n, total: n });
  return {
    labels,
    probabilities,
    outlierScores,
    nClusters,
    details: { linkage, linkageMethod: o.linkage, centroids },
  };
}

/** Options of {@link reduceClusters}. */
export interface ReduceClustersOptions {
  /** How clusters are merged. Default `'ward'` (weighted by cluster sizes). */
  linkage?: Linkage;
}

/** What {@link reduceClusters} returns. */
export interface ReducedClusters {
  /** New labels, `0..nClusters−1`; `-1` rows stay `-1`. */
  labels: Int32Array;
  /** `mapping[old] = new` for every old cluster id (index = old label). */
  mapping: Int32Array;
  /** Merge list of the clusters (SciPy format over the old cluster ids). */
  linkage: Matrix<Float64Array>;
}

/**
 * Merges clusters down to `nClusters` by agglomerating their centroids (Ward weighted by cluster
 * sizes by default, i.e. the merge that least increases the within-cluster variance). Use it to
 * ask HDBSCAN (or an over-split k-means) for an exact number of groups. Noise (`-1`) is kept.
 *
 * `centroidsOrX` is either the rows themselves (one per label; centroids are computed) or a
 * `k × d` matrix of centroids indexed by label.
 *
 * @example
 * const { labels } = await reduceClusters(hdb.labels, x, 5);
 */
export async function reduceClusters(
  labels: LabelsLike,
  centroidsOrX: Matrix,
  nClusters: number,
  options?: ReduceClustersOptions,
): Promise<ReducedClusters> {
  const lab = toLabelArray(labels);
  if (!isMatrix(centroidsOrX)) {
    throw new InputError('reduceClusters expects a Matrix of rows or of centroids.', {
      code: 'BAD_INPUT',
      field: 'centroidsOrX',
      fix: 'Pass the feature matrix (one row per label) or a k × d centroid matrix.',
    });
  }
  if (!Number.isInteger(nClusters) || nClusters < 1) {
    throw new ConfigError(`nClusters must be a positive integer, got ${nClusters}.`, {
      code: 'INVALID_OPTION',
      field: 'nClusters',
      fix: 'Ask for at least one cluster.',
    });
  }
  const method = options?.linkage ?? 'ward';
  if (!(LINKAGES as readonly string[]).includes(method)) {
    throw new ConfigError(`Unknown linkage ${String(method)}.`, { code: 'INVALID_OPTION', field: 'linkage', fix: `Use one of ${LINKAGES.join(', ')}.` });
  }
  let k = 0;
  for (let i = 0; i < lab.length; i++) {
    if (lab[i]! < -1) {
      throw new InputError(`labels[${i}] is ${lab[i]}; only -1 may be negative.`, {
        code: 'BAD_LABELS',
        field: `labels[${i}]`,
        fix: 'Use cluster ids 0..k-1 and -1 for noise.',
      });
    }
    if (lab[i]! + 1 > k) k = lab[i]! + 1;
  }
  const sizes = new Float64Array(k);
  for (let i = 0; i < lab.length; i++) if (lab[i]! >= 0) sizes[lab[i]!]!++;
  let centroids: Matrix;
  if (centroidsOrX.rows === lab.length && !(centroidsOrX.rows === k && lab.length === k)) {
    centroids = centroidsOf(centroidsOrX, lab, k);
  } else if (centroidsOrX.rows >= k) {
    centroids = centroidsOrX;
  } else {
    throw new InputError(`centroidsOrX has ${centroidsOrX.rows} rows: neither one per label (${lab.length}) nor one per cluster (${k}).`, {
      code: 'BAD_SHAPE',
      field: 'centroidsOrX',
      fix: 'Pass the feature matrix the labels describe, or one centroid per cluster id.',
    });
  }
  // Only clusters that have rows take part.
  const present: number[] = [];
  for (let c = 0; c < k; c++) if (sizes[c]! > 0) present.push(c);
  const p = present.length;
  const mapping = new Int32Array(k).fill(-1);
  let linkage: Matrix<Float64Array> = { data: new Float64Array(0), rows: 0, cols: 4 };
  let groups: Int32Array;
  if (p <= nClusters || p < 2) {
    groups = Int32Array.from({ length: p }, (_, i) => i);
  } else {
    const d = centroids.cols;
    const w = new Float64Array(p);
    for (let a = 0; a < p; a++) w[a] = sizes[present[a]!]!;
    const cond = new Float64Array((p * (p - 1)) / 2);
    let t = 0;
    for (let a = 0; a < p; a++) {
      for (let b = a + 1; b < p; b++) {
        let s = 0;
        for (let j = 0; j < d; j++) {
          const v = centroids.data[present[a]! * d + j]! - centroids.data[present[b]! * d + j]!;
          s += v * v;
        }
        const e = Math.sqrt(s);
        // Ward between clusters of sizes na, nb: sqrt(2 na nb / (na + nb)) · |ca − cb|.
        cond[t++] = method === 'ward' ? Math.sqrt((2 * w[a]! * w[b]!) / (w[a]! + w[b]!)) * e : e;
      }
    }
    const raw = await nnChain(cond, p, method, method === 'ward' || method === 'average' ? w : new Float64Array(p).fill(1));
    const z = toScipyLinkage(raw, p, w);
    linkage = { data: z, rows: p - 1, cols: 4 };
    groups = cutTree(linkage, nClusters, p);
  }
  for (let a = 0; a < p; a++) mapping[present[a]!] = groups[a]!;
  const out = new Int32Array(lab.length);
  for (let i = 0; i < lab.length; i++) out[i] = lab[i]! < 0 ? -1 : mapping[lab[i]!]!;
  return { labels: out, mapping, linkage };
}

/**
 * Agglomerative clustering as a {@link ClusteringEngine}. `predict` assigns new rows to the nearest
 * cluster centroid (the hierarchy itself has no out-of-sample rule).
 *
 * @example
 * const engine = new Agglomerative({ linkage: 'ward', nClusters: 6 });
 * const r = await engine.fit(x);
 */
export class Agglomerative implements ClusteringEngine {
  readonly name = 'agglomerative';
  readonly options: Parsed;
  centroids: Matrix<Float64Array> | undefined;

  constructor(options: AgglomerativeOptions) {
    this.options = parseOptions(AgglomerativeOptionsSchema, options, 'agglomerative options');
  }

  async fit(x: Matrix, options?: ClusterRunOptions): Promise<AgglomerativeResult> {
    const r = await agglomerative(x, {
      ...this.options,
      ...(options?.signal ? { signal: options.signal } : {}),
      ...(options?.onProgress ? { onProgress: options.onProgress } : {}),
    });
    this.centroids = r.details.centroids;
    return r;
  }

  async predict(x: Matrix): Promise<ClusterPrediction> {
    if (!this.centroids) throw new ModelNotFitted('agglomerative');
    const { labels, probabilities } = predictNearestCentroid(x, this.centroids);
    return { labels, probabilities };
  }
}
