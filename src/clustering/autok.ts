import { z } from 'zod';
import type { ClusteringEngine, ClusteringResult, ClusterPrediction, ClusterRunOptions } from '../core/contracts.js';
import { ConfigError } from '../core/errors.js';
import { takeRows, type Matrix } from '../core/matrix.js';
import { checkpoint, type RunOptions } from '../core/progress.js';
import { createRng, DEFAULT_SEED } from '../core/random.js';
import { parseOptions } from '../config/validate.js';
import { calinskiHarabasz, daviesBouldin, silhouetteScore } from '../metrics/internal.js';
import { checkFeatureMatrix, kmeans, ModelNotFitted, predictNearestCentroid } from './kmeans.js';
import { miniBatchKMeans } from './minibatch.js';
import { gaussianMixture, mixtureResponsibilities, type MixtureModel } from './gmm.js';

/**
 * Criteria {@link autoK} can maximise or minimise.
 * @example AUTO_K_METHODS.includes('gap'); // true
 */
export const AUTO_K_METHODS = ['silhouette', 'calinski-harabasz', 'davies-bouldin', 'gap', 'bic', 'aic'] as const;
/** One of {@link AUTO_K_METHODS}. */
export type AutoKMethod = (typeof AUTO_K_METHODS)[number];

/**
 * Options of {@link autoK} and {@link AutoK}.
 * @example AutoKOptionsSchema.parse({ method: 'gap', kMax: 8 });
 */
export const AutoKOptionsSchema = z
  .object({
    /**
     * How k is chosen: highest `'silhouette'` or `'calinski-harabasz'`, lowest `'davies-bouldin'`,
     * Tibshirani's `'gap'` rule (smallest k with gap(k) ≥ gap(k+1) − s(k+1)), or lowest `'bic'`/`'aic'`
     * (Gaussian mixtures only). Default `'silhouette'`.
     */
    method: z.enum(AUTO_K_METHODS).default('silhouette'),
    /** Smallest k tried. Default 2 (1 is allowed for gap, bic and aic). */
    kMin: z.number().int().min(1).default(2),
    /** Largest k tried. Default 10. */
    kMax: z.number().int().min(1).default(10),
    /** Clusterer run for each k. Default `'kmeans'`. */
    algorithm: z.enum(['kmeans', 'minibatch-kmeans', 'gmm']).default('kmeans'),
    /** Restarts per k (k-means / mixtures). Default 1. */
    nInit: z.number().int().min(1).default(1),
    /** Rows scored by the silhouette (a seeded sample, the same rows for every k). Default 2000. */
    sampleSize: z.number().int().min(10).default(2000),
    /** Reference data sets for the gap statistic. Default 10. */
    gapReferences: z.number().int().min(1).default(10),
    /** Rows used by the gap statistic (data and references are subsampled to this). Default 2000. */
    gapSampleSize: z.number().int().min(10).default(2000),
    /** Covariance structure when `algorithm: 'gmm'`. Default `'full'`. */
    covarianceType: z.enum(['full', 'diag', 'spherical']).default('full'),
    /** Seed. Default 42. */
    seed: z.number().int().optional(),
  })
  .strict();

/** Options of {@link autoK}. */
export type AutoKOptions = z.input<typeof AutoKOptionsSchema>;
type Parsed = z.output<typeof AutoKOptionsSchema>;

/** Score of one candidate k. */
export interface AutoKCandidate {
  k: number;
  /** The criterion's value (for gap: gap(k)). */
  score: number;
  /** Gap statistic only: standard error s(k). */
  gapStdErr?: number;
  /** Inertia (k-means) or mean log-likelihood (mixtures) of the fit. */
  fit?: number;
}

/** What {@link autoK} returns: the chosen clustering plus every candidate's score. */
export interface AutoKResult extends ClusteringResult {
  details: Record<string, unknown> & {
    k: number;
    method: AutoKMethod;
    algorithm: Parsed['algorithm'];
    /** Every candidate tried, in increasing k. */
    candidates: AutoKCandidate[];
  };
}

async function clusterOnce(x: Matrix, k: number, o: Parsed, seed: number, signal?: AbortSignal): Promise<ClusteringResult & { details: Record<string, unknown> }> {
  const run = signal ? { signal } : {};
  if (o.algorithm === 'gmm') return gaussianMixture(x, { k, seed, nInit: o.nInit, covarianceType: o.covarianceType, ...run });
  if (o.algorithm === 'minibatch-kmeans') return miniBatchKMeans(x, { k, seed, ...run });
  return kmeans(x, { k, seed, nInit: o.nInit, ...run });
}

function logInertia(x: Matrix, labels: Int32Array, k: number): number {
  const d = x.cols;
  const mean = new Float64Array(k * d);
  const count = new Float64Array(k);
  for (let i = 0; i < x.rows; i++) {
    const c = labels[i]!;
    count[c]!++;
    for (let j = 0; j < d; j++) mean[c * d + j]! += x.data[i * d + j]!;
  }
  for (let c = 0; c < k; c++) if (count[c]! > 0) for (let j = 0; j < d; j++) mean[c * d + j]! /= count[c]!;
  let w = 0;
  for (let i = 0; i < x.rows; i++) {
    const c = labels[i]!;
    for (let j = 0; j < d; j++) {
      const t = x.data[i * d + j]! - mean[c * d + j]!;
      w += t * t;
    }
  }
  return Math.log(Math.max(w, Number.MIN_VALUE));
}

/**
 * Chooses the number of clusters: clusters the data for every k in `kMin..kMax` and scores each
 * partition (silhouette on a seeded sample, Calinski–Harabasz, Davies–Bouldin, the gap statistic, or
 * BIC/AIC of a Gaussian mixture). Returns the winning clustering with `details.k` and every
 * candidate's score in `details.candidates`.
 *
 * @example
 * const r = await autoK(x, { method: 'silhouette', kMin: 2, kMax: 8 });
 * r.details.k; r.details.candidates; // [{ k: 2, score: 0.41 }, ...]
 */
export async function autoK(x: Matrix, options?: AutoKOptions & RunOptions): Promise<AutoKResult> {
  const { signal, onProgress, ...rest } = options ?? {};
  const o = parseOptions(AutoKOptionsSchema, rest, 'autoK options');
  checkFeatureMatrix(x, 'autoK');
  const n = x.rows;
  const needsTwo = o.method === 'silhouette' || o.method === 'calinski-harabasz' || o.method === 'davies-bouldin';
  if (needsTwo && o.kMin < 2) {
    throw new ConfigError(`kMin = ${o.kMin} but the ${o.method} score needs at least 2 clusters.`, {
      code: 'BAD_RANGE',
      field: 'kMin',
      fix: "Use kMin: 2, or method: 'gap' / 'bic' which can also answer k = 1.",
    });
  }
  if ((o.method === 'bic' || o.method === 'aic') && o.algorithm !== 'gmm') {
    throw new ConfigError(`method '${o.method}' needs a likelihood: it only works with algorithm 'gmm'.`, {
      code: 'INVALID_OPTION',
      field: 'algorithm',
      fix: `Use algorithm: 'gmm' with method '${o.method}', or another method with k-means.`,
    });
  }
  const kMax = Math.min(o.kMax, needsTwo ? n - 1 : n);
  if (kMax < o.kMin) {
    throw new ConfigError(`No k to try: kMin = ${o.kMin}, kMax = ${o.kMax}, rows = ${n}.`, {
      code: 'BAD_RANGE',
      field: 'kMax',
      fix: 'Use kMin ≤ kMax and kMax below the number of rows.',
    });
  }
  const seed = o.seed ?? DEFAULT_SEED;
  const rng = createRng(seed);
  const candidates: AutoKCandidate[] = [];
  const results: (ClusteringResult & { details: Record<string, unknown> })[] = [];
  const ks: number[] = [];
  // With the gap rule we need k + 1 to judge k.
  const top = o.method === 'gap' ? Math.min(kMax + 1, n) : kMax;
  for (let k = o.kMin; k <= top; k++) ks.push(k);

  // Gap statistic: data subsample and uniform reference sets in its bounding box.
  let gapX: Matrix | null = null;
  let refs: Matrix[] = [];
  if (o.method === 'gap') {
    const m = Math.min(n, o.gapSampleSize);
    const idx = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < m; i++) {
      const j = i + rng.int(n - i);
      const t = idx[i]!;
      idx[i] = idx[j]!;
      idx[j] = t;
    }
    gapX = m < n ? takeRows(x, idx.subarray(0, m).sort()) : x;
    const d = x.cols;
    const lo = new Float64Array(d).fill(Infinity);
    const hi = new Float64Array(d).fill(-Infinity);
    for (let i = 0; i < gapX.rows; i++) {
      for (let j = 0; j < d; j++) {
        const v = gapX.data[i * d + j]!;
        if (v < lo[j]!) lo[j] = v;
        if (v > hi[j]!) hi[j] = v;
      }
    }
    refs = Array.from({ length: o.gapReferences }, () => {
      const data = new Float64Array(gapX!.rows * d);
      for (let i = 0; i < gapX!.rows; i++) for (let j = 0; j < d; j++) data[i * d + j] = lo[j]! + rng.next() * (hi[j]! - lo[j]!);
      return { data, rows: gapX!.rows, cols: d };
    });
  }

  let done = 0;
  for (const k of ks) {
    await checkpoint(signal, 'autoK');
    const r = await clusterOnce(x, k, o, seed, signal);
    results.push(r);
    const fit = typeof r.details.inertia === 'number' ? r.details.inertia : (r.details.logLikelihood as number | undefined);
    let score: number;
    let gapStdErr: number | undefined;
    if (o.method === 'silhouette') score = silhouetteScore(x, r.labels, { sampleSize: Math.min(n, o.sampleSize), seed });
    else if (o.method === 'calinski-harabasz') score = calinskiHarabasz(x, r.labels);
    else if (o.method === 'davies-bouldin') score = daviesBouldin(x, r.labels);
    else if (o.method === 'bic' || o.method === 'aic') score = r.details[o.method] as number;
    else {
      const sub = gapX === x ? r : await kmeans(gapX!, { k, seed, nInit: o.nInit, ...(signal ? { signal } : {}) });
      const wData = logInertia(gapX!, sub.labels, k);
      const wRef: number[] = [];
      for (const ref of refs) {
        const rr = await kmeans(ref, { k, seed, nInit: 1, ...(signal ? { signal } : {}) });
        wRef.push(Math.log(Math.max(rr.details.inertia, Number.MIN_VALUE)));
      }
      const mean = wRef.reduce((a, b) => a + b, 0) / wRef.length;
      const sd = Math.sqrt(wRef.reduce((a, b) => a + (b - mean) * (b - mean), 0) / wRef.length);
      score = mean - wData;
      gapStdErr = sd * Math.sqrt(1 + 1 / wRef.length);
    }
    candidates.push({ k, score, ...(gapStdErr !== undefined ? { gapStdErr } : {}), ...(fit !== undefined ? { fit } : {}) });
    onProgress?.({ stage: 'cluster', step: 'auto-k', done: ++done, total: ks.length, message: `k=${k} ${o.method}=${score.toPrecision(4)}` });
  }

  let chosen = 0;
  if (o.method === 'gap') {
    chosen = -1;
    for (let t = 0; t + 1 < candidates.length; t++) {
      if (candidates[t]!.score >= candidates[t + 1]!.score - candidates[t + 1]!.gapStdErr!) {
        chosen = t;
        break;
      }
    }
    if (chosen < 0) {
      // No k satisfies the rule within the range: take the largest gap among the reported ks.
      chosen = 0;
      for (let t = 1; t < candidates.length && candidates[t]!.k <= kMax; t++) if (candidates[t]!.score > candidates[chosen]!.score) chosen = t;
    }
    // The extra k + 1 fit only served the rule.
    if (candidates.length > 0 && candidates[candidates.length - 1]!.k > kMax) {
      candidates.pop();
      results.pop();
      chosen = Math.min(chosen, candidates.length - 1);
    }
  } else {
    const lowerIsBetter = o.method === 'davies-bouldin' || o.method === 'bic' || o.method === 'aic';
    for (let t = 1; t < candidates.length; t++) {
      const better = lowerIsBetter ? candidates[t]!.score < candidates[chosen]!.score : candidates[t]!.score > candidates[chosen]!.score;
      if (better) chosen = t;
    }
  }
  const best = results[chosen]!;
  return {
    ...best,
    details: { ...best.details, k: candidates[chosen]!.k, method: o.method, algorithm: o.algorithm, candidates },
  };
}

/**
 * {@link autoK} as a {@link ClusteringEngine}: `fit` chooses k and clusters, `predict` assigns new
 * rows with the winning model (nearest centroid, or mixture posterior).
 *
 * @example
 * const engine = new AutoK({ method: 'calinski-harabasz', kMax: 12 });
 * const r = await engine.fit(x); r.details.k;
 */
export class AutoK implements ClusteringEngine {
  readonly name = 'auto-k';
  readonly options: Parsed;
  private fitted: { centroids?: Matrix; model?: MixtureModel } | undefined;

  constructor(options?: AutoKOptions) {
    this.options = parseOptions(AutoKOptionsSchema, options ?? {}, 'autoK options');
  }

  async fit(x: Matrix, options?: ClusterRunOptions): Promise<AutoKResult> {
    const seed = options?.seed ?? this.options.seed;
    const r = await autoK(x, {
      ...this.options,
      ...(seed !== undefined ? { seed } : {}),
      ...(options?.signal ? { signal: options.signal } : {}),
      ...(options?.onProgress ? { onProgress: options.onProgress } : {}),
    });
    this.fitted = r.details.model
      ? { model: r.details.model as MixtureModel }
      : { centroids: r.details.centroids as Matrix };
    return r;
  }

  async predict(x: Matrix): Promise<ClusterPrediction> {
    if (!this.fitted) throw new ModelNotFitted('auto-k');
    if (this.fitted.centroids) {
      const { labels, probabilities } = predictNearestCentroid(x, this.fitted.centroids);
      return { labels, probabilities };
    }
    const model = this.fitted.model!;
    const { resp } = mixtureResponsibilities(x, model);
    const labels = new Int32Array(x.rows);
    const probabilities = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) {
      let b = 0;
      for (let c = 1; c < model.k; c++) if (resp[i * model.k + c]! > resp[i * model.k + b]!) b = c;
      labels[i] = b;
      probabilities[i] = resp[i * model.k + b]!;
    }
    return { labels, probabilities };
  }
}
