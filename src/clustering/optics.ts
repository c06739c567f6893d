import { z } from 'zod';
import type { ClusterPrediction, ClusterRunOptions, ClusteringEngine, ClusteringResult } from '../core/contracts.js';
import { ConfigError, ModelError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { checkpoint, throttledProgress, throwIfAborted } from '../core/progress.js';
import { RadiusIndex } from './dbscan-index.js';
import { metricSpace, parseDensityOptions, splitRunOptions } from './distance.js';
import { runOnly } from './hdbscan.js';

/**
 * Options of {@link optics}. `minPts` counts the point itself (R's `dbscan::optics`).
 * @example
 * const opts: OpticsOptions = { minPts: 10, eps: 2, extract: 'xi', xi: 0.05 };
 */
export const OpticsOptionsSchema = z
  .object({
    /** Points (itself included) that define a core distance. Default 5. */
    minPts: z.number().int().min(1).default(5),
    /**
     * Largest neighbourhood radius searched (metric units). Smaller is faster; reachabilities above
     * it are `Infinity`. Default: no limit (every pair is considered: O(n²)).
     */
    eps: z.number().positive().default(Number.POSITIVE_INFINITY),
    metric: z.enum(['euclidean', 'manhattan', 'cosine', 'haversine']).default('euclidean'),
    /** How flat clusters are extracted: `xi` (steep areas, default) or `eps` (a DBSCAN-like cut at `epsCut`). */
    extract: z.enum(['xi', 'eps']).default('xi'),
    /** Steepness for `xi` extraction, in (0, 1). Default 0.05. */
    xi: z.number().gt(0).lt(1).default(0.05),
    /** Cut distance for `eps` extraction (≤ eps). Default: `eps`. */
    epsCut: z.number().positive().optional(),
    /** Smallest cluster for `xi` extraction. Default: `minPts`. */
    minClusterSize: z.number().int().min(2).optional(),
    /** Predecessor correction of `xi` clusters (as scikit-learn and R). Default true. */
    predecessorCorrection: z.boolean().default(true),
  })
  .strict();

/** Options of {@link optics} plus run options. */
export type OpticsOptions = z.input<typeof OpticsOptionsSchema> & ClusterRunOptions;

/** What {@link optics} returns. */
export interface OpticsResult extends ClusteringResult {
  /** Rows in the order OPTICS visited them. */
  order: Int32Array;
  /** Reachability distance of each row (by row; `Infinity` for the first row of each component). */
  reachability: Float64Array;
  /** Core distance of each row (`Infinity` when fewer than minPts points lie within eps). */
  coreDistances: Float64Array;
  /** The row whose neighbourhood set each row's reachability (-1 when none). */
  predecessor: Int32Array;
}

/**
 * OPTICS on a spatial index: orders the rows so that density-connected rows are neighbours in the
 * order, with each row's reachability distance — R's `dbscan::optics` semantics exactly (the seed
 * list takes the smallest reachability, ties to the lowest row index). Flat clusters come from the
 * `xi` method (steep down/up areas, scikit-learn's `cluster_optics_xi` with predecessor correction)
 * or an `eps` cut (R's `extractDBSCAN`). Re-extract with {@link extractXi} / {@link extractEpsCut}
 * without re-running.
 *
 * @example
 * const res = await optics(x, { minPts: 10, eps: 3 });
 * res.order; res.reachability; res.labels;
 * const flat = extractEpsCut(res, 0.8);
 */
export async function optics(x: Matrix, options: OpticsOptions = {}): Promise<OpticsResult> {
  const { run, rest } = splitRunOptions(options);
  const config = parseDensityOptions(OpticsOptionsSchema, rest, 'optics');
  throwIfAborted(run.signal, 'cluster');
  if (config.epsCut !== undefined && config.epsCut > config.eps) {
    throw new ConfigError(`epsCut (${config.epsCut}) must not exceed eps (${config.eps}).`, {
      code: 'INVALID_OPTION',
      field: 'epsCut',
      fix: 'Choose epsCut ≤ eps, or raise eps.',
    });
  }
  const space = metricSpace(x, config.metric, 'x');
  const n = space.rows;
  const index = new RadiusIndex(space);
  const radius = Number.isFinite(config.eps) ? space.fromMetric(config.eps) : Infinity;
  const minPts = config.minPts;
  const reach = new Float64Array(n).fill(Infinity);
  const core = new Float64Array(n).fill(Infinity);
  const predecessor = new Int32Array(n).fill(-1);
  const processed = new Uint8Array(n);
  const order = new Int32Array(n);
  let count = 0;
  // Seed list: binary min-heap on (reachability, row) with positions for decrease-key.
  const heap = new Int32Array(n);
  const heapPos = new Int32Array(n).fill(-1);
  let heapSize = 0;
  // Ties go to the higher row index, as in R (which follows ELKI).
  const less = (a: number, b: number): boolean => reach[a]! < reach[b]! || (reach[a] === reach[b] && a > b);
  const siftUp = (i: number): void => {
    const v = heap[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pv = heap[p]!;
      if (!less(v, pv)) break;
      heap[i] = pv;
      heapPos[pv] = i;
      i = p;
    }
    heap[i] = v;
    heapPos[v] = i;
  };
  const popMin = (): number => {
    const top = heap[0]!;
    heapPos[top] = -1;
    heapSize--;
    if (heapSize > 0) {
      const v = heap[heapSize]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= heapSize) break;
        const r = l + 1;
        const c = r < heapSize && less(heap[r]!, heap[l]!) ? r : l;
        if (!less(heap[c]!, v)) break;
        heap[i] = heap[c]!;
        heapPos[heap[i]!] = i;
        i = c;
      }
      heap[i] = v;
      heapPos[v] = i;
    }
    return top;
  };
  let nbDist = new Float64Array(256);
  const sorted = new Float64Array(Math.max(1, minPts));
  const toMetric = space.toMetric;
  const expand = (p: number): void => {
    const found = index.neighbours(p, radius);
    const nbIdx = index.rows;
    if (nbDist.length < found) nbDist = new Float64Array(Math.max(found, 2 * nbDist.length));
    for (let t = 0; t < found; t++) nbDist[t] = toMetric(index.distances[t]!);
    processed[p] = 1;
    order[count++] = p;
    if (found < minPts) return;
    // minPts-th smallest distance (the point itself, at 0, included).
    let filled = 0;
    for (let t = 0; t < found; t++) {
      const d = nbDist[t]!;
      if (filled < minPts) {
        let k = filled++;
        while (k > 0 && sorted[k - 1]! > d) {
          sorted[k] = sorted[k - 1]!;
          k--;
        }
        sorted[k] = d;
      } else if (d < sorted[minPts - 1]!) {
        let k = minPts - 1;
        while (k > 0 && sorted[k - 1]! > d) {
          sorted[k] = sorted[k - 1]!;
          k--;
        }
        sorted[k] = d;
      }
    }
    const cd = sorted[minPts - 1]!;
    core[p] = cd;
    for (let t = 0; t < found; t++) {
      const o = nbIdx[t]!;
      if (processed[o]) continue;
      const d = nbDist[t]!;
      const newReach = cd > d ? cd : d;
      if (heapPos[o]! < 0 && reach[o] === Infinity) {
        reach[o] = newReach;
        predecessor[o] = p;
        heap[heapSize] = o;
        heapPos[o] = heapSize;
        heapSize++;
        siftUp(heapSize - 1);
      } else if (newReach < reach[o]!) {
        reach[o] = newReach;
        predecessor[o] = p;
        siftUp(heapPos[o]!);
      }
    }
  };
  const report = throttledProgress(run.onProgress, 'cluster', n, 'optics');
  for (let p = 0; p < n; p++) {
    if (processed[p]) continue;
    expand(p);
    while (heapSize > 0) {
      const q = popMin();
      expand(q);
      if ((count & 2047) === 0) {
        report(count);
        await checkpoint(run.signal, 'cluster');
      }
    }
  }
  report(n);
  const partial = { order, reachability: reach, coreDistances: core, predecessor };
  const flat =
    config.extract === 'eps'
      ? extractEpsCut(partial, config.epsCut ?? (Number.isFinite(config.eps) ? config.eps : Infinity))
      : extractXi(partial, { xi: config.xi, minClusterSize: config.minClusterSize ?? Math.max(2, minPts), predecessorCorrection: config.predecessorCorrection });
  return {
    ...flat,
    order,
    reachability: reach,
    coreDistances: core,
    predecessor,
    details: { method: 'optics', minPts, eps: config.eps, metric: config.metric, extract: config.extract },
  };
}

/** The ordering part of an {@link OpticsResult}. */
export type OpticsOrdering = Pick<OpticsResult, 'order' | 'reachability' | 'coreDistances' | 'predecessor'>;

/** Flat clusters read from an OPTICS ordering. */
export interface OpticsClusters {
  labels: Int32Array;
  probabilities: Float64Array;
  outlierScores: Float64Array;
  nClusters: number;
}

function finishLabels(labels: Int32Array, nClusters: number): OpticsClusters {
  const n = labels.length;
  const probabilities = new Float64Array(n);
  const outlierScores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (labels[i]! >= 0) probabilities[i] = 1;
    else outlierScores[i] = 1;
  }
  return { labels, probabilities, outlierScores, nClusters };
}

/**
 * DBSCAN-like clusters from an OPTICS ordering at distance `epsCut` (R's `extractDBSCAN`): walking
 * the order, a row whose reachability exceeds `epsCut` starts a new cluster when its core distance
 * is within `epsCut`, else it is noise; other rows join the current cluster.
 *
 * @example
 * const res = await optics(x, { minPts: 5, eps: 2 });
 * extractEpsCut(res, 0.5).labels;
 */
export function extractEpsCut(ordering: OpticsOrdering, epsCut: number): OpticsClusters {
  const { order, reachability, coreDistances } = ordering;
  const n = order.length;
  const labels = new Int32Array(n).fill(-1);
  let cluster = -1;
  let nClusters = 0;
  for (let k = 0; k < n; k++) {
    const p = order[k]!;
    if (reachability[p]! > epsCut) {
      if (coreDistances[p]! <= epsCut) {
        cluster = nClusters++;
        labels[p] = cluster;
      } else {
        labels[p] = -1;
      }
    } else {
      labels[p] = cluster;
    }
  }
  return finishLabels(labels, nClusters);
}

/** Options of {@link extractXi}. */
export interface ExtractXiOptions {
  /** Steepness in (0, 1). */
  xi: number;
  /** Smallest cluster (rows). */
  minClusterSize: number;
  /** Drop cluster ends whose predecessor lies outside the cluster (default true). */
  predecessorCorrection?: boolean;
  /** Window for extending steep areas; default `minClusterSize`. */
  minSamples?: number;
}

/**
 * The xi method of Ankerst et al. (1999) as implemented by scikit-learn's `cluster_optics_xi`:
 * steep downward and upward areas of the reachability plot (a ratio of at least `1 / (1 − xi)`
 * between neighbours) delimit clusters; nested clusters resolve to the innermost ones first, and a
 * row belongs to the first (smallest) cluster that covers it.
 *
 * @returns flat labels plus `clusters`: every xi cluster as `[start, end]` positions in the order.
 * @example
 * const res = await optics(x, { minPts: 10 });
 * extractXi(res, { xi: 0.1, minClusterSize: 20 }).labels;
 */
export function extractXi(ordering: OpticsOrdering, options: ExtractXiOptions): OpticsClusters & { clusters: [number, number][] } {
  const { order, reachability, predecessor } = ordering;
  const n = order.length;
  const xi = options.xi;
  const minClusterSize = options.minClusterSize;
  const minSamples = options.minSamples ?? minClusterSize;
  const correction = options.predecessorCorrection ?? true;
  // Reachability plot with an Infinity appended.
  const r = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) r[k] = reachability[order[k]!]!;
  r[n] = Infinity;
  const positionOf = new Int32Array(n);
  for (let k = 0; k < n; k++) positionOf[order[k]!] = k;
  const xiComplement = 1 - xi;
  const steepUp = new Uint8Array(n);
  const steepDown = new Uint8Array(n);
  const up = new Uint8Array(n);
  const down = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const ratio = r[k]! / r[k + 1]!; // NaN for Infinity / Infinity: every comparison false
    steepUp[k] = ratio <= xiComplement ? 1 : 0;
    steepDown[k] = ratio >= 1 / xiComplement ? 1 : 0;
    down[k] = ratio > 1 ? 1 : 0;
    up[k] = ratio < 1 ? 1 : 0;
  }
  const extendRegion = (steep: Uint8Array, xward: Uint8Array, start: number): number => {
    let nonXward = 0;
    let end = start;
    for (let k = start; k < n; k++) {
      if (steep[k]) {
        nonXward = 0;
        end = k;
      } else if (!xward[k]) {
        nonXward++;
        if (nonXward > minSamples) break;
      } else {
        return end;
      }
    }
    return end;
  };
  type Sda = { start: number; end: number; mib: number };
  let sdas: Sda[] = [];
  const filterSdas = (mib: number): void => {
    if (!Number.isFinite(mib)) {
      sdas = [];
      return;
    }
    sdas = sdas.filter((s) => mib <= r[s.start]! * xiComplement);
    for (const s of sdas) s.mib = Math.max(s.mib, mib);
  };
  const correctPredecessor = (s: number, e: number): [number, number] | null => {
    while (s < e) {
      if (r[s]! > r[e]!) return [s, e];
      const pe = predecessor[order[e]!]!;
      if (pe >= 0) {
        const pos = positionOf[pe]!;
        if (pos >= s && pos < e) return [s, e];
      }
      e--;
    }
    return null;
  };
  const clusters: [number, number][] = [];
  let index = 0;
  let mib = 0;
  for (let steepIndex = 0; steepIndex < n; steepIndex++) {
    if (!steepUp[steepIndex] && !steepDown[steepIndex]) continue;
    if (steepIndex < index) continue;
    for (let k = index; k <= steepIndex; k++) if (r[k]! > mib) mib = r[k]!;
    if (steepDown[steepIndex]) {
      filterSdas(mib);
      const dEnd = extendRegion(steepDown, up, steepIndex);
      sdas.push({ start: steepIndex, end: dEnd, mib: 0 });
      index = dEnd + 1;
      mib = r[index]!;
    } else {
      filterSdas(mib);
      const uStart = steepIndex;
      const uEnd = extendRegion(steepUp, down, uStart);
      index = uEnd + 1;
      mib = r[index]!;
      const uClusters: [number, number][] = [];
      for (const d of sdas) {
        let cStart = d.start;
        let cEnd = uEnd;
        if (r[cEnd + 1]! * xiComplement < d.mib) continue;
        const dMax = r[d.start]!;
        if (dMax * xiComplement >= r[cEnd + 1]!) {
          while (r[cStart + 1]! > r[cEnd + 1]! && cStart < d.end) cStart++;
        } else if (r[cEnd + 1]! * xiComplement >= dMax) {
          while (r[cEnd - 1]! > dMax && cEnd > uStart) cEnd--;
        }
        if (correction) {
          const c = correctPredecessor(cStart, cEnd);
          if (!c) continue;
          [cStart, cEnd] = c;
        }
        if (cEnd - cStart + 1 < minClusterSize) continue;
        if (cStart > d.end) continue;
        if (cEnd < uStart) continue;
        uClusters.push([cStart, cEnd]);
      }
      uClusters.reverse();
      clusters.push(...uClusters);
    }
  }
  // Smaller (earlier-found) clusters win; a cluster is labelled only if none of its rows is taken.
  const plotLabels = new Int32Array(n).fill(-1);
  let label = 0;
  for (const [s, e] of clusters) {
    let free = true;
    for (let k = s; k <= e; k++) {
      if (plotLabels[k]! !== -1) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    for (let k = s; k <= e; k++) plotLabels[k] = label;
    label++;
  }
  const labels = new Int32Array(n);
  for (let k = 0; k < n; k++) labels[order[k]!] = plotLabels[k]!;
  return { ...finishLabels(labels, label), clusters };
}

/**
 * OPTICS as a {@link ClusteringEngine}. `predict` assigns a new row the label of its nearest
 * clustered training row when it lies within that row's reachability scale (its core distance),
 * noise otherwise.
 *
 * @example
 * const engine = new OPTICS({ minPts: 10, eps: 2, extract: 'eps', epsCut: 0.7 });
 * const res = await engine.fit(x);
 */
export class OPTICS implements ClusteringEngine {
  readonly name = 'optics';
  readonly options: z.output<typeof OpticsOptionsSchema>;
  result: OpticsResult | undefined;
  private train: Matrix | undefined;

  constructor(options: z.input<typeof OpticsOptionsSchema> = {}) {
    this.options = parseDensityOptions(OpticsOptionsSchema, options, 'optics');
  }

  async fit(x: Matrix, options: ClusterRunOptions = {}): Promise<OpticsResult> {
    this.result = await optics(x, { ...this.options, ...runOnly(options) });
    this.train = x;
    return this.result;
  }

  async predict(x: Matrix): Promise<ClusterPrediction> {
    const res = this.result;
    const train = this.train;
    if (!res || !train) {
      throw new ModelError('OPTICS has not been fitted yet.', { code: 'NOT_FITTED', field: 'optics', fix: 'Call fit(x) first.' });
    }
    const metric = this.options.metric;
    const t = metricSpace(train, metric, 'x');
    const q = metricSpace(x, metric, 'points');
    const labels = new Int32Array(q.rows).fill(-1);
    const probabilities = new Float64Array(q.rows);
    const dim = t.dim;
    const l2 = t.base === 'euclidean';
    for (let i = 0; i < q.rows; i++) {
      let best = -1;
      let bestD = Infinity;
      for (let j = 0; j < t.rows; j++) {
        if (res.labels[j]! < 0) continue;
        let s = 0;
        for (let k = 0; k < dim; k++) {
          const diff = q.data[i * dim + k]! - t.data[j * dim + k]!;
          s += l2 ? diff * diff : Math.abs(diff);
        }
        if (s < bestD) {
          bestD = s;
          best = j;
        }
      }
      if (best >= 0) {
        const d = t.toMetric(l2 ? Math.sqrt(bestD) : bestD);
        if (d <= res.coreDistances[best]!) {
          labels[i] = res.labels[best]!;
          probabilities[i] = 1;
        }
      }
    }
    return { labels, probabilities };
  }
}
