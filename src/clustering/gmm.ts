import { z } from 'zod';
import type { ClusteringEngine, ClusteringResult, ClusterPrediction, ClusterRunOptions } from '../core/contracts.js';
import { ConfigError, InputError } from '../core/errors.js';
import { isMatrix, type Matrix } from '../core/matrix.js';
import { checkpoint, type RunOptions } from '../core/progress.js';
import { createRng, DEFAULT_SEED } from '../core/random.js';
import { parseOptions } from '../config/validate.js';
import { checkFeatureMatrix, kmeans, ModelNotFitted } from './kmeans.js';

/**
 * Covariance structures of {@link gaussianMixture}.
 * @example COVARIANCE_TYPES.includes('diag'); // true
 */
export const COVARIANCE_TYPES = ['full', 'diag', 'spherical'] as const;
/** One of {@link COVARIANCE_TYPES}. */
export type CovarianceType = (typeof COVARIANCE_TYPES)[number];

const InitParamsSchema = z
  .object({
    /** Mixing weights (k values summing to 1). Default: uniform. */
    weights: z.array(z.number().positive()).optional(),
    /** `k × d` starting means. */
    means: z.custom<Matrix>((v) => isMatrix(v), { message: 'means must be a k × d Matrix' }),
    /** Starting covariances in the shape of `covarianceType` (full: k d×d arrays, diag: k arrays of d, spherical: k numbers). Default: identity. */
    covariances: z.array(z.union([z.number(), z.array(z.number()), z.array(z.array(z.number()))])).optional(),
  })
  .strict();

/**
 * Options of {@link gaussianMixture} and {@link GaussianMixture} (defaults as scikit-learn 1.2).
 * @example GaussianMixtureOptionsSchema.parse({ k: 3, covarianceType: 'diag' });
 */
export const GaussianMixtureOptionsSchema = z
  .object({
    /** Number of mixture components. */
    k: z.number().int().min(1),
    /** `'full'` (default), `'diag'` or `'spherical'` covariances. */
    covarianceType: z.enum(COVARIANCE_TYPES).default('full'),
    /** Added to the covariance diagonal for stability. Default 1e-6. */
    regCovar: z.number().min(0).default(1e-6),
    /** EM stops when the mean log-likelihood gains less than this. Default 1e-3. */
    tol: z.number().min(0).default(1e-3),
    /** EM iterations per initialisation. Default 100. */
    maxIter: z.number().int().min(1).default(100),
    /** Initialisations; the one with the best final log-likelihood is kept. Default 1. */
    nInit: z.number().int().min(1).default(1),
    /** `'kmeans'` (responsibilities from a k-means fit, default), `'random'` responsibilities, or explicit starting parameters. */
    init: z.union([z.enum(['kmeans', 'random']), InitParamsSchema]).default('kmeans'),
    /** Seed. Default 42. */
    seed: z.number().int().optional(),
  })
  .strict();

/** Options of {@link gaussianMixture}. */
export type GaussianMixtureOptions = z.input<typeof GaussianMixtureOptionsSchema>;
type Parsed = z.output<typeof GaussianMixtureOptionsSchema>;

/** A fitted mixture: everything needed to score new rows. */
export interface MixtureModel {
  covarianceType: CovarianceType;
  k: number;
  d: number;
  weights: Float64Array;
  /** `k × d` means. */
  means: Matrix<Float64Array>;
  /**
   * Covariances: full → `k · d · d` (row-major d × d per component); diag → `k · d`; spherical → `k`.
   */
  covariances: Float64Array;
  /** Lower Cholesky factors of the full covariances (`k · d · d`), or the square roots of the variances. */
  choleskyFactors: Float64Array;
}

/** Extra output of {@link gaussianMixture}, in `result.details`. */
export interface GaussianMixtureDetails {
  model: MixtureModel;
  weights: number[];
  means: Matrix<Float64Array>;
  covariances: Float64Array;
  /** Mean log-likelihood per row of the training data (scikit-learn's `score`). */
  logLikelihood: number;
  /** Bayesian information criterion (lower is better). */
  bic: number;
  /** Akaike information criterion (lower is better). */
  aic: number;
  nParameters: number;
  iterations: number;
  converged: boolean;
  /** `n × k` responsibilities (soft memberships, rows sum to 1). */
  responsibilities: Matrix<Float64Array>;
  [extra: string]: unknown;
}

/** What {@link gaussianMixture} returns. */
export interface GaussianMixtureResult extends ClusteringResult {
  details: GaussianMixtureDetails;
}

const LOG_2PI = Math.log(2 * Math.PI);
const EPS10 = 10 * Number.EPSILON;

/**
 * Free parameters of a mixture (scikit-learn's `_n_parameters`).
 * @example mixtureParameterCount(3, 2, 'full'); // 17
 */
export function mixtureParameterCount(k: number, d: number, type: CovarianceType): number {
  const cov = type === 'full' ? (k * d * (d + 1)) / 2 : type === 'diag' ? k * d : k;
  return cov + k * d + k - 1;
}

/** In-place lower Cholesky of a d × d block starting at `off`; false when not positive definite. */
function cholesky(a: Float64Array, off: number, d: number, out: Float64Array): boolean {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[off + i * d + j]!;
      for (let m = 0; m < j; m++) s -= out[off + i * d + m]! * out[off + j * d + m]!;
      if (i === j) {
        if (!(s > 0)) return false;
        out[off + i * d + i] = Math.sqrt(s);
      } else out[off + i * d + j] = s / out[off + j * d + j]!;
    }
    for (let j = i + 1; j < d; j++) out[off + i * d + j] = 0;
  }
  return true;
}

function illDefined(): ConfigError {
  return new ConfigError(
    'Fitting the mixture failed: some components have an ill-defined (singular) covariance.',
    {
      code: 'SINGULAR_COVARIANCE',
      field: 'regCovar',
      fix: 'Use fewer components (k), increase regCovar (e.g. 1e-3), or scale the features.',
    },
  );
}

/** Computes the Cholesky factors (or standard deviations) of the model's covariances. */
function factorize(model: MixtureModel): void {
  const { k, d, covarianceType: t, covariances } = model;
  if (t === 'full') {
    for (let c = 0; c < k; c++) if (!cholesky(covariances, c * d * d, d, model.choleskyFactors)) throw illDefined();
  } else {
    for (let i = 0; i < covariances.length; i++) {
      if (!(covariances[i]! > 0)) throw illDefined();
      model.choleskyFactors[i] = Math.sqrt(covariances[i]!);
    }
  }
}

/**
 * Log of `weight_c · N(x_i | μ_c, Σ_c)` for every row and component, into `out` (`n × k`).
 */
function weightedLogProb(x: Matrix, model: MixtureModel, out: Float64Array): void {
  const { k, d, covarianceType: t, choleskyFactors: L, weights } = model;
  const mu = model.means.data;
  const n = x.rows;
  const z = new Float64Array(d);
  for (let c = 0; c < k; c++) {
    let logDet = 0; // log det of the precision Cholesky = −Σ log diag(L)
    if (t === 'full') for (let j = 0; j < d; j++) logDet -= Math.log(L[c * d * d + j * d + j]!);
    else if (t === 'diag') for (let j = 0; j < d; j++) logDet -= Math.log(L[c * d + j]!);
    else logDet = -d * Math.log(L[c]!);
    const constant = -0.5 * d * LOG_2PI + logDet + Math.log(weights[c]!);
    const mo = c * d;
    for (let i = 0; i < n; i++) {
      const xo = i * d;
      let q = 0;
      if (t === 'full') {
        const lo = c * d * d;
        for (let a = 0; a < d; a++) {
          let s = x.data[xo + a]! - mu[mo + a]!;
          for (let b = 0; b < a; b++) s -= L[lo + a * d + b]! * z[b]!;
          const v = s / L[lo + a * d + a]!;
          z[a] = v;
          q += v * v;
        }
      } else if (t === 'diag') {
        for (let a = 0; a < d; a++) {
          const v = (x.data[xo + a]! - mu[mo + a]!) / L[c * d + a]!;
          q += v * v;
        }
      } else {
        const inv = 1 / L[c]!;
        for (let a = 0; a < d; a++) {
          const v = (x.data[xo + a]! - mu[mo + a]!) * inv;
          q += v * v;
        }
      }
      out[i * k + c] = constant - 0.5 * q;
    }
  }
}

/** E-step: turns weighted log-probs into log-responsibilities in place; returns per-row log-likelihood. */
function normalize(logp: Float64Array, n: number, k: number, rowLogLik: Float64Array): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let m = -Infinity;
    for (let c = 0; c < k; c++) if (logp[o + c]! > m) m = logp[o + c]!;
    let s = 0;
    for (let c = 0; c < k; c++) s += Math.exp(logp[o + c]! - m);
    const lse = m + Math.log(s);
    rowLogLik[i] = lse;
    total += lse;
    for (let c = 0; c < k; c++) logp[o + c] = logp[o + c]! - lse;
  }
  return total / n;
}

/** M-step from responsibilities (`n × k`, probabilities). */
function estimate(x: Matrix, resp: Float64Array, k: number, type: CovarianceType, reg: number, model: MixtureModel): void {
  const n = x.rows;
  const d = x.cols;
  const nk = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) nk[c]! += resp[i * k + c]!;
  for (let c = 0; c < k; c++) nk[c]! += EPS10;
  const mu = model.means.data;
  mu.fill(0);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const r = resp[i * k + c]!;
      if (r === 0) continue;
      for (let j = 0; j < d; j++) mu[c * d + j]! += r * x.data[i * d + j]!;
    }
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) mu[c * d + j]! /= nk[c]!;
  const cov = model.covariances;
  cov.fill(0);
  if (type === 'full') {
    const diff = new Float64Array(d);
    for (let c = 0; c < k; c++) {
      const o = c * d * d;
      for (let i = 0; i < n; i++) {
        const r = resp[i * k + c]!;
        if (r === 0) continue;
        for (let j = 0; j < d; j++) diff[j] = x.data[i * d + j]! - mu[c * d + j]!;
        for (let a = 0; a < d; a++) {
          const ra = r * diff[a]!;
          for (let b = 0; b <= a; b++) cov[o + a * d + b]! += ra * diff[b]!;
        }
      }
      for (let a = 0; a < d; a++) {
        for (let b = 0; b <= a; b++) {
          const v = cov[o + a * d + b]! / nk[c]!;
          cov[o + a * d + b] = v;
          cov[o + b * d + a] = v;
        }
        cov[o + a * d + a]! += reg;
      }
    }
  } else {
    // scikit-learn's diag formula: E[x²] − 2 μ E[x] + μ² (+ reg); spherical averages it over features.
    const ex2 = new Float64Array(k * d);
    const ex = new Float64Array(k * d);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        const r = resp[i * k + c]!;
        if (r === 0) continue;
        for (let j = 0; j < d; j++) {
          const v = x.data[i * d + j]!;
          ex[c * d + j]! += r * v;
          ex2[c * d + j]! += r * v * v;
        }
      }
    }
    for (let c = 0; c < k; c++) {
      let sum = 0;
      for (let j = 0; j < d; j++) {
        const m = mu[c * d + j]!;
        const v = ex2[c * d + j]! / nk[c]! - (2 * m * ex[c * d + j]!) / nk[c]! + m * m + reg;
        if (type === 'diag') cov[c * d + j] = v;
        sum += v;
      }
      if (type === 'spherical') cov[c] = sum / d;
    }
  }
  let total = 0;
  for (let c = 0; c < k; c++) total += nk[c]!;
  for (let c = 0; c < k; c++) model.weights[c] = nk[c]! / total;
  factorize(model);
}

function emptyModel(k: number, d: number, type: CovarianceType): MixtureModel {
  const covLen = type === 'full' ? k * d * d : type === 'diag' ? k * d : k;
  return {
    covarianceType: type,
    k,
    d,
    weights: new Float64Array(k),
    means: { data: new Float64Array(k * d), rows: k, cols: d },
    covariances: new Float64Array(covLen),
    choleskyFactors: new Float64Array(covLen),
  };
}

function cloneModel(m: MixtureModel): MixtureModel {
  return {
    ...m,
    weights: Float64Array.from(m.weights),
    means: { data: Float64Array.from(m.means.data), rows: m.means.rows, cols: m.means.cols },
    covariances: Float64Array.from(m.covariances),
    choleskyFactors: Float64Array.from(m.choleskyFactors),
  };
}

/** Builds the starting model of one initialisation. */
async function initialModel(x: Matrix, o: Parsed, seed: number, signal?: AbortSignal): Promise<MixtureModel> {
  const n = x.rows;
  const d = x.cols;
  const k = o.k;
  const model = emptyModel(k, d, o.covarianceType);
  if (o.init === 'kmeans' || o.init === 'random') {
    const resp = new Float64Array(n * k);
    if (o.init === 'kmeans') {
      const km = await kmeans(x, { k, nInit: 1, seed, ...(signal ? { signal } : {}) });
      for (let i = 0; i < n; i++) resp[i * k + km.labels[i]!] = 1;
    } else {
      const rng = createRng(seed);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let c = 0; c < k; c++) s += resp[i * k + c] = rng.next();
        for (let c = 0; c < k; c++) resp[i * k + c]! /= s;
      }
    }
    estimate(x, resp, k, o.covarianceType, o.regCovar, model);
    return model;
  }
  const init = o.init;
  if (init.means.rows !== k || init.means.cols !== d) {
    throw new ConfigError(`init.means is ${init.means.rows} × ${init.means.cols} but k × d is ${k} × ${d}.`, {
      code: 'BAD_INIT',
      field: 'init.means',
      fix: 'Pass one mean per component with as many columns as the data.',
    });
  }
  model.means.data.set(init.means.data);
  const w = init.weights ?? new Array<number>(k).fill(1 / k);
  if (w.length !== k || Math.abs(w.reduce((a, b) => a + b, 0) - 1) > 1e-6) {
    throw new ConfigError('init.weights must hold k positive numbers summing to 1.', {
      code: 'BAD_INIT',
      field: 'init.weights',
      fix: `Pass ${k} weights that sum to 1, or leave them out for uniform weights.`,
    });
  }
  model.weights.set(w);
  const t = o.covarianceType;
  if (init.covariances) {
    const flat = (init.covariances as unknown[]).flat(2) as number[];
    if (flat.length !== model.covariances.length) {
      throw new ConfigError(`init.covariances has ${flat.length} numbers but a ${t} mixture needs ${model.covariances.length}.`, {
        code: 'BAD_INIT',
        field: 'init.covariances',
        fix: 'full: k d×d matrices; diag: k arrays of d variances; spherical: k variances.',
      });
    }
    model.covariances.set(flat);
  } else if (t === 'full') {
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) model.covariances[c * d * d + j * d + j] = 1;
  } else model.covariances.fill(1);
  factorize(model);
  return model;
}

function validate(x: Matrix, o: Parsed): void {
  checkFeatureMatrix(x, 'gaussianMixture');
  if (x.rows < o.k) {
    throw new ConfigError(`gaussianMixture: k = ${o.k} but the data has only ${x.rows} rows.`, {
      code: 'K_TOO_LARGE',
      field: 'k',
      fix: `Use k ≤ ${x.rows} (the number of rows), or cluster more rows.`,
    });
  }
}

/**
 * Scores rows under a fitted model: responsibilities (`n × k`) and per-row log-likelihood.
 * @example const { resp, meanLogLik } = mixtureResponsibilities(newRows, result.details.model);
 */
export function mixtureResponsibilities(x: Matrix, model: MixtureModel): { resp: Float64Array; rowLogLik: Float64Array; meanLogLik: number } {
  if (x.cols !== model.d) {
    throw new InputError(`Rows have ${x.cols} columns but the mixture was fitted on ${model.d}.`, {
      code: 'BAD_SHAPE',
      field: 'x',
      fix: 'Score rows with the same columns as the fitted data.',
    });
  }
  const resp = new Float64Array(x.rows * model.k);
  const rowLogLik = new Float64Array(x.rows);
  weightedLogProb(x, model, resp);
  const meanLogLik = normalize(resp, x.rows, model.k, rowLogLik);
  for (let t = 0; t < resp.length; t++) resp[t] = Math.exp(resp[t]!);
  return { resp, rowLogLik, meanLogLik };
}

/**
 * Gaussian mixture fitted by expectation–maximisation, following scikit-learn's
 * `GaussianMixture` step for step (k-means initialisation, `regCovar` on the diagonal, convergence
 * on the change of mean log-likelihood), with `'full'`, `'diag'` or `'spherical'` covariances.
 *
 * `probabilities` are the responsibilities of the assigned component (a true posterior);
 * `outlierScores` rank rows by density: the share of training rows with a higher likelihood
 * than this row (0 = most typical, → 1 = least likely).
 *
 * @example
 * const r = await gaussianMixture(x, { k: 3, covarianceType: 'diag', seed: 0 });
 * r.details.bic; r.details.responsibilities;
 */
export async function gaussianMixture(x: Matrix, options: GaussianMixtureOptions & RunOptions): Promise<GaussianMixtureResult> {
  const { signal, onProgress, ...rest } = options;
  const o = parseOptions(GaussianMixtureOptionsSchema, rest, 'gaussianMixture options');
  validate(x, o);
  const n = x.rows;
  const k = o.k;
  const rng = createRng(o.seed ?? DEFAULT_SEED);
  const nInit = typeof o.init === 'object' ? 1 : o.nInit;
  let best: MixtureModel | null = null;
  let bestLower = -Infinity;
  let bestIter = 0;
  let bestConverged = false;
  const logp = new Float64Array(n * k);
  const rowLogLik = new Float64Array(n);
  for (let run = 0; run < nInit; run++) {
    await checkpoint(signal, 'gaussianMixture');
    const model = await initialModel(x, o, rng.uint32() >>> 1, signal);
    let lower = -Infinity;
    let converged = false;
    let iter = 0;
    for (iter = 1; iter <= o.maxIter; iter++) {
      if ((iter & 7) === 0) await checkpoint(signal, 'gaussianMixture');
      const prev = lower;
      weightedLogProb(x, model, logp);
      lower = normalize(logp, n, k, rowLogLik);
      for (let t = 0; t < logp.length; t++) logp[t] = Math.exp(logp[t]!);
      estimate(x, logp, k, o.covarianceType, o.regCovar, model);
      if (Math.abs(lower - prev) < o.tol) {
        converged = true;
        break;
      }
    }
    if (iter > o.maxIter) iter = o.maxIter;
    if (!best || lower > bestLower) {
      best = cloneModel(model);
      bestLower = lower;
      bestIter = iter;
      bestConverged = converged;
    }
    onProgress?.({ stage: 'cluster', step: 'gmm', done: run + 1, total: nInit });
  }
  const model = best!;
  const { resp, rowLogLik: ll, meanLogLik } = mixtureResponsibilities(x, model);
  const labels = new Int32Array(n);
  const probabilities = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let b = 0;
    for (let c = 1; c < k; c++) if (resp[i * k + c]! > resp[i * k + b]!) b = c;
    labels[i] = b;
    probabilities[i] = resp[i * k + b]!;
  }
  // Density rank: share of rows that are more likely than this one.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => ll[b]! - ll[a]! || a - b);
  const outlierScores = new Float64Array(n);
  for (let r = 0; r < n; r++) outlierScores[order[r]!] = n > 1 ? r / (n - 1) : 0;
  const nParameters = mixtureParameterCount(k, x.cols, o.covarianceType);
  return {
    labels,
    probabilities,
    outlierScores,
    nClusters: k,
    details: {
      model,
      weights: Array.from(model.weights),
      means: model.means,
      covariances: model.covariances,
      logLikelihood: meanLogLik,
      bic: -2 * meanLogLik * n + nParameters * Math.log(n),
      aic: -2 * meanLogLik * n + 2 * nParameters,
      nParameters,
      iterations: bestIter,
      converged: bestConverged,
      responsibilities: { data: resp, rows: n, cols: k },
    },
  };
}

/** Options of {@link chooseComponents}. */
export type ChooseComponentsOptions = Omit<GaussianMixtureOptions, 'k'> &
  RunOptions & {
    /** Smallest k tried. Default 1. */
    kMin?: number;
    /** Largest k tried. Default 10. */
    kMax?: number;
    /** `'bic'` (default) or `'aic'`: the k with the lowest value wins. */
    criterion?: 'bic' | 'aic';
  };

/**
 * Fits mixtures for k = kMin..kMax and keeps the one with the lowest BIC (or AIC).
 *
 * @example
 * const { k, candidates, result } = await chooseComponents(x, { kMax: 8 });
 */
export async function chooseComponents(
  x: Matrix,
  options?: ChooseComponentsOptions,
): Promise<{ k: number; result: GaussianMixtureResult; candidates: { k: number; bic: number; aic: number; logLikelihood: number }[] }> {
  const { kMin = 1, kMax = 10, criterion = 'bic', signal, onProgress, ...gmmOptions } = options ?? {};
  if (!Number.isInteger(kMin) || !Number.isInteger(kMax) || kMin < 1 || kMax < kMin) {
    throw new ConfigError(`kMin/kMax must be integers with 1 ≤ kMin ≤ kMax; got ${kMin}, ${kMax}.`, {
      code: 'BAD_RANGE',
      field: 'kMax',
      fix: 'Use e.g. kMin: 1, kMax: 10.',
    });
  }
  if (criterion !== 'bic' && criterion !== 'aic') {
    throw new ConfigError(`criterion must be 'bic' or 'aic', got ${String(criterion)}.`, {
      code: 'INVALID_OPTION',
      field: 'criterion',
      fix: "Use criterion: 'bic' or 'aic'.",
    });
  }
  const top = Math.min(kMax, x.rows);
  let best: GaussianMixtureResult | null = null;
  let bestK = kMin;
  const candidates: { k: number; bic: number; aic: number; logLikelihood: number }[] = [];
  for (let k = kMin; k <= top; k++) {
    const r = await gaussianMixture(x, { ...gmmOptions, k, ...(signal ? { signal } : {}) });
    candidates.push({ k, bic: r.details.bic, aic: r.details.aic, logLikelihood: r.details.logLikelihood });
    if (!best || r.details[criterion] < best.details[criterion]) {
      best = r;
      bestK = k;
    }
    onProgress?.({ stage: 'cluster', step: 'gmm-choose', done: k - kMin + 1, total: top - kMin + 1 });
  }
  return { k: bestK, result: best!, candidates };
}

/**
 * Gaussian mixture as a {@link ClusteringEngine}, with soft assignments for new rows.
 *
 * @example
 * const gm = new GaussianMixture({ k: 4, covarianceType: 'diag' });
 * await gm.fit(x);
 * const proba = gm.predictProba(newRows); // n × 4
 */
export class GaussianMixture implements ClusteringEngine {
  readonly name = 'gmm';
  readonly options: Parsed;
  model: MixtureModel | undefined;

  constructor(options: GaussianMixtureOptions) {
    this.options = parseOptions(GaussianMixtureOptionsSchema, options, 'gaussianMixture options');
  }

  async fit(x: Matrix, options?: ClusterRunOptions): Promise<GaussianMixtureResult> {
    const seed = options?.seed ?? this.options.seed;
    const r = await gaussianMixture(x, {
      ...this.options,
      ...(seed !== undefined ? { seed } : {}),
      ...(options?.signal ? { signal: options.signal } : {}),
      ...(options?.onProgress ? { onProgress: options.onProgress } : {}),
    });
    this.model = r.details.model;
    return r;
  }

  /** Soft memberships (`n × k`, rows sum to 1) of new rows. */
  predictProba(x: Matrix): Matrix<Float64Array> {
    if (!this.model) throw new ModelNotFitted('gmm');
    checkFeatureMatrix(x, 'predictProba');
    const { resp } = mixtureResponsibilities(x, this.model);
    return { data: resp, rows: x.rows, cols: this.model.k };
  }

  /** Mean log-likelihood of rows under the fitted mixture (scikit-learn's `score`). */
  score(x: Matrix): number {
    if (!this.model) throw new ModelNotFitted('gmm');
    return mixtureResponsibilities(x, this.model).meanLogLik;
  }

  async predict(x: Matrix): Promise<ClusterPrediction> {
    const p = this.predictProba(x);
    const k = p.cols;
    const labels = new Int32Array(x.rows);
    const probabilities = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) {
      let b = 0;
      for (let c = 1; c < k; c++) if (p.data[i * k + c]! > p.data[i * k + b]!) b = c;
      labels[i] = b;
      probabilities[i] = p.data[i * k + b]!;
    }
    return { labels, probabilities };
  }
}
