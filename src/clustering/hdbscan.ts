import { z } from 'zod';
import type {
  ClusterPrediction,
  ClusterRunOptions,
  ClusteringEngine,
  ClusteringResult,
} from '../core/contracts.js';
import { InputError, ModelError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { checkpoint, throwIfAborted, type RunOptions } from '../core/progress.js';
import type { KDTree } from '../neighbors/kdtree.js';
import { metricSpace, parseDensityOptions, splitRunOptions, type DensityMetric, type MetricSpace } from './distance.js';
import { mutualReachabilityTree, type SpanningTree } from './hdbscan-mst.js';
import {
  clusterExemplars,
  clusterTreeInfo,
  condenseTree,
  flatClustering,
  selectClusters,
  singleLinkage,
  type ClusterTreeInfo,
  type CondensedTree,
  type FlatClustering,
  type SingleLinkageTree,
} from './hdbscan-tree.js';

export type { CondensedTree, SingleLinkageTree } from './hdbscan-tree.js';
export type { SpanningTree } from './hdbscan-mst.js';

/**
 * Options of {@link hdbscan}. Names follow the `hdbscan` Python package (camelCased).
 *
 * Mapping to other libraries:
 * - Python `hdbscan.HDBSCAN(min_cluster_size=m, min_samples=s)` ⇔ `{ minClusterSize: m, minSamples: s }`
 *   (both count neighbours **excluding** the point itself).
 * - scikit-learn `HDBSCAN(min_samples=s)` counts the point itself ⇔ `minSamples: s - 1`.
 * - R `dbscan::hdbscan(x, minPts = m)` uses m for both and counts the point itself in the core
 *   distance ⇔ `{ minClusterSize: m, minSamples: m - 1 }`.
 *
 * @example
 * const opts: HdbscanOptions = { minClusterSize: 15, metric: 'cosine' };
 */
export const HdbscanOptionsSchema = z
  .object({
    /** Smallest group that counts as a cluster (≥ 2). Default 5. */
    minClusterSize: z.number().int().min(2).default(5),
    /**
     * Neighbours (excluding the point itself) that define a point's core distance; larger values
     * make the clustering more conservative (more points called noise). Default: `minClusterSize`.
     */
    minSamples: z.number().int().min(1).optional(),
    /** Clusters born below this distance are merged into their parent (0 = off). */
    clusterSelectionEpsilon: z.number().min(0).default(0),
    /** Divides distances in the mutual reachability (`d / alpha`); 1 = standard HDBSCAN. */
    alpha: z.number().positive().default(1),
    /** Allow the result to be one single cluster (the root). */
    allowSingleCluster: z.boolean().default(false),
    /** Clusters larger than this are never selected (EOM picks their children); 0 = no limit. */
    maxClusterSize: z.number().int().min(0).default(0),
    /** Distance: euclidean, manhattan, cosine, or haversine ([lat, lon] in degrees, km). */
    metric: z.enum(['euclidean', 'manhattan', 'cosine', 'haversine']).default('euclidean'),
    /** `eom` (excess of mass, the default) or `leaf` (finest clusters). */
    clusterSelectionMethod: z.enum(['eom', 'leaf']).default('eom'),
    /**
     * `auto` picks a KD-tree Borůvka when the (transformed) data has ≤ 16 dimensions and an exact
     * O(n²)-time, O(n)-memory Prim otherwise; `kdtree` / `brute` force one of them.
     */
    algorithm: z.enum(['auto', 'kdtree', 'brute']).default('auto'),
    /**
     * Threads for the core distances (Node worker threads; the result is the same for any count).
     * Default: every available core from 16,384 rows up (4,096 above 16 dimensions), one below.
     */
    threads: z.number().int().min(1).optional(),
  })
  .strict();

/** Options of {@link hdbscan} (everything optional) plus run options. */
export type HdbscanOptions = z.input<typeof HdbscanOptionsSchema> & ClusterRunOptions;
/** Validated options with defaults filled in. */
export type HdbscanConfig = z.output<typeof HdbscanOptionsSchema>;

/**
 * Everything {@link hdbscan} returns. `labels` are numbered in condensed-tree order (breadth-first
 * from the root, the same order as the `hdbscan` Python package), so they are stable for a given
 * input; -1 is noise.
 */
export interface HdbscanResult extends ClusteringResult {
  /** Distance to the `minSamples`-th nearest other point, per row. */
  coreDistances: Float64Array;
  /** Minimum spanning tree of the mutual-reachability graph (n − 1 edges). */
  minimumSpanningTree: SpanningTree;
  /** Single-linkage dendrogram (SciPy linkage layout). */
  singleLinkageTree: SingleLinkageTree;
  /** Condensed tree (same layout as the `hdbscan` Python package). */
  condensedTree: CondensedTree;
  /** Excess-of-mass stability of each selected cluster (by label). */
  clusterStability: Float64Array;
  /** Row indices of the most persistent points of each cluster (by label). */
  exemplars: Int32Array[];
  /** The fitted state used by {@link approximatePredict} and {@link membershipVectors}. */
  model: HdbscanModel;
}

/**
 * The fitted state of an HDBSCAN run: the training data (in the metric's index space), the
 * condensed tree and the selection. Used for prediction and soft clustering.
 */
export class HdbscanModel {
  /** @internal */
  constructor(
    readonly config: HdbscanConfig,
    readonly minSamples: number,
    /** @internal */ readonly space: MetricSpace,
    /** @internal */ readonly tree: KDTree | null,
    readonly coreDistances: Float64Array,
    /** @internal */ readonly info: ClusterTreeInfo,
    /** @internal */ readonly flat: FlatClustering,
    readonly exemplars: Int32Array[],
  ) {}

  /** Number of clusters. */
  get nClusters(): number {
    return this.flat.nClusters;
  }

  /**
   * The `k` nearest training rows of each query row (metric distances, nearest first), using the
   * KD-tree when there is one.
   * @internal
   */
  neighbors(q: MetricSpace, k: number): { indices: Int32Array; distances: Float64Array } {
    const m = q.rows;
    const indices = new Int32Array(m * k);
    const distances = new Float64Array(m * k);
    const space = this.space;
    if (this.tree) {
      const tree = this.tree;
      const stack = new Int32Array(256);
      const stackDist = new Float64Array(256);
      for (let i = 0; i < m; i++) {
        tree.knnReduced(q.data, i * q.dim, k, indices, distances, i * k, stack, stackDist);
        for (let s = 0; s < k; s++) {
          indices[i * k + s] = tree.order[indices[i * k + s]!]!;
          distances[i * k + s] = space.toMetric(tree.toDistance(distances[i * k + s]!));
        }
      }
      return { indices, distances };
    }
    const n = space.rows;
    const dim = space.dim;
    const l2 = space.base === 'euclidean';
    const bestD = new Float64Array(k);
    const bestI = new Int32Array(k);
    for (let i = 0; i < m; i++) {
      bestD.fill(Infinity);
      bestI.fill(-1);
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let t = 0; t < dim; t++) {
          const diff = q.data[i * dim + t]! - space.data[j * dim + t]!;
          s += l2 ? diff * diff : Math.abs(diff);
        }
        if (s < bestD[k - 1]!) {
          // insertion into the sorted list (stable: earlier rows win ties)
          let pos = k - 1;
          while (pos > 0 && bestD[pos - 1]! > s) {
            bestD[pos] = bestD[pos - 1]!;
            bestI[pos] = bestI[pos - 1]!;
            pos--;
          }
          bestD[pos] = s;
          bestI[pos] = j;
        }
      }
      for (let s = 0; s < k; s++) {
        indices[i * k + s] = bestI[s]!;
        distances[i * k + s] = space.toMetric(l2 ? Math.sqrt(bestD[s]!) : bestD[s]!);
      }
    }
    return { indices, distances };
  }

  /** Checks and transforms query rows into the training metric space. @internal */
  querySpace(points: Matrix, field: string): MetricSpace {
    const want = this.config.metric === 'haversine' ? 2 : this.space.dim;
    if (points.cols !== want) {
      throw new InputError(`${field} has ${points.cols} columns but the model was fitted on ${want}.`, {
        code: 'BAD_SHAPE',
        field,
        fix: `Pass rows with ${want} columns, like the training data.`,
      });
    }
    return metricSpace(points, this.config.metric as DensityMetric, field);
  }
}

/**
 * HDBSCAN: hierarchical density-based clustering that finds clusters of varying density and calls
 * the rest noise. Core distances come from a KD-tree (or an exact blocked scan in high
 * dimensions), the mutual-reachability minimum spanning tree from a Borůvka search on the KD-tree
 * (or Prim's algorithm with on-the-fly distances) — never an n × n matrix — followed by the
 * single-linkage tree, the condensed tree and excess-of-mass (or leaf) selection.
 *
 * Deterministic: the same input and options always give the same labels, byte for byte. Labels are
 * numbered in condensed-tree order (breadth-first from the root).
 *
 * @example
 * const res = await hdbscan(x, { minClusterSize: 15 });
 * res.labels; // Int32Array, -1 = noise
 * res.probabilities; res.outlierScores; res.exemplars;
 * approximatePredict(res, newRows).labels;
 */
export async function hdbscan(x: Matrix, options: HdbscanOptions = {}): Promise<HdbscanResult> {
  const { run, rest } = splitRunOptions(options);
  const config = parseDensityOptions(HdbscanOptionsSchema, rest, 'hdbscan');
  throwIfAborted(run.signal, 'cluster');
  const n = x.rows;
  if (n === 0) {
    throw new InputError('hdbscan got no rows.', { code: 'EMPTY_INPUT', field: 'x', fix: 'Pass at least one row.' });
  }
  const space = metricSpace(x, config.metric, 'x');
  const minSamples = Math.max(1, Math.min(config.minSamples ?? config.minClusterSize, n - 1));
  run.onProgress?.({ stage: 'cluster', step: 'hdbscan', done: 0, total: 1, message: `HDBSCAN on ${n} rows` });
  let mr: Awaited<ReturnType<typeof mutualReachabilityTree>>;
  if (n === 1) {
    mr = {
      coreDistances: new Float64Array(1),
      mst: { from: new Int32Array(0), to: new Int32Array(0), weight: new Float64Array(0) },
      tree: null,
    };
  } else {
    const forceBrute = config.algorithm === 'brute' || (config.algorithm === 'auto' && space.dim > 16);
    const forceTree = config.algorithm === 'kdtree';
    mr = await mutualReachabilityTree(space, minSamples, config.alpha, run, forceBrute && !forceTree, config.threads);
  }
  await checkpoint(run.signal, 'cluster');
  const slt = singleLinkage(mr.mst, n);
  const condensed = condenseTree(slt, n, config.minClusterSize);
  const info = clusterTreeInfo(condensed);
  const selection = {
    method: config.clusterSelectionMethod,
    allowSingleCluster: config.allowSingleCluster,
    clusterSelectionEpsilon: config.clusterSelectionEpsilon,
    maxClusterSize: config.maxClusterSize,
  };
  const selected = selectClusters(info, selection);
  const flat = flatClustering(info, selected, selection);
  const exemplars = clusterExemplars(info, flat);
  const clusterStability = Float64Array.from(flat.labelCluster, (c) => info.stability[c]!);
  const model = new HdbscanModel(config, minSamples, space, mr.tree, mr.coreDistances, info, flat, exemplars);
  run.onProgress?.({ stage: 'cluster', step: 'hdbscan', done: 1, total: 1, message: `${flat.nClusters} clusters` });
  return {
    labels: flat.labels,
    probabilities: flat.probabilities,
    outlierScores: flat.outlierScores,
    nClusters: flat.nClusters,
    details: {
      method: 'hdbscan',
      minClusterSize: config.minClusterSize,
      minSamples,
      metric: config.metric,
      clusterSelectionMethod: config.clusterSelectionMethod,
      noise: flat.labels.reduce((s, l) => s + (l < 0 ? 1 : 0), 0),
    },
    coreDistances: mr.coreDistances,
    minimumSpanningTree: mr.mst,
    singleLinkageTree: slt,
    condensedTree: condensed,
    clusterStability,
    exemplars,
    model,
  };
}

function modelOf(result: HdbscanResult | HdbscanModel): HdbscanModel {
  const model = result instanceof HdbscanModel ? result : result?.model;
  if (!(model instanceof HdbscanModel)) {
    throw new ModelError('This is not an HDBSCAN result with a fitted model.', {
      code: 'NOT_FITTED',
      field: 'result',
      fix: 'Pass the object returned by hdbscan() (or HDBSCAN.fit()).',
    });
  }
  return model;
}

/**
 * Predicts clusters for new rows without refitting, like `hdbscan.approximate_predict`: each new
 * point joins the condensed tree at the lambda of its mutual-reachability nearest training point,
 * within `2 × minSamples` nearest neighbours. On the training rows it returns the labels and
 * probabilities of the fit.
 *
 * @example
 * const res = await hdbscan(train, { minClusterSize: 10 });
 * const { labels, probabilities } = approximatePredict(res, test);
 */
export function approximatePredict(result: HdbscanResult | HdbscanModel, points: Matrix): ClusterPrediction {
  const model = modelOf(result);
  const q = model.querySpace(points, 'points');
  const m = q.rows;
  const labels = new Int32Array(m).fill(-1);
  const probabilities = new Float64Array(m);
  const nTrain = model.space.rows;
  if (m === 0) return { labels, probabilities };
  const minSamples = model.minSamples;
  const k = Math.min(nTrain, 2 * minSamples);
  const { indices, distances } = model.neighbors(q, k);
  const info = model.info;
  const flat = model.flat;
  const core = model.coreDistances;
  const alpha = model.config.alpha;
  for (let i = 0; i < m; i++) {
    const off = i * k;
    const pointCore = distances[off + Math.min(minSamples, k - 1)]!;
    let nn = -1;
    let best = Infinity;
    for (let s = 0; s < k; s++) {
      const j = indices[off + s]!;
      const w = Math.max(core[j]!, pointCore, distances[off + s]! / alpha);
      if (w < best) {
        best = w;
        nn = j;
      }
    }
    if (nn < 0) continue;
    let lambda = best > 0 ? 1 / best : Infinity;
    let cluster = info.pointCluster[nn]!;
    const rowLambda = info.pointLambda[nn]!;
    if (rowLambda <= lambda) {
      lambda = rowLambda;
    } else {
      // The new point is less dense than its neighbour: climb to the cluster alive at its lambda.
      while (cluster > 0 && info.birth[cluster]! >= lambda) cluster = info.clusterParent[cluster]!;
    }
    if (cluster < 0) continue;
    const label = flat.clusterLabel[cluster]!;
    labels[i] = label;
    if (label >= 0) {
      const maxLambda = info.directMaxLambda[flat.labelCluster[label]!]!;
      probabilities[i] = maxLambda > 0 && Number.isFinite(lambda) ? Math.min(lambda, maxLambda) / maxLambda : 1;
    }
  }
  return { labels, probabilities };
}

/**
 * Soft clustering: for each row, the probability of belonging to each cluster (rows sum to at most
 * 1; the remainder is the chance of being noise). Follows `hdbscan.all_points_membership_vectors`:
 * a distance part (inverse distance to each cluster's exemplars) times an outlier part (how high
 * in the condensed tree the point merges with each cluster), scaled by the probability of being in
 * some cluster. Without `points`, returns vectors for the training rows; new rows are placed with
 * {@link approximatePredict}'s nearest-neighbour rule.
 *
 * @returns a `rows × nClusters` matrix (Float64, row-major).
 * @example
 * const res = await hdbscan(x, { minClusterSize: 10 });
 * const soft = membershipVectors(res); // soft.data[i * soft.cols + c]
 */
export function membershipVectors(result: HdbscanResult | HdbscanModel, points?: Matrix): Matrix<Float64Array> {
  const model = modelOf(result);
  const info = model.info;
  const flat = model.flat;
  const nc = flat.nClusters;
  const train = model.space;
  const query = points ? model.querySpace(points, 'points') : train;
  const m = query.rows;
  const out = new Float64Array(m * nc);
  if (nc === 0 || m === 0) return { data: out, rows: m, cols: nc };
  // Where each row sits in the condensed tree.
  const pointCluster = new Int32Array(m);
  const pointLambda = new Float64Array(m);
  if (!points) {
    pointCluster.set(info.pointCluster);
    pointLambda.set(info.pointLambda);
  } else {
    const k = Math.min(train.rows, 2 * model.minSamples);
    const { indices, distances } = model.neighbors(query, k);
    for (let i = 0; i < m; i++) {
      const off = i * k;
      const pointCore = distances[off + Math.min(model.minSamples, k - 1)]!;
      let nn = indices[off]!;
      let best = Infinity;
      for (let s = 0; s < k; s++) {
        const j = indices[off + s]!;
        const w = Math.max(model.coreDistances[j]!, pointCore, distances[off + s]! / model.config.alpha);
        if (w < best) {
          best = w;
          nn = j;
        }
      }
      let lambda = best > 0 ? 1 / best : Infinity;
      let cluster = info.pointCluster[nn]!;
      if (info.pointLambda[nn]! <= lambda) lambda = info.pointLambda[nn]!;
      else while (cluster > 0 && info.birth[cluster]! >= lambda) cluster = info.clusterParent[cluster]!;
      pointCluster[i] = cluster;
      pointLambda[i] = lambda;
    }
  }
  // max lambda used to scale heights: the selected cluster's value for clusters inside a selection.
  const maxLambdaOf = (c: number): number => {
    const label = flat.clusterLabel[c]!;
    return label >= 0 ? info.directMaxLambda[flat.labelCluster[label]!]! : info.directMaxLambda[c]!;
  };
  const dim = train.dim;
  const l2 = train.base === 'euclidean';
  const distVec = new Float64Array(nc);
  const heights = new Float64Array(nc);
  const outVec = new Float64Array(nc);
  const clusterOfLabel = flat.labelCluster;
  for (let i = 0; i < m; i++) {
    // Distance part: inverse of the distance to the nearest exemplar of each cluster.
    let sumDist = 0;
    for (let c = 0; c < nc; c++) {
      const ex = model.exemplars[c]!;
      let min = Infinity;
      for (let e = 0; e < ex.length; e++) {
        const j = ex[e]!;
        let s = 0;
        for (let t = 0; t < dim; t++) {
          const diff = query.data[i * dim + t]! - train.data[j * dim + t]!;
          s += l2 ? diff * diff : Math.abs(diff);
        }
        if (s < min) min = s;
      }
      const d = train.toMetric(l2 ? Math.sqrt(min) : min);
      let v = 1 / d;
      if (!Number.isFinite(v)) v = Number.MAX_VALUE;
      distVec[c] = v;
      sumDist += v;
    }
    // Outlier part: merge height of the point with each cluster in the condensed tree.
    const pc = pointCluster[i]!;
    const pl = pointLambda[i]!;
    let maxHeight = -Infinity;
    let nearest = 0;
    for (let c = 0; c < nc; c++) {
      let a = pc;
      let b = clusterOfLabel[c]!;
      let tookA = false;
      let tookB = false;
      let lastA = a;
      let lastB = b;
      while (a !== b) {
        if (a > b) {
          tookA = true;
          lastA = a;
          a = info.clusterParent[a]!;
        } else {
          tookB = true;
          lastB = b;
          b = info.clusterParent[b]!;
        }
      }
      // Diverging branches merge at the split below their common ancestor.
      const h = tookA && tookB ? Math.min(info.birth[lastA]!, info.birth[lastB]!) : pl;
      heights[c] = h;
      if (h > maxHeight) {
        maxHeight = h;
        nearest = c;
      }
    }
    const ownMax = info.directMaxLambda[pc]! + 1e-8;
    let sumOut = 0;
    for (let c = 0; c < nc; c++) {
      let v = Math.exp(ownMax / (ownMax - heights[c]!));
      if (!Number.isFinite(v) || v < 0) v = Number.MAX_VALUE;
      outVec[c] = v;
      sumOut += v;
    }
    let sum = 0;
    for (let c = 0; c < nc; c++) {
      const v = (distVec[c]! / sumDist) * (outVec[c]! / sumOut);
      out[i * nc + c] = v;
      sum += v;
    }
    const maxLambda = Math.max(maxLambdaOf(clusterOfLabel[nearest]!), pl);
    const inSome = maxLambda > 0 && Number.isFinite(maxHeight) ? Math.min(1, maxHeight / maxLambda) : 1;
    for (let c = 0; c < nc; c++) out[i * nc + c] = sum > 0 ? (out[i * nc + c]! / sum) * inSome : 0;
  }
  return { data: out, rows: m, cols: nc };
}

/** Options of {@link reduceOutliers}. */
export const ReduceOutliersOptionsSchema = z
  .object({
    /**
     * `distance` (default): an outlier joins the cluster of its nearest clustered training row when
     * that row is within `threshold` (in the metric's units). `membership`: it joins the cluster of
     * highest soft membership when that membership is at least `threshold`.
     */
    strategy: z.enum(['distance', 'membership']).default('distance'),
    /** Distance ceiling (`distance`) or membership floor (`membership`). Default: no limit / 0. */
    threshold: z.number().min(0).optional(),
  })
  .strict();
/** Options of {@link reduceOutliers}. */
export type ReduceOutliersOptions = z.input<typeof ReduceOutliersOptionsSchema>;

/** An HDBSCAN result after {@link reduceOutliers}: new labels, the fit's labels kept beside them. */
export interface ReducedOutliersResult extends HdbscanResult {
  /** The labels of the fit, noise still -1. */
  originalLabels: Int32Array;
  /** How many outliers were assigned to a cluster. */
  reassigned: number;
}

/**
 * Assigns outliers (label -1) to a cluster, like BERTopic's `reduce_outliers`: by the nearest
 * clustered row (under a distance threshold) or by the highest soft membership (above a
 * threshold). The fit's labels are kept in `originalLabels`; probabilities and outlier scores are
 * unchanged.
 *
 * @example
 * const res = await hdbscan(x, { minClusterSize: 10 });
 * const fewer = reduceOutliers(res, x, { threshold: 0.5 });
 * fewer.labels; fewer.originalLabels;
 */
export function reduceOutliers(result: HdbscanResult, x: Matrix, options: ReduceOutliersOptions = {}): ReducedOutliersResult {
  const opts = parseDensityOptions(ReduceOutliersOptionsSchema, options, 'reduceOutliers');
  const model = modelOf(result);
  const original = result.labels;
  if (x.rows !== original.length) {
    throw new InputError(`x has ${x.rows} rows but the result has ${original.length} labels.`, {
      code: 'BAD_SHAPE',
      field: 'x',
      fix: 'Pass the matrix the result was fitted on.',
    });
  }
  const labels = Int32Array.from(original);
  const outliers: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i]! < 0) outliers.push(i);
  let reassigned = 0;
  if (outliers.length > 0 && model.nClusters > 0) {
    const q = model.querySpace(x, 'x');
    if (opts.strategy === 'membership') {
      const soft = membershipVectors(model);
      const floor = opts.threshold ?? 0;
      for (const i of outliers) {
        let best = -1;
        let bestV = -Infinity;
        for (let c = 0; c < soft.cols; c++) {
          const v = soft.data[i * soft.cols + c]!;
          if (v > bestV) {
            bestV = v;
            best = c;
          }
        }
        if (best >= 0 && bestV >= floor && bestV > 0) {
          labels[i] = best;
          reassigned++;
        }
      }
    } else {
      const ceiling = opts.threshold ?? Infinity;
      const dim = q.dim;
      const l2 = q.base === 'euclidean';
      const clustered: number[] = [];
      for (let i = 0; i < original.length; i++) if (original[i]! >= 0) clustered.push(i);
      for (const i of outliers) {
        let best = -1;
        let bestS = Infinity;
        for (const j of clustered) {
          let s = 0;
          for (let t = 0; t < dim; t++) {
            const diff = q.data[i * dim + t]! - q.data[j * dim + t]!;
            s += l2 ? diff * diff : Math.abs(diff);
          }
          if (s < bestS) {
            bestS = s;
            best = j;
          }
        }
        const d = q.toMetric(l2 ? Math.sqrt(bestS) : bestS);
        if (best >= 0 && d <= ceiling) {
          labels[i] = original[best]!;
          reassigned++;
        }
      }
    }
  }
  return { ...result, labels, originalLabels: Int32Array.from(original), reassigned };
}

/**
 * HDBSCAN as a {@link ClusteringEngine} for the pipeline: `fit` runs {@link hdbscan}, `predict`
 * runs {@link approximatePredict}, `membershipVectors` gives soft clusters.
 *
 * @example
 * const engine = new HDBSCAN({ minClusterSize: 20 });
 * const res = await engine.fit(x);
 * const next = await engine.predict(newRows);
 */
export class HDBSCAN implements ClusteringEngine {
  readonly name = 'hdbscan';
  readonly options: HdbscanConfig;
  /** The last fit's result. */
  result: HdbscanResult | undefined;

  constructor(options: z.input<typeof HdbscanOptionsSchema> = {}) {
    this.options = parseDensityOptions(HdbscanOptionsSchema, options, 'hdbscan');
  }

  async fit(x: Matrix, options: ClusterRunOptions = {}): Promise<HdbscanResult> {
    this.result = await hdbscan(x, { ...this.options, ...runOnly(options) });
    return this.result;
  }

  async predict(x: Matrix): Promise<ClusterPrediction> {
    return approximatePredict(this.fitted(), x);
  }

  /** {@link approximatePredict} on the last fit (synchronous). */
  approximatePredict(points: Matrix): ClusterPrediction {
    return approximatePredict(this.fitted(), points);
  }

  /** {@link reduceOutliers} on the last fit; `x` is the matrix it was fitted on. */
  reduceOutliers(x: Matrix, options: ReduceOutliersOptions = {}): ReducedOutliersResult {
    return reduceOutliers(this.fitted(), x, options);
  }

  /** Soft membership of `points` (or the training rows) in each cluster. */
  membershipVectors(points?: Matrix): Matrix<Float64Array> {
    return membershipVectors(this.fitted(), points);
  }

  private fitted(): HdbscanResult {
    if (!this.result) {
      throw new ModelError('HDBSCAN has not been fitted yet.', { code: 'NOT_FITTED', field: 'hdbscan', fix: 'Call fit(x) first.' });
    }
    return this.result;
  }
}

/** Keeps only the run options of a fit call. @internal */
export function runOnly(options: RunOptions): RunOptions {
  const out: RunOptions = {};
  if (options.signal) out.signal = options.signal;
  if (options.onProgress) out.onProgress = options.onProgress;
  return out;
}
