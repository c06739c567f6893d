import type { ClusteringEngine, ClusteringResult, ClusterPrediction, ClusterRunOptions } from '../core/contracts.js';
import { ModelError } from '../core/errors.js';
import { takeRows, type Matrix } from '../core/matrix.js';
import { checkpoint, type RunOptions } from '../core/progress.js';
import { createRng, DEFAULT_SEED } from '../core/random.js';
import { kmeans, KMeans, predictNearestCentroid } from '../clustering/kmeans.js';
import { GaussianMixture, mixtureParameterCount, type CovarianceType } from '../clustering/gmm.js';
import { HDBSCAN } from '../clustering/hdbscan.js';
import { reduceClusters } from '../clustering/agglomerative.js';
import { STAGES, type AutomaticChoice } from '../pipeline/result.js';
import { localOutlierFactor } from './auto-outliers.js';

/** Options of {@link predictionStrength}. */
export interface PredictionStrengthOptions extends RunOptions {
  /** Random half-splits averaged. Default 10. */
  repeats?: number;
  /** Rows sampled before splitting, for speed on large data. Default 4000. */
  maxRows?: number;
  seed?: number;
}

/**
 * Prediction strength of k-means with `k` clusters (Tibshirani & Walther 2005): split the rows in
 * two halves, cluster both, assign the test half to the training half's centroids, and measure for
 * each test cluster the share of its pairs that stay together; the score is the worst cluster's
 * share, averaged over random splits. A k whose clusters are real keeps it high (≥ 0.8); splitting
 * a real group, or merging two, lowers it.
 *
 * @example const ps = await predictionStrength(x, 3, { seed: 1 }); // e.g. 0.83
 */
export async function predictionStrength(x: Matrix, k: number, options: PredictionStrengthOptions = {}): Promise<number> {
  if (k <= 1) return 1;
  const rng = createRng(options.seed ?? DEFAULT_SEED);
  const repeats = options.repeats ?? 10;
  let rows = Int32Array.from({ length: x.rows }, (_, i) => i);
  const maxRows = options.maxRows ?? 4000;
  if (rows.length > maxRows) rows = Int32Array.from(rng.shuffle(Array.from(rows)).slice(0, maxRows));
  const half = rows.length >> 1;
  if (half < 2 * k) return 0;
  let total = 0;
  for (let r = 0; r < repeats; r++) {
    await checkpoint(options.signal, 'cluster');
    const order = rng.shuffle(Array.from(rows));
    const train = takeRows(x, order.slice(0, half));
    const test = takeRows(x, order.slice(half));
    const seed = rng.int(2 ** 31 - 1);
    const a = await kmeans(train, { k, nInit: 3, seed });
    const b = await kmeans(test, { k, nInit: 3, seed: seed + 1 });
    const predicted = predictNearestCentroid(test, a.details.centroids).labels;
    let worst = 1;
    for (let c = 0; c < k; c++) {
      const counts = new Map<number, number>();
      let size = 0;
      for (let i = 0; i < test.rows; i++) {
        if (b.labels[i] !== c) continue;
        size++;
        const p = predicted[i]!;
        counts.set(p, (counts.get(p) ?? 0) + 1);
      }
      if (size < 2) continue;
      let together = 0;
      for (const m of counts.values()) together += (m * (m - 1)) / 2;
      worst = Math.min(worst, together / ((size * (size - 1)) / 2));
    }
    total += worst;
  }
  return total / repeats;
}

/** Options of {@link AutoNumericClusterer}. */
export interface AutoNumericClustererOptions {
  /** `'auto'` or a fixed number of clusters. */
  clusters: 'auto' | number;
  /** `'auto'` (chosen by the data) or one of `kmeans`, `gmm`, `hdbscan`. */
  method: 'auto' | 'kmeans' | 'gmm' | 'hdbscan';
  kMin: number;
  kMax: number;
  /** Smallest k-means prediction strength for a k to be a candidate; BIC then picks among the candidates. Default 0.6. */
  minPredictionStrength?: number;
  /** Outlier scores: local outlier factor, HDBSCAN's GLOSH, or none (the clusterer's own score). */
  outliers: 'lof' | 'glosh' | 'none';
  /** HDBSCAN's smallest cluster; default max(5, 2% of the rows). */
  minClusterSize?: number | undefined;
}

/**
 * A clusterer that decides by measurement and records why: candidate numbers of clusters are the ks
 * whose k-means clusters mostly survive re-sampling (prediction strength ≥ 0.6), then the k and the
 * model by the lowest BIC among Gaussian mixtures with spherical (fitted as k-means), diagonal and
 * full covariances; HDBSCAN when no k is stable. Outlier scores come from the local outlier factor (or GLOSH).
 * Every decision, with its scores, is in {@link AutoNumericClusterer.choices} after `fit`.
 *
 * @example
 * const auto = new AutoNumericClusterer({ clusters: 'auto', method: 'auto', kMin: 2, kMax: 8, outliers: 'lof' });
 * const r = await auto.fit(x, { seed: 1 });
 * auto.choices; // [{ option: 'clusters', value: 3, scores: { 'ps@2': 1, 'ps@3': 0.83, ... } }, ...]
 */
export class AutoNumericClusterer implements ClusteringEngine {
  readonly name = 'auto';
  /** The decisions of the last `fit`, with reasons and scores. */
  choices: AutomaticChoice[] = [];
  /** The engine that produced the final labels (for `predict`). */
  engine: ClusteringEngine | undefined;

  constructor(readonly options: AutoNumericClustererOptions) {}

  async fit(x: Matrix, run: ClusterRunOptions = {}): Promise<ClusteringResult> {
    const o = this.options;
    const seed = run.seed ?? DEFAULT_SEED;
    const runOpts = { ...(run.signal ? { signal: run.signal } : {}) };
    this.choices = [];
    const n = x.rows;
    let k: number | undefined = typeof o.clusters === 'number' ? o.clusters : undefined;
    let method = o.method;

    // Candidate ks: fixed, or those whose k-means clusters mostly reproduce on random half-splits.
    let candidates: number[] = k !== undefined ? [k] : [];
    const threshold = o.minPredictionStrength ?? 0.6;
    if (k === undefined && method !== 'hdbscan') {
      const kMax = Math.max(o.kMin, Math.min(o.kMax, Math.floor(n / 10)));
      const scores: Record<string, number> = {};
      let bestScore = -1;
      let bestAny = o.kMin;
      for (let kk = o.kMin; kk <= kMax; kk++) {
        const ps = await predictionStrength(x, kk, { seed: seed + kk, ...runOpts });
        scores[`k=${kk}`] = round(ps);
        if (ps >= threshold) candidates.push(kk);
        if (ps > bestScore) {
          bestScore = ps;
          bestAny = kk;
        }
        run.onProgress?.({ stage: 'cluster', step: 'prediction-strength', done: kk - o.kMin + 1, total: kMax - o.kMin + 1 });
      }
      if (candidates.length > 0) {
        this.choices.push({
          stage: 'cluster',
          option: 'candidates',
          value: candidates,
          reason: `ks whose k-means clusters keep a prediction strength ≥ ${threshold} on random half-splits (Tibshirani & Walther 2005); BIC picks among them. Scores are prediction strengths`,
          scores,
        });
      } else if (method === 'auto') {
        method = 'hdbscan';
        this.choices.push({
          stage: 'cluster',
          option: 'method',
          value: 'hdbscan',
          reason: `no k in ${o.kMin}..${kMax} gave stable k-means clusters (best prediction strength ${round(bestScore)} at k=${bestAny} < ${threshold}): density clusters with noise instead`,
          scores,
        });
      } else {
        candidates = [bestAny];
        this.choices.push({ stage: 'cluster', option: 'candidates', value: candidates, reason: `no k reached prediction strength ${threshold}; the most stable one`, scores });
      }
    }

    let result: ClusteringResult;
    if (method === 'hdbscan') {
      const minClusterSize = o.minClusterSize ?? Math.max(5, Math.round(n * 0.02));
      const engine = new HDBSCAN({ minClusterSize });
      result = await engine.fit(x, runOpts);
      this.engine = engine;
      if (o.method === 'hdbscan' || k === undefined) {
        this.choices.push({ stage: 'cluster', option: 'minClusterSize', value: minClusterSize, reason: o.minClusterSize ? 'given' : '2% of the rows (at least 5)' });
      }
      if (k !== undefined && result.nClusters > k) {
        const reduced = await reduceClusters(result.labels, x, k);
        result = { ...result, labels: reduced.labels, nClusters: k };
        this.choices.push({ stage: 'cluster', option: 'merge', value: k, reason: `HDBSCAN found more clusters than asked for; the closest were merged (agglomerative, Ward) down to ${k}` });
      }
    } else {
      let kk = candidates[0]!;
      let chosen: 'kmeans' | CovarianceType = method === 'kmeans' ? 'kmeans' : 'full';
      let best: { engine: GaussianMixture; result: ClusteringResult; bic: number } | undefined;
      if (method === 'auto' || method === 'gmm') {
        const scores: Record<string, number> = {};
        let bestBic = Infinity;
        const skipped: string[] = [];
        for (const kc of candidates) {
          for (const type of ['spherical', 'diag', 'full'] as CovarianceType[]) {
            const params = mixtureParameterCount(kc, x.cols, type);
            if (type !== 'spherical' && 2 * params > n) {
              skipped.push(`${type}@k=${kc} (${params} parameters for ${n} rows)`);
              continue;
            }
            const engine = new GaussianMixture({ k: kc, covarianceType: type, nInit: 2, regCovar: 1e-4 });
            try {
              const r = await engine.fit(x, { seed, ...runOpts });
              const bic = (r.details as { bic: number }).bic;
              scores[`bic:${type}@k=${kc}`] = round(bic, 1);
              if (bic < bestBic) {
                bestBic = bic;
                chosen = type;
                kk = kc;
                best = { engine, result: r, bic };
              }
            } catch (error) {
              skipped.push(`${type}@k=${kc} (${(error as Error).message})`);
            }
          }
        }
        if (method === 'auto' && chosen === 'spherical') chosen = 'kmeans';
        if (candidates.length > 1 || k === undefined) {
          this.choices.push({ stage: 'cluster', option: 'clusters', value: kk, reason: `lowest BIC among the candidate ks (Gaussian mixtures, spherical/diagonal/full covariances)`, scores });
        }
        this.choices.push({
          stage: 'cluster',
          option: 'method',
          value: chosen === 'kmeans' ? 'kmeans' : `gmm (${chosen} covariance)`,
          reason:
            `lowest BIC at k=${kk} among Gaussian mixtures (spherical covariance = k-means' shapes, then fitted as k-means with 10 starts)` +
            (skipped.length ? `; not tried: ${skipped.join(', ')}` : ''),
          scores: Object.fromEntries(Object.entries(scores).filter(([key]) => key.endsWith(`@k=${kk}`))),
        });
      }
      if (chosen === 'kmeans') {
        const engine = new KMeans({ k: kk, nInit: 10 });
        result = await engine.fit(x, { seed, ...runOpts });
        this.engine = engine;
      } else {
        const fitted = best && best.engine.options.covarianceType === chosen ? best : undefined;
        if (fitted) {
          result = fitted.result;
          this.engine = fitted.engine;
        } else {
          const engine = new GaussianMixture({ k: kk, covarianceType: chosen, nInit: 2, regCovar: 1e-4 });
          result = await engine.fit(x, { seed, ...runOpts });
          this.engine = engine;
        }
      }
    }

    if (o.outliers === 'lof' && n >= 3) {
      const lof = await localOutlierFactor(x, { k: Math.min(20, n - 1), ...runOpts });
      let strong = 0;
      for (const v of lof.lof) if (v > 1.5) strong++;
      result = { ...result, outlierScores: lof.scores, details: { ...(result.details ?? {}), lof: lof.lof } };
      this.choices.push({
        stage: 'cluster',
        option: 'outliers',
        value: 'lof',
        reason: `local outlier factor with ${lof.k} neighbours; outlier score = 1 − 1/LOF; ${strong} rows have LOF > 1.5`,
        scores: { rowsAbove1_5: strong },
      });
    } else if (o.outliers === 'glosh' && method !== 'hdbscan') {
      const h = await new HDBSCAN({ minClusterSize: o.minClusterSize ?? Math.max(5, Math.round(n * 0.02)) }).fit(x, runOpts);
      result = { ...result, outlierScores: h.outlierScores };
      this.choices.push({ stage: 'cluster', option: 'outliers', value: 'glosh', reason: "HDBSCAN's GLOSH scores (the clusters themselves come from the chosen method)" });
    }
    return result;
  }

  async predict(x: Matrix): Promise<ClusterPrediction> {
    if (!this.engine) throw new ModelError('predict was called before fit.', { code: 'NOT_FITTED', field: 'predict', fix: 'Call fit(x) first.' });
    return this.engine.predict(x);
  }
}

/** Rounds for reports. */
export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Sorts choices by pipeline stage (stable: the order within a stage is kept). */
export function orderChoices(choices: AutomaticChoice[]): void {
  choices.sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage));
}
