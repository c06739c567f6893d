import type { Matrix } from '../core/matrix.js';
import { InputError } from '../core/errors.js';
import {
  applyNoisePair,
  checkSameLength,
  encodeLabels,
  toLabelArray,
  type LabelsLike,
  type NoiseHandling,
} from './labels.js';

/** Options shared by the external (label-vs-label) metrics. */
export interface ExternalMetricOptions {
  /**
   * How `-1` is treated. Default `'cluster'`, like scikit-learn: all noise rows form one ordinary
   * group. `'exclude'` drops rows that are `-1` in either labelling; `'singletons'` makes every
   * noise row its own cluster (the harshest reading).
   */
  noise?: NoiseHandling;
}

/** A contingency table: `table[i * cols + j]` rows that have true label `trueValues[i]` and predicted `predValues[j]`. */
export interface Contingency {
  table: Matrix<Float64Array>;
  trueValues: number[];
  predValues: number[];
}

/** Sparse contingency: non-zero cells, row (true) and column (pred) sums. */
interface SparseContingency {
  n: number;
  rowIdx: Int32Array;
  colIdx: Int32Array;
  counts: Float64Array;
  rowSums: Float64Array;
  colSums: Float64Array;
}

function prepare(
  labelsTrue: LabelsLike,
  labelsPred: LabelsLike,
  options: ExternalMetricOptions | undefined,
): [Int32Array, Int32Array] {
  const a = toLabelArray(labelsTrue, 'labelsTrue');
  const b = toLabelArray(labelsPred, 'labelsPred');
  checkSameLength(a, b, 'labelsTrue', 'labelsPred');
  const noise = options?.noise ?? 'cluster';
  if (noise !== 'cluster' && noise !== 'exclude' && noise !== 'singletons') {
    throw new InputError(`noise must be 'cluster', 'exclude' or 'singletons', got ${String(noise)}.`, {
      code: 'INVALID_OPTION',
      field: 'noise',
      fix: "Use noise: 'cluster' (scikit-learn's behaviour), 'exclude' or 'singletons'.",
    });
  }
  return applyNoisePair(a, b, noise);
}

function sparseContingency(a: Int32Array, b: Int32Array): SparseContingency {
  const ea = encodeLabels(a);
  const eb = encodeLabels(b);
  const nb = eb.values.length;
  const cells = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const key = ea.codes[i]! * nb + eb.codes[i]!;
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  const keys = [...cells.keys()].sort((x, y) => x - y);
  const rowIdx = new Int32Array(keys.length);
  const colIdx = new Int32Array(keys.length);
  const counts = new Float64Array(keys.length);
  keys.forEach((key, t) => {
    rowIdx[t] = Math.floor(key / nb);
    colIdx[t] = key % nb;
    counts[t] = cells.get(key)!;
  });
  return { n: a.length, rowIdx, colIdx, counts, rowSums: ea.counts, colSums: eb.counts };
}

/**
 * The contingency table of two labellings (true classes as rows, predicted clusters as columns),
 * like scikit-learn's `contingency_matrix`.
 *
 * @example
 * const c = contingency([0, 0, 1], [1, 1, 1]);
 * c.table.data; // Float64Array [2, 1]  (2 × 1 table)
 */
export function contingency(labelsTrue: LabelsLike, labelsPred: LabelsLike, options?: ExternalMetricOptions): Contingency {
  const [a, b] = prepare(labelsTrue, labelsPred, options);
  const ea = encodeLabels(a);
  const eb = encodeLabels(b);
  const rows = ea.values.length;
  const cols = eb.values.length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < a.length; i++) data[ea.codes[i]! * cols + eb.codes[i]!]!++;
  return { table: { data, rows, cols }, trueValues: ea.values, predValues: eb.values };
}

/**
 * Adjusted Rand index: pair-counting agreement corrected for chance (1 = identical partitions,
 * about 0 = random, can be negative). Same formula as scikit-learn's `adjusted_rand_score`.
 *
 * @example
 * adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0]); // 1
 * adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]); // -0.5
 */
export function adjustedRandIndex(labelsTrue: LabelsLike, labelsPred: LabelsLike, options?: ExternalMetricOptions): number {
  const [a, b] = prepare(labelsTrue, labelsPred, options);
  const c = sparseContingency(a, b);
  const n = c.n;
  let sumSquares = 0;
  for (let t = 0; t < c.counts.length; t++) sumSquares += c.counts[t]! * c.counts[t]!;
  let sumCol2 = 0;
  for (let j = 0; j < c.colSums.length; j++) sumCol2 += c.colSums[j]! * c.colSums[j]!;
  let sumRow2 = 0;
  for (let i = 0; i < c.rowSums.length; i++) sumRow2 += c.rowSums[i]! * c.rowSums[i]!;
  // Pair confusion matrix (ordered pairs), exactly as scikit-learn's pair_confusion_matrix.
  const tp = sumSquares - n;
  const fp = sumCol2 - sumSquares;
  const fn = sumRow2 - sumSquares;
  const tn = n * n - fp - fn - sumSquares;
  if (fn === 0 && fp === 0) return 1;
  return (2 * (tp * tn - fn * fp)) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}

/** Shannon entropy (natural log) of a labelling given its class counts. */
function entropyOfCounts(counts: Float64Array, n: number): number {
  if (n === 0) return 1; // scikit-learn's convention for empty input
  let h = 0;
  const logN = Math.log(n);
  for (let i = 0; i < counts.length; i++) {
    const p = counts[i]!;
    if (p > 0) h -= (p / n) * (Math.log(p) - logN);
  }
  return h;
}

function mutualInfo(c: SparseContingency): number {
  const n = c.n;
  if (n === 0) return 0;
  const logN = Math.log(n);
  let mi = 0;
  for (let t = 0; t < c.counts.length; t++) {
    const nij = c.counts[t]!;
    const term = (nij / n) * (Math.log(nij) - logN - Math.log(c.rowSums[c.rowIdx[t]!]!) - Math.log(c.colSums[c.colIdx[t]!]!) + 2 * logN);
    if (Math.abs(term) >= Number.EPSILON) mi += term;
  }
  return Math.max(0, mi);
}

/**
 * Mutual information (in nats) between two labellings, like scikit-learn's `mutual_info_score`.
 * @example mutualInformation([0, 0, 1, 1], [0, 0, 1, 1]); // ln 2 ≈ 0.693
 */
export function mutualInformation(labelsTrue: LabelsLike, labelsPred: LabelsLike, options?: ExternalMetricOptions): number {
  const [a, b] = prepare(labelsTrue, labelsPred, options);
  return mutualInfo(sparseContingency(a, b));
}

/** How the two entropies are averaged in NMI/AMI (scikit-learn's `average_method`). */
export type AverageMethod = 'arithmetic' | 'geometric' | 'min' | 'max';

/** Options of {@link normalizedMutualInfo} and {@link adjustedMutualInfo}. */
export interface MutualInfoOptions extends ExternalMetricOptions {
  /** Mean of the two entropies used as normaliser. Default `'arithmetic'` (scikit-learn's default). */
  averageMethod?: AverageMethod;
}

function generalizedAverage(u: number, v: number, method: AverageMethod): number {
  switch (method) {
    case 'min':
      return Math.min(u, v);
    case 'geometric':
      return Math.sqrt(u * v);
    case 'arithmetic':
      return (u + v) / 2;
    case 'max':
      return Math.max(u, v);
    default:
      throw new InputError(`averageMethod must be arithmetic, geometric, min or max, got ${String(method)}.`, {
        code: 'INVALID_OPTION',
        field: 'averageMethod',
        fix: "Use averageMethod: 'arithmetic' (the default).",
      });
  }
}

/**
 * Normalised mutual information: MI divided by the (by default arithmetic) mean of the two
 * entropies, like scikit-learn's `normalized_mutual_info_score`. 1 = identical partitions.
 *
 * @example normalizedMutualInfo([0, 0, 1, 1], [1, 1, 0, 0]); // 1
 */
export function normalizedMutualInfo(labelsTrue: LabelsLike, labelsPred: LabelsLike, options?: MutualInfoOptions): number {
  const [a, b] = prepare(labelsTrue, labelsPred, options);
  const c = sparseContingency(a, b);
  const method = options?.averageMethod ?? 'arithmetic';
  const nClasses = c.rowSums.length;
  const nClusters = c.colSums.length;
  if ((nClasses === 1 && nClusters === 1) || (nClasses === 0 && nClusters === 0)) return 1;
  const mi = mutualInfo(c);
  if (mi === 0) return 0;
  const normalizer = generalizedAverage(entropyOfCounts(c.rowSums, c.n), entropyOfCounts(c.colSums, c.n), method);
  return mi / normalizer;
}

/** log Γ(x) for x ≥ 1 (exact table for small x, Stirling series above): used by the expected MI. */
function makeLogGamma(maxArg: number): (x: number) => number {
  const tableSize = Math.min(maxArg + 2, 1024);
  const table = new Float64Array(tableSize); // table[k] = ln Γ(k) = ln((k-1)!)
  for (let k = 2; k < tableSize; k++) table[k] = table[k - 1]! + Math.log(k - 1);
  const halfLog2Pi = 0.5 * Math.log(2 * Math.PI);
  return (x: number): number => {
    if (x < tableSize) return table[x]!;
    const inv = 1 / x;
    const inv2 = inv * inv;
    return (
      (x - 0.5) * Math.log(x) - x + halfLog2Pi +
      inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))))
    );
  };
}

/** Expected mutual information of two labellings with these marginals under the permutation model. */
function expectedMutualInfo(rowSums: Float64Array, colSums: Float64Array, n: number): number {
  const lgamma = makeLogGamma(n + 1);
  const logN = Math.log(n);
  const glnN = lgamma(n + 1);
  let emi = 0;
  for (let i = 0; i < rowSums.length; i++) {
    const a = rowSums[i]!;
    const glnA = lgamma(a + 1);
    const glnNa = lgamma(n - a + 1);
    for (let j = 0; j < colSums.length; j++) {
      const b = colSums[j]!;
      const start = Math.max(1, a + b - n);
      const end = Math.min(a, b);
      const glnConst = glnA + lgamma(b + 1) + glnNa + lgamma(n - b + 1) - glnN;
      const logAB = Math.log(a) + Math.log(b);
      for (let nij = start; nij <= end; nij++) {
        const term2 = logN + Math.log(nij) - logAB;
        const gln = glnConst - lgamma(nij + 1) - lgamma(a - nij + 1) - lgamma(b - nij + 1) - lgamma(n - a - b + nij + 1);
        emi += (nij / n) * term2 * Math.exp(gln);
      }
    }
  }
  return emi;
}

/**
 * Adjusted mutual information: MI corrected for chance with the exact expected MI under random
 * permutations (Vinh et al. 2010), normalised by the arithmetic mean of the entropies by default,
 * like scikit-learn's `adjusted_mutual_info_score`.
 *
 * @example adjustedMutualInfo([0, 0, 1, 1], [0, 0, 1, 1]); // 1
 */
export function adjustedMutualInfo(labelsTrue: LabelsLike, labelsPred: LabelsLike, options?: MutualInfoOptions): number {
  const [a, b] = prepare(labelsTrue, labelsPred, options);
  const c = sparseContingency(a, b);
  const method = options?.averageMethod ?? 'arithmetic';
  const nClasses = c.rowSums.length;
  const nClusters = c.colSums.length;
  if ((nClasses === 1 && nClusters === 1) || (nClasses === 0 && nClusters === 0)) return 1;
  const mi = mutualInfo(c);
  const emi = expectedMutualInfo(c.rowSums, c.colSums, c.n);
  const normalizer = generalizedAverage(entropyOfCounts(c.rowSums, c.n), entropyOfCounts(c.colSums, c.n), method);
  let denominator = normalizer - emi;
  denominator = denominator < 0 ? Math.min(denominator, -Number.EPSILON) : Math.max(denominator, Number.EPSILON);
  return (mi - emi) / denominator;
}

/** Homogeneity, completeness and their harmonic mean (V-measure). */
export interface HomogeneityCompleteness {
  homogeneity: number;
  completeness: number;
  vMeasure: number;
}

/**
 * Homogeneity (each cluster holds one class), completeness (each class sits in one cluster) and
 * the V-measure, like scikit-learn's `homogeneity_completeness_v_measure`. `beta` weights
 * completeness over homogeneity in the V-measure (default 1).
 *
 * @example homogeneityCompletenessVMeasure([0, 0, 1, 1], [0, 0, 1, 2]); // { homogeneity: 1, completeness: ~0.667, vMeasure: 0.8 }
 */
export function homogeneityCompletenessVMeasure(
  labelsTrue: LabelsLike,
  labelsPred: LabelsLike,
  options?: ExternalMetricOptions & { beta?: number },
): HomogeneityCompleteness {
  const [a, b] = prepare(labelsTrue, labelsPred, options);
  if (a.length === 0) return { homogeneity: 1, completeness: 1, vMeasure: 1 };
  const beta = options?.beta ?? 1;
  const c = sparseContingency(a, b);
  const hC = entropyOfCounts(c.rowSums, c.n);
  const hK = entropyOfCounts(c.colSums, c.n);
  const mi = mutualInfo(c);
  const homogeneity = hC ? mi / hC : 1;
  const completeness = hK ? mi / hK : 1;
  const vMeasure =
    homogeneity + completeness === 0 ? 0 : ((1 + beta) * homogeneity * completeness) / (beta * homogeneity + completeness);
  return { homogeneity, completeness, vMeasure };
}

/**
 * Homogeneity: 1 when every predicted cluster contains rows of a single true class.
 * @example homogeneity([0, 0, 1, 1], [0, 0, 1, 2]); // 1
 */
export function homogeneity(labelsTrue: LabelsLike, labelsPred: LabelsLike, options?: ExternalMetricOptions): number {
  return homogeneityCompletenessVMeasure(labelsTrue, labelsPred, options).homogeneity;
}

/**
 * Completeness: 1 when all rows of each true class share one predicted cluster.
 * @example completeness([0, 0, 1, 1], [0, 0, 0, 0]); // 1
 */
export function completeness(labelsTrue: LabelsLike, labelsPred: LabelsLike, options?: ExternalMetricOptions): number {
  return homogeneityCompletenessVMeasure(labelsTrue, labelsPred, options).completeness;
}

/**
 * V-measure: harmonic mean of homogeneity and completeness (equals NMI with the arithmetic mean).
 * @example vMeasure([0, 0, 1, 1], [0, 0, 1, 2]); // 0.8
 */
export function vMeasure(
  labelsTrue: LabelsLike,
  labelsPred: LabelsLike,
  options?: ExternalMetricOptions & { beta?: number },
): number {
  return homogeneityCompletenessVMeasure(labelsTrue, labelsPred, options).vMeasure;
}

/**
 * Purity: the share of rows whose predicted cluster's majority true class is their own class,
 * `Σ_k max_c n_kc / n`. 1 for a perfect (or over-split) clustering; it rewards many small clusters,
 * so read it beside a chance-corrected score (ARI, AMI).
 *
 * @example purity([0, 0, 1, 1, 1], [0, 0, 0, 1, 1]); // (2 + 2) / 5 = 0.8
 */
export function purity(labelsTrue: LabelsLike, labelsPred: LabelsLike, options?: ExternalMetricOptions): number {
  const [a, b] = prepare(labelsTrue, labelsPred, options);
  if (a.length === 0) return 1;
  const c = sparseContingency(a, b);
  const best = new Float64Array(c.colSums.length);
  for (let t = 0; t < c.counts.length; t++) {
    const j = c.colIdx[t]!;
    if (c.counts[t]! > best[j]!) best[j] = c.counts[t]!;
  }
  let s = 0;
  for (let j = 0; j < best.length; j++) s += best[j]!;
  return s / c.n;
}
