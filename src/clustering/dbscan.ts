import { z } from 'zod';
import type { ClusterPrediction, ClusterRunOptions, ClusteringEngine, ClusteringResult } from '../core/contracts.js';
import { InputError, ModelError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { checkpoint, throttledProgress, throwIfAborted } from '../core/progress.js';
import { KDTree } from '../neighbors/kdtree.js';
import { RadiusIndex } from './dbscan-index.js';
import { metricSpace, parseDensityOptions, splitRunOptions, type MetricSpace } from './distance.js';
import { runOnly } from './hdbscan.js';

/**
 * Options of {@link dbscan}. `minPts` counts the point itself, as in R's `dbscan::dbscan` and
 * scikit-learn's `min_samples`.
 *
 * @example
 * const opts: DbscanOptions = { eps: 0.5, minPts: 5 };
 */
export const DbscanOptionsSchema = z
  .object({
    /** Neighbourhood radius in the metric's units (km for haversine). Required. */
    eps: z.number().positive(),
    /** Points (the point itself included) within `eps` that make a core point. Default 5. */
    minPts: z.number().int().min(1).default(5),
    /** Distance: euclidean, manhattan, cosine, or haversine ([lat, lon] in degrees, km). */
    metric: z.enum(['euclidean', 'manhattan', 'cosine', 'haversine']).default('euclidean'),
    /** Assign border points to a cluster (default, like R and scikit-learn); false = border points are noise (DBSCAN*). */
    borderPoints: z.boolean().default(true),
  })
  .strict();

/** Options of {@link dbscan} plus run options. */
export type DbscanOptions = z.input<typeof DbscanOptionsSchema> & ClusterRunOptions;

/** What {@link dbscan} returns. */
export interface DbscanResult extends ClusteringResult {
  /** 1 for core points. */
  isCore: Uint8Array;
  /**
   * Probabilities: 1 for core points, `neighbours / minPts` for border points, 0 for noise;
   * outlier scores are `1 − probability`.
   */
  probabilities: Float64Array;
}

/**
 * DBSCAN on a spatial index (a KD-tree in up to 16 dimensions): a point with at least `minPts`
 * points (itself included) within `eps` is a core point; core points within `eps` of each other
 * share a cluster; a non-core point within `eps` of a core point is a border point and joins the
 * first such cluster. Clusters are numbered by their lowest-index core point, and a border point
 * reachable from several clusters joins the lowest-numbered one — exactly R's `dbscan::dbscan`
 * (`borderPoints = TRUE`) and scikit-learn's `DBSCAN`. Deterministic.
 *
 * Every row's neighbourhood is searched exactly once (as R does), and memory stays O(n).
 *
 * @example
 * const res = await dbscan(x, { eps: 0.3, minPts: 10 });
 * res.labels; // -1 = noise
 * const geo = await dbscan(latLon, { eps: 2, minPts: 5, metric: 'haversine' }); // 2 km
 */
export async function dbscan(x: Matrix, options: DbscanOptions): Promise<DbscanResult> {
  const { run, rest } = splitRunOptions(options);
  const config = parseDensityOptions(DbscanOptionsSchema, rest, 'dbscan');
  throwIfAborted(run.signal, 'cluster');
  const space = metricSpace(x, config.metric, 'x');
  const n = space.rows;
  const index = new RadiusIndex(space);
  const radius = space.fromMetric(config.eps);
  const minPts = config.minPts;
  // Every row's neighbourhood is searched exactly once: in the outer loop, or when the row is taken
  // from a cluster's stack. state: 0 = not searched yet, 1 = core, 2 = not core.
  const counts = new Int32Array(n);
  const state = new Uint8Array(n);
  const labels = new Int32Array(n).fill(-1);
  let found = 0;
  const search = (i: number): boolean => {
    found = index.neighbours(i, radius);
    counts[i] = found;
    state[i] = found >= minPts ? 1 : 2;
    return state[i] === 1;
  };
  const report = throttledProgress(run.onProgress, 'cluster', n, 'dbscan');
  let searched = 0;
  let nClusters = 0;
  const stack: number[] = [];
  // Labels the unlabelled rows of the last search with cluster c; rows that may be core go on the stack.
  const spread = (c: number): void => {
    const buffer = index.rows;
    for (let s = 0; s < found; s++) {
      const p = buffer[s]!;
      if (labels[p]! >= 0) continue;
      if (state[p] === 2) {
        if (config.borderPoints) labels[p] = c;
      } else {
        labels[p] = c;
        stack.push(p);
      }
    }
  };
  for (let i = 0; i < n; i++) {
    if (labels[i]! >= 0 || state[i] !== 0) continue;
    const core = search(i);
    if ((++searched & 2047) === 0) {
      report(searched);
      await checkpoint(run.signal, 'cluster');
    }
    if (!core) continue;
    const c = nClusters++;
    labels[i] = c;
    spread(c);
    while (stack.length > 0) {
      const j = stack.pop()!;
      const jCore = search(j);
      if ((++searched & 2047) === 0) {
        report(searched);
        await checkpoint(run.signal, 'cluster');
      }
      if (jCore) spread(c);
      else if (!config.borderPoints) labels[j] = -1;
    }
  }
  const isCore = new Uint8Array(n);
  for (let i = 0; i < n; i++) isCore[i] = state[i] === 1 ? 1 : 0;
  report(n);
  const probabilities = new Float64Array(n);
  const outlierScores = new Float64Array(n);
  let noise = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i]! < 0) {
      outlierScores[i] = 1;
      noise++;
    } else {
      probabilities[i] = isCore[i] ? 1 : Math.min(1, counts[i]! / minPts);
      outlierScores[i] = 1 - probabilities[i]!;
    }
  }
  const model = new DbscanModel(config.eps, minPts, config.metric, space, labels, isCore);
  return {
    labels,
    probabilities,
    outlierScores,
    nClusters,
    isCore,
    details: { method: 'dbscan', eps: config.eps, minPts, metric: config.metric, noise, model },
  };
}

/** Fitted DBSCAN state for prediction: the core points and their labels. @internal */
export class DbscanModel {
  private tree: KDTree | null = null;
  private corePos: Int32Array | null = null;
  constructor(
    readonly eps: number,
    readonly minPts: number,
    readonly metric: z.output<typeof DbscanOptionsSchema>['metric'],
    readonly space: MetricSpace,
    readonly labels: Int32Array,
    readonly isCore: Uint8Array,
  ) {}

  /** A new point joins the cluster of its nearest core point within `eps`, else it is noise. */
  predict(points: Matrix): ClusterPrediction {
    const want = this.metric === 'haversine' ? 2 : this.space.dim;
    if (points.cols !== want) {
      throw new InputError(`points has ${points.cols} columns but the model was fitted on ${want}.`, {
        code: 'BAD_SHAPE',
        field: 'points',
        fix: `Pass rows with ${want} columns.`,
      });
    }
    const q = metricSpace(points, this.metric, 'points');
    const m = q.rows;
    const labels = new Int32Array(m).fill(-1);
    const probabilities = new Float64Array(m);
    const cores: number[] = [];
    for (let i = 0; i < this.isCore.length; i++) if (this.isCore[i]) cores.push(i);
    if (cores.length === 0 || m === 0) return { labels, probabilities };
    const dim = this.space.dim;
    if (!this.tree) {
      const coreData = new Float64Array(cores.length * dim);
      cores.forEach((c, k) => coreData.set(this.space.data.subarray(c * dim, (c + 1) * dim), k * dim));
      this.tree = KDTree.build(coreData, cores.length, dim, { metric: this.space.base });
      this.corePos = Int32Array.from(cores);
    }
    const radius = this.space.fromMetric(this.eps);
    for (let i = 0; i < m; i++) {
      const nn = this.tree.knn(q.data.subarray(i * dim, (i + 1) * dim), 1);
      if (nn.indices.length > 0 && nn.distances[0]! <= radius) {
        labels[i] = this.labels[this.corePos![nn.indices[0]!]!]!;
        probabilities[i] = 1;
      }
    }
    return { labels, probabilities };
  }
}

/**
 * DBSCAN as a {@link ClusteringEngine}. `predict` puts a new point in the cluster of its nearest
 * core point within `eps` (noise otherwise).
 *
 * @example
 * const engine = new DBSCAN({ eps: 0.5, minPts: 5 });
 * const res = await engine.fit(x);
 */
export class DBSCAN implements ClusteringEngine {
  readonly name = 'dbscan';
  readonly options: z.output<typeof DbscanOptionsSchema>;
  result: DbscanResult | undefined;

  constructor(options: z.input<typeof DbscanOptionsSchema>) {
    this.options = parseDensityOptions(DbscanOptionsSchema, options, 'dbscan');
  }

  async fit(x: Matrix, options: ClusterRunOptions = {}): Promise<DbscanResult> {
    this.result = await dbscan(x, { ...this.options, ...runOnly(options) });
    return this.result;
  }

  async predict(x: Matrix): Promise<ClusterPrediction> {
    const model = this.result?.details?.model;
    if (!(model instanceof DbscanModel)) {
      throw new ModelError('DBSCAN has not been fitted yet.', { code: 'NOT_FITTED', field: 'dbscan', fix: 'Call fit(x) first.' });
    }
    return model.predict(x);
  }
}

/** Options of {@link suggestEps}. */
export const SuggestEpsOptionsSchema = z
  .object({
    metric: z.enum(['euclidean', 'manhattan', 'cosine', 'haversine']).default('euclidean'),
  })
  .strict();

/** What {@link suggestEps} returns. */
export interface EpsSuggestion {
  /** The k-distance at the knee of the curve. */
  eps: number;
  k: number;
  /** Every row's distance to its k-th nearest other row, sorted ascending (the k-distance plot). */
  kDistances: Float64Array;
  /** Position of the knee in `kDistances`. */
  kneeIndex: number;
}

/**
 * Suggests DBSCAN's `eps` from the sorted k-distance curve (distance of every row to its k-th
 * nearest other row, as R's `kNNdistplot`): the knee is the point farthest below the straight
 * line joining the curve's ends (the Kneedle rule on the normalised curve). Use `k = minPts − 1`.
 *
 * @example
 * const { eps } = await suggestEps(x, 4);
 * const res = await dbscan(x, { eps, minPts: 5 });
 */
export async function suggestEps(
  x: Matrix,
  k: number,
  options: z.input<typeof SuggestEpsOptionsSchema> & ClusterRunOptions = {},
): Promise<EpsSuggestion> {
  const { run, rest } = splitRunOptions(options);
  const config = parseDensityOptions(SuggestEpsOptionsSchema, rest, 'suggestEps');
  if (!Number.isInteger(k) || k < 1 || k >= x.rows) {
    throw new InputError(`k must be an integer between 1 and ${x.rows - 1}, got ${k}.`, {
      code: 'INVALID_OPTION',
      field: 'k',
      fix: 'Pass k = minPts − 1 (and at least k + 1 rows).',
    });
  }
  const space = metricSpace(x, config.metric, 'x');
  const n = space.rows;
  const kDistances = new Float64Array(n);
  if (space.dim <= 16) {
    const tree = KDTree.build(space.data, n, space.dim, { metric: space.base });
    const pos = new Int32Array(k + 1);
    const dist = new Float64Array(k + 1);
    for (let i = 0; i < n; i++) {
      tree.knnReduced(space.data, i * space.dim, k + 1, pos, dist, 0);
      kDistances[i] = space.toMetric(tree.toDistance(dist[k]!));
      if ((i & 4095) === 4095) await checkpoint(run.signal, 'cluster');
    }
  } else {
    const { bruteCoreDistances } = await import('./hdbscan-mst.js');
    kDistances.set(await bruteCoreDistances(space, k, run));
  }
  kDistances.sort();
  const kneeIndex = kneeOfIncreasing(kDistances);
  return { eps: kDistances[kneeIndex]!, k, kDistances, kneeIndex };
}

/** Index of the knee of an increasing convex curve: largest gap below the chord (normalised). */
export function kneeOfIncreasing(y: Float64Array): number {
  const n = y.length;
  if (n < 3) return n - 1;
  const y0 = y[0]!;
  const span = y[n - 1]! - y0;
  if (span <= 0) return 0;
  let best = 0;
  let bestGap = -Infinity;
  for (let i = 0; i < n; i++) {
    const gap = i / (n - 1) - (y[i]! - y0) / span;
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  }
  return best;
}
