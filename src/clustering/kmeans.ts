import { z } from 'zod';
import type { ClusteringEngine, ClusteringResult, ClusterPrediction, ClusterRunOptions } from '../core/contracts.js';
import { ConfigError, InputError } from '../core/errors.js';
import { isMatrix, type FloatArray, type Matrix } from '../core/matrix.js';
import { checkpoint, type RunOptions } from '../core/progress.js';
import { createRng, DEFAULT_SEED, type Rng } from '../core/random.js';
import { parseOptions } from '../config/validate.js';
import { assignAll, blockSqDistances, rowCenterSqDist, rowSqNorms } from './kmeans-kernels.js';

/**
 * Options of {@link kmeans} and {@link KMeans}.
 * @example KMeansOptionsSchema.parse({ k: 3 }); // { k: 3, nInit: 1, maxIter: 300, ... }
 */
export const KMeansOptionsSchema = z
  .object({
    /** Number of clusters. */
    k: z.number().int().min(1),
    /** Independent initialisations; the one with the lowest inertia is kept. Default 1 (scikit-learn ≥ 1.4 with k-means++). Ignored when `init` is a Matrix. */
    nInit: z.number().int().min(1).default(1),
    /** Lloyd iterations per initialisation. Default 300. */
    maxIter: z.number().int().min(1).default(300),
    /** Stop when the summed squared centre shift falls below `tol × mean feature variance` (scikit-learn's rule). Default 1e-4. */
    tol: z.number().min(0).default(1e-4),
    /** `'k-means++'` (greedy, 2 + ln k trials per centre, like scikit-learn), `'random'` rows, or a `k × d` Matrix of starting centroids. */
    init: z
      .union([
        z.enum(['k-means++', 'random']),
        z.custom<Matrix>((v) => isMatrix(v), { message: "init must be 'k-means++', 'random' or a k × d Matrix" }),
      ])
      .default('k-means++'),
    /**
     * Exact iteration scheme (all give the same result): `'elkan'` (k lower bounds per row, best in
     * high dimension), `'hamerly'` (one lower bound, little memory, best in low dimension),
     * `'lloyd'` (no bounds), `'auto'` (Hamerly for ≤ 16 columns or when n·k bounds exceed 25M, else Elkan).
     */
    algorithm: z.enum(['auto', 'elkan', 'hamerly', 'lloyd']).default('auto'),
    /** Seed of the initialisation. Default 42. */
    seed: z.number().int().optional(),
  })
  .strict();

/** Options of {@link kmeans} (input form: defaults may be omitted). */
export type KMeansOptions = z.input<typeof KMeansOptionsSchema>;
type ParsedOptions = z.output<typeof KMeansOptionsSchema>;

/** Extra output of k-means, in `result.details`. */
export interface KMeansDetails {
  /** `k × d` centroids (Float64). */
  centroids: Matrix<Float64Array>;
  /** Sum of squared distances of rows to their centroid. */
  inertia: number;
  /** Iterations of the kept initialisation. */
  iterations: number;
  /** Whether the kept initialisation stopped before `maxIter`. */
  converged: boolean;
  /** Inertia of every initialisation, in order. */
  inertias: number[];
  /** Iteration scheme used. */
  algorithm: 'elkan' | 'hamerly' | 'lloyd';
  /** Rows per cluster. */
  sizes: number[];
  [extra: string]: unknown;
}

/** What {@link kmeans} returns. */
export interface KMeansResult extends ClusteringResult {
  details: KMeansDetails;
}

/**
 * Checks a feature matrix: a Matrix with finite values.
 * @example checkFeatureMatrix(x, 'kmeans'); // throws InputError naming the first non-finite cell
 */
export function checkFeatureMatrix(x: Matrix, where: string): void {
  if (!isMatrix(x)) {
    throw new InputError(`${where} expects a Matrix (typed array, rows, cols).`, {
      code: 'BAD_INPUT',
      field: 'x',
      fix: 'Build it with matrix(data, rows, cols) or fromArrays(rows).',
    });
  }
  const data = x.data;
  // Fast path: NaN and ±Infinity propagate through a sum, so a finite sum means finite values.
  let sum = 0;
  for (let t = 0; t < data.length; t++) sum += data[t]!;
  if (Number.isFinite(sum)) return;
  for (let t = 0; t < data.length; t++) {
    if (!Number.isFinite(data[t]!)) {
      const row = Math.floor(t / x.cols);
      throw new InputError(`${where}: row ${row}, column ${t % x.cols} is ${data[t]}.`, {
        code: 'NON_FINITE',
        field: `x[${row}]`,
        fix: 'Impute or drop missing values before clustering.',
      });
    }
  }
}

/**
 * Mean of the per-column variances: scikit-learn's scale for `tol`.
 * @example meanVariance(x.data, x.rows, x.cols);
 */
export function meanVariance(x: FloatArray, n: number, d: number): number {
  // Row-major pass (strided column loops thrash the cache on wide rows).
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) mean[j]! += x[o + j]!;
  }
  for (let j = 0; j < d; j++) mean[j]! /= n;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const t = x[o + j]! - mean[j]!;
      total += t * t;
    }
  }
  return d > 0 ? total / n / d : 0;
}

/**
 * k-means++ seeding, greedy variant (scikit-learn's `_kmeans_plusplus`): each new centre is the best
 * of `2 + ⌊ln k⌋` candidates drawn proportionally to the squared distance to the nearest chosen centre.
 * @example const centres = kmeansPlusPlus(x.data, x.rows, x.cols, 5, createRng(1)); // k × d Float64Array
 */
export function kmeansPlusPlus(x: FloatArray, n: number, d: number, k: number, rng: Rng, norms?: Float64Array): Float64Array {
  const xNorms = norms ?? rowSqNorms(x, n, d);
  const block = 128;
  const trials = 2 + Math.floor(Math.log(k));
  const centers = new Float64Array(k * d);
  const first = rng.int(n);
  for (let j = 0; j < d; j++) centers[j] = x[first * d + j]!;
  // closest[i]: squared distance to the nearest chosen centre.
  const closest = new Float64Array(n);
  let pot = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = rowCenterSqDist(x, i, centers, 0, d);
    pot += closest[i]!;
  }
  const cum = new Float64Array(n);
  const cand = new Float64Array(trials * d);
  const candIds = new Int32Array(trials);
  const candPot = new Float64Array(trials);
  const work = new Float64Array(trials * n);
  const buf = new Float64Array(block * trials);
  for (let c = 1; c < k; c++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      s += closest[i]!;
      cum[i] = s;
    }
    for (let t = 0; t < trials; t++) {
      const r = rng.next() * pot;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid]! < r) lo = mid + 1;
        else hi = mid;
      }
      candIds[t] = lo;
      for (let j = 0; j < d; j++) cand[t * d + j] = x[lo * d + j]!;
    }
    // Distances of every row to every candidate through the blocked kernel (the dominant cost).
    const cNorms = rowSqNorms(cand, trials, d);
    candPot.fill(0);
    for (let r0 = 0; r0 < n; r0 += block) {
      const r1 = Math.min(n, r0 + block);
      blockSqDistances(x, r0, r1, d, xNorms, cand, trials, cNorms, buf);
      for (let i = r0; i < r1; i++) {
        const o = (i - r0) * trials;
        const ci = closest[i]!;
        for (let t = 0; t < trials; t++) {
          const v = buf[o + t]!;
          work[t * n + i] = v;
          candPot[t]! += v < ci ? v : ci;
        }
      }
    }
    let bestT = 0;
    for (let t = 1; t < trials; t++) if (candPot[t]! < candPot[bestT]!) bestT = t;
    const id = candIds[bestT]!;
    for (let j = 0; j < d; j++) centers[c * d + j] = x[id * d + j]!;
    pot = 0;
    const wb = bestT * n;
    for (let i = 0; i < n; i++) {
      const v = work[wb + i]!;
      if (v < closest[i]!) closest[i] = v;
      pot += closest[i]!;
    }
  }
  return centers;
}

/** Distinct random rows as centres. */
function randomInit(x: FloatArray, n: number, d: number, k: number, rng: Rng): Float64Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const centers = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    const j = c + rng.int(n - c);
    const t = idx[c]!;
    idx[c] = idx[j]!;
    idx[j] = t;
    for (let m = 0; m < d; m++) centers[c * d + m] = x[idx[c]! * d + m]!;
  }
  return centers;
}

interface SingleRun {
  centers: Float64Array;
  labels: Int32Array;
  inertia: number;
  iterations: number;
  converged: boolean;
  /** Exact squared distances to the own and to the second-nearest centre (computed on demand). */
  distances(): { nearest: Float64Array; second: Float64Array };
}

/** Running per-cluster sums: only rows whose label changed are moved, so an update costs O(changes · d). */
interface ClusterSums {
  sums: Float64Array;
  counts: Float64Array;
  /** The label each row is counted under (-1 = not yet counted). */
  counted: Int32Array;
}

/** Recomputes centres as means; empty clusters get the rows farthest from their centre (like scikit-learn). */
function updateCenters(
  x: FloatArray,
  n: number,
  d: number,
  k: number,
  labels: Int32Array,
  acc: ClusterSums,
  oldCenters: Float64Array,
  out: Float64Array,
): void {
  const { sums, counts, counted } = acc;
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    const was = counted[i]!;
    if (c === was) continue;
    const r = i * d;
    if (was >= 0) {
      const o = was * d;
      for (let j = 0; j < d; j++) sums[o + j]! -= x[r + j]!;
      counts[was]!--;
    }
    const o = c * d;
    for (let j = 0; j < d; j++) sums[o + j]! += x[r + j]!;
    counts[c]!++;
    counted[i] = c;
  }
  let empty = 0;
  for (let c = 0; c < k; c++) if (counts[c] === 0) empty++;
  if (empty > 0) {
    const dist = new Float64Array(n);
    for (let i = 0; i < n; i++) dist[i] = rowCenterSqDist(x, i, oldCenters, labels[i]!, d);
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => dist[b]! - dist[a]! || a - b);
    let next = 0;
    for (let c = 0; c < k; c++) {
      if (counts[c] !== 0) continue;
      // Move the farthest row whose cluster can spare it; its label follows at the next assignment.
      while (next < n && counts[counted[order[next]!]!]! <= 1) next++;
      if (next >= n) break;
      const i = order[next++]!;
      const from = counted[i]!;
      for (let j = 0; j < d; j++) {
        sums[from * d + j]! -= x[i * d + j]!;
        sums[c * d + j] = x[i * d + j]!;
      }
      counts[from]!--;
      counts[c] = 1;
      counted[i] = c;
    }
  }
  for (let c = 0; c < k; c++) {
    const w = counts[c]!;
    const o = c * d;
    if (w > 0) {
      const inv = 1 / w;
      for (let j = 0; j < d; j++) out[o + j] = sums[o + j]! * inv;
    } else for (let j = 0; j < d; j++) out[o + j] = oldCenters[o + j]!;
  }
}

/** One k-means run from given centres (Elkan, Hamerly or Lloyd; identical iterates up to ties). */
async function runFrom(
  x: FloatArray,
  n: number,
  d: number,
  k: number,
  init: Float64Array,
  xNorms: Float64Array,
  opts: { maxIter: number; tolAbs: number; algorithm: 'elkan' | 'hamerly' | 'lloyd'; signal?: AbortSignal | undefined },
): Promise<SingleRun> {
  let centers = Float64Array.from(init);
  let next = new Float64Array(k * d);
  const labels = new Int32Array(n);
  const labelsOld = new Int32Array(n).fill(-1);
  const upper = new Float64Array(n);
  const shift = new Float64Array(k);
  const half = new Float64Array(k * k); // half distances between centres
  const s = new Float64Array(k); // half distance to the nearest other centre
  const algo = k === 1 ? 'lloyd' : opts.algorithm;
  const lowerAll = algo === 'elkan' ? new Float64Array(n * k) : null;
  const lower2 = algo === 'hamerly' ? new Float64Array(n) : null;
  const sqd = new Float64Array(n);
  const acc: ClusterSums = { sums: new Float64Array(k * d), counts: new Float64Array(k), counted: new Int32Array(n).fill(-1) };

  const centreGeometry = () => {
    for (let a = 0; a < k; a++) {
      s[a] = Infinity;
      for (let b = 0; b < k; b++) {
        const h = a === b ? 0 : 0.5 * Math.sqrt(rowCenterSqDist(centers, a, centers, b, d));
        half[a * k + b] = h;
        if (a !== b && h < s[a]!) s[a] = h;
      }
    }
  };

  // Initial assignment: all n × k distances through the blocked kernel.
  const initBounds = () => {
    const cNorms = rowSqNorms(centers, k, d);
    let maxCNorm = 0;
    for (let j = 0; j < k; j++) if (cNorms[j]! > maxCNorm) maxCNorm = cNorms[j]!;
    const block = 64;
    const buf = new Float64Array(block * k);
    for (let r0 = 0; r0 < n; r0 += block) {
      const r1 = Math.min(n, r0 + block);
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
        upper[i] = Math.sqrt(rowCenterSqDist(x, i, centers, b, d));
        // Lower bounds from the dot-product distances, lowered by a rounding margin so they stay valid.
        if (lowerAll) {
          for (let j = 0; j < k; j++) {
            const margin = 1e-12 * (xNorms[i]! + cNorms[j]!) + 1e-300;
            lowerAll[i * k + j] = j === b ? upper[i]! : Math.sqrt(Math.max(0, buf[o + j]! - margin));
          }
        }
        if (lower2) lower2[i] = Math.sqrt(Math.max(0, sv - 1e-12 * (xNorms[i]! + maxCNorm) - 1e-300));
      }
    }
  };

  const dist = (i: number, c: number) => Math.sqrt(rowCenterSqDist(x, i, centers, c, d));

  const assignElkan = () => {
    const L = lowerAll!;
    for (let i = 0; i < n; i++) {
      let a = labels[i]!;
      let u = upper[i]!;
      if (u <= s[a]!) continue;
      let tight = false;
      const o = i * k;
      for (let j = 0; j < k; j++) {
        if (j === a || u <= L[o + j]! || u <= half[a * k + j]!) continue;
        if (!tight) {
          u = dist(i, a);
          L[o + a] = u;
          tight = true;
          if (u <= L[o + j]! || u <= half[a * k + j]!) continue;
        }
        const dj = dist(i, j);
        L[o + j] = dj;
        if (dj < u) {
          a = j;
          u = dj;
        }
      }
      labels[i] = a;
      upper[i] = u;
    }
  };

  const assignHamerly = () => {
    const l = lower2!;
    for (let i = 0; i < n; i++) {
      const a = labels[i]!;
      const m = Math.max(s[a]!, l[i]!);
      if (upper[i]! <= m) continue;
      const u = dist(i, a);
      upper[i] = u;
      if (u <= m) continue;
      let b = 0;
      let bv = Infinity;
      let sv = Infinity;
      for (let j = 0; j < k; j++) {
        const v = rowCenterSqDist(x, i, centers, j, d);
        if (v < bv) {
          sv = bv;
          bv = v;
          b = j;
        } else if (v < sv) sv = v;
      }
      labels[i] = b;
      upper[i] = Math.sqrt(bv);
      l[i] = Math.sqrt(sv);
    }
  };

  const assignLloyd = () => {
    assignAll(x, n, d, xNorms, centers, k, labels, sqd);
  };

  if (algo !== 'lloyd') {
    initBounds();
    centreGeometry();
  }
  let iterations = 0;
  let strict = false;
  let converged = false;
  for (let it = 0; it < opts.maxIter; it++) {
    if (it > 0 && (it & 3) === 0) await checkpoint(opts.signal, 'kmeans');
    if (algo === 'elkan') assignElkan();
    else if (algo === 'hamerly') assignHamerly();
    else assignLloyd();
    updateCenters(x, n, d, k, labels, acc, centers, next);
    let shiftTot = 0;
    let maxShift = 0;
    let maxShiftC = -1;
    let secondShift = 0;
    for (let c = 0; c < k; c++) {
      const v = rowCenterSqDist(centers, c, next, c, d);
      shiftTot += v;
      shift[c] = Math.sqrt(v);
      if (shift[c]! > maxShift) {
        secondShift = maxShift;
        maxShift = shift[c]!;
        maxShiftC = c;
      } else if (shift[c]! > secondShift) secondShift = shift[c]!;
    }
    const tmp = centers;
    centers = next;
    next = tmp;
    if (algo !== 'lloyd') {
      for (let i = 0; i < n; i++) upper[i]! += shift[labels[i]!]!;
      if (lowerAll) {
        for (let i = 0; i < n; i++) {
          const o = i * k;
          for (let c = 0; c < k; c++) {
            const v = lowerAll[o + c]! - shift[c]!;
            lowerAll[o + c] = v > 0 ? v : 0;
          }
        }
      }
      if (lower2) {
        for (let i = 0; i < n; i++) {
          const v = lower2[i]! - (labels[i] === maxShiftC ? secondShift : maxShift);
          lower2[i] = v > 0 ? v : 0;
        }
      }
      centreGeometry();
    }
    iterations = it + 1;
    let same = true;
    for (let i = 0; i < n; i++) {
      if (labels[i] !== labelsOld[i]) {
        same = false;
        break;
      }
    }
    if (same) {
      strict = true;
      converged = true;
      break;
    }
    if (shiftTot <= opts.tolAbs) {
      converged = true;
      break;
    }
    labelsOld.set(labels);
  }
  if (!strict) {
    if (algo === 'elkan') assignElkan();
    else if (algo === 'hamerly') assignHamerly();
    else assignLloyd();
  }
  let inertia = 0;
  const nearest = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    nearest[i] = rowCenterSqDist(x, i, centers, labels[i]!, d);
    inertia += nearest[i]!;
  }
  const distances = () => {
    const second = new Float64Array(n).fill(Infinity);
    if (k === 1) return { nearest, second };
    const lab = new Int32Array(n);
    const best = new Float64Array(n);
    assignAll(x, n, d, xNorms, centers, k, lab, best, second);
    // Where a tie put the row elsewhere, that other centre is the second nearest.
    for (let i = 0; i < n; i++) if (lab[i] !== labels[i]) second[i] = best[i]!;
    return { nearest, second };
  };
  return { centers, labels, inertia, iterations, converged, distances };
}

/**
 * Rows far from the origin relative to their spread lose precision in `|x|² + |c|² − 2x·c`: centre
 * them. Also returns the mean feature variance (the scale of `tol`).
 */
function centreIfNeeded(x: Matrix): { data: FloatArray; offset: Float64Array | null; meanVar: number } {
  const n = x.rows;
  const d = x.cols;
  const src = x.data;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) mean[j]! += src[o + j]!;
  }
  let meanNorm = 0;
  for (let j = 0; j < d; j++) {
    mean[j]! /= n;
    meanNorm += mean[j]! * mean[j]!;
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const t = src[o + j]! - mean[j]!;
      total += t * t;
    }
  }
  const meanVar = d > 0 ? total / n / d : 0;
  if (meanNorm <= 100 * meanVar * d) return { data: src, offset: null, meanVar };
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = src[i * d + j]! - mean[j]!;
  return { data, offset: mean, meanVar };
}

/**
 * Membership strength and outlier score from the nearest and second-nearest centroid distances.
 * @example const { probabilities, outlierScores } = kmeansScores(labels, nearestSq, secondSq, k);
 */
export function kmeansScores(
  labels: Int32Array,
  nearestSq: Float64Array,
  secondSq: Float64Array,
  k: number,
): { probabilities: Float64Array; outlierScores: Float64Array } {
  const n = labels.length;
  const probabilities = new Float64Array(n);
  const outlierScores = new Float64Array(n);
  const maxIn = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const d1 = Math.sqrt(nearestSq[i]!);
    const d2 = Math.sqrt(secondSq[i]!);
    probabilities[i] = k === 1 || !Number.isFinite(d2) ? 1 : d1 + d2 === 0 ? 0.5 : d2 / (d1 + d2);
    if (d1 > maxIn[labels[i]!]!) maxIn[labels[i]!] = d1;
  }
  for (let i = 0; i < n; i++) {
    const m = maxIn[labels[i]!]!;
    outlierScores[i] = m > 0 ? Math.sqrt(nearestSq[i]!) / m : 0;
  }
  return { probabilities, outlierScores };
}

function validate(x: Matrix, o: ParsedOptions, where: string): void {
  checkFeatureMatrix(x, where);
  if (x.rows < o.k) {
    throw new ConfigError(`${where}: k = ${o.k} but the data has only ${x.rows} rows.`, {
      code: 'K_TOO_LARGE',
      field: 'k',
      fix: `Use k ≤ ${x.rows} (the number of rows), or cluster more rows.`,
    });
  }
  if (isMatrix(o.init) && (o.init.rows !== o.k || o.init.cols !== x.cols)) {
    throw new ConfigError(`${where}: init is ${o.init.rows} × ${o.init.cols} but k × d is ${o.k} × ${x.cols}.`, {
      code: 'BAD_INIT',
      field: 'init',
      fix: 'Pass one starting centroid per cluster, with as many columns as the data.',
    });
  }
}

/**
 * k-means on typed arrays: k-means++ seeding (greedy, like scikit-learn), exact Elkan or Hamerly
 * iterations, `nInit` restarts keeping the lowest inertia. Same input + seed → same output.
 *
 * `probabilities` are a documented heuristic, not a posterior: `d₂ / (d₁ + d₂)` with `d₁`, `d₂` the
 * distances to the nearest and second-nearest centroid (1 at a centroid, 0.5 on the boundary between
 * two clusters). `outlierScores` are `d₁` divided by the largest `d₁` in the same cluster (0..1).
 *
 * @example
 * const r = await kmeans(x, { k: 3, seed: 1 });
 * r.labels; r.details.centroids; r.details.inertia;
 */
export async function kmeans(x: Matrix, options: KMeansOptions & RunOptions): Promise<KMeansResult> {
  const { signal, onProgress, ...rest } = options;
  const o = parseOptions(KMeansOptionsSchema, rest, 'kmeans options');
  validate(x, o, 'kmeans');
  const n = x.rows;
  const d = x.cols;
  const k = o.k;
  const { data, offset, meanVar } = centreIfNeeded(x);
  const xNorms = rowSqNorms(data, n, d);
  const tolAbs = o.tol * meanVar;
  const algorithm: 'elkan' | 'hamerly' | 'lloyd' =
    o.algorithm === 'auto' ? (d <= 16 || n * k > 25_000_000 ? 'hamerly' : 'elkan') : o.algorithm;
  const rng = createRng(o.seed ?? DEFAULT_SEED);
  const fixedInit = isMatrix(o.init) ? o.init : null;
  const nInit = fixedInit ? 1 : o.nInit;
  let best: SingleRun | null = null;
  const inertias: number[] = [];
  for (let run = 0; run < nInit; run++) {
    await checkpoint(signal, 'kmeans');
    let init: Float64Array;
    if (fixedInit) {
      init = Float64Array.from(fixedInit.data);
      if (offset) for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) init[c * d + j]! -= offset[j]!;
    } else if (o.init === 'random') init = randomInit(data, n, d, k, rng);
    else init = kmeansPlusPlus(data, n, d, k, rng, xNorms);
    const r = await runFrom(data, n, d, k, init, xNorms, { maxIter: o.maxIter, tolAbs, algorithm, signal });
    inertias.push(r.inertia);
    if (!best || r.inertia < best.inertia) best = r;
    onProgress?.({ stage: 'cluster', step: 'kmeans', done: run + 1, total: nInit, message: `inertia ${r.inertia.toPrecision(6)}` });
  }
  const b = best!;
  const { nearest, second } = b.distances();
  const { probabilities, outlierScores } = kmeansScores(b.labels, nearest, second, k);
  const centroids = Float64Array.from(b.centers);
  if (offset) for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) centroids[c * d + j]! += offset[j]!;
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) sizes[b.labels[i]!]!++;
  return {
    labels: b.labels,
    probabilities,
    outlierScores,
    nClusters: k,
    details: {
      centroids: { data: centroids, rows: k, cols: d },
      inertia: b.inertia,
      iterations: b.iterations,
      converged: b.converged,
      inertias,
      algorithm,
      sizes,
    },
  };
}

/**
 * Assigns rows to the nearest of the given centroids, with the same probability heuristic as
 * {@link kmeans}.
 *
 * @example const p = predictNearestCentroid(newRows, result.details.centroids);
 */
export function predictNearestCentroid(x: Matrix, centroids: Matrix): ClusterPrediction & { distances: Float64Array } {
  checkFeatureMatrix(x, 'predict');
  if (x.cols !== centroids.cols) {
    throw new InputError(`predict: rows have ${x.cols} columns but the centroids have ${centroids.cols}.`, {
      code: 'BAD_SHAPE',
      field: 'x',
      fix: 'Predict on rows with the same columns (same embedding/reduction) as the fitted data.',
    });
  }
  const k = centroids.rows;
  const d = x.cols;
  const c = centroids.data instanceof Float64Array ? centroids.data : Float64Array.from(centroids.data);
  const labels = new Int32Array(x.rows);
  const nearest = new Float64Array(x.rows);
  const second = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let b = 0;
    let bv = Infinity;
    let sv = Infinity;
    for (let j = 0; j < k; j++) {
      const v = rowCenterSqDist(x.data, i, c, j, d);
      if (v < bv) {
        sv = bv;
        bv = v;
        b = j;
      } else if (v < sv) sv = v;
    }
    labels[i] = b;
    nearest[i] = bv;
    second[i] = sv;
  }
  const probabilities = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    const d1 = Math.sqrt(nearest[i]!);
    const d2 = Math.sqrt(second[i]!);
    probabilities[i] = k === 1 ? 1 : d1 + d2 === 0 ? 0.5 : d2 / (d1 + d2);
  }
  const distances = nearest.map(Math.sqrt);
  return { labels, probabilities, distances };
}

/**
 * k-means as a {@link ClusteringEngine}: `fit` runs {@link kmeans}, `predict` assigns new rows to
 * the nearest fitted centroid.
 *
 * @example
 * const engine = new KMeans({ k: 5 });
 * const fit = await engine.fit(x, { seed: 7 });
 * const next = await engine.predict(newRows);
 */
export class KMeans implements ClusteringEngine {
  readonly name = 'kmeans';
  readonly options: ParsedOptions;
  /** Centroids of the last `fit`. */
  centroids: Matrix<Float64Array> | undefined;

  constructor(options: KMeansOptions) {
    this.options = parseOptions(KMeansOptionsSchema, options, 'kmeans options');
  }

  async fit(x: Matrix, options?: ClusterRunOptions): Promise<KMeansResult> {
    const seed = options?.seed ?? this.options.seed;
    const r = await kmeans(x, {
      ...this.options,
      ...(seed !== undefined ? { seed } : {}),
      ...(options?.signal ? { signal: options.signal } : {}),
      ...(options?.onProgress ? { onProgress: options.onProgress } : {}),
    });
    this.centroids = r.details.centroids;
    return r;
  }

  async predict(x: Matrix): Promise<ClusterPrediction> {
    if (!this.centroids) {
      throw new ModelNotFitted('kmeans');
    }
    const { labels, probabilities } = predictNearestCentroid(x, this.centroids);
    return { labels, probabilities };
  }
}

/**
 * Thrown by `predict` before `fit`.
 * @example await new KMeans({ k: 2 }).predict(x); // throws ModelNotFitted (code NOT_FITTED)
 */
export class ModelNotFitted extends ConfigError {
  constructor(method: string) {
    super(`${method}: predict was called before fit.`, {
      code: 'NOT_FITTED',
      field: 'predict',
      fix: 'Call fit(x) first, then predict(newRows).',
    });
  }
}
