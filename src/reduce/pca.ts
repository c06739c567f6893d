import { z } from 'zod';
import type { ReduceRunOptions, Reducer } from '../core/contracts.js';
import { InputError, ModelError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { checkpoint, type RunOptions } from '../core/progress.js';
import { DEFAULT_SEED } from '../core/random.js';
import { columnMeans, crossProduct, gramMatrix, transposeMultiply } from '../linalg/dense.js';
import { symmetricEigen } from '../linalg/eigen.js';
import { randomizedSvd } from '../linalg/svd.js';
import { loadKernels } from '../neighbors/kernels.js';
import { checkInput, checkWidth, parseReducerOptions } from './options.js';

/** Options of {@link pca} / {@link PCA}. */
export const PcaOptionsSchema = z.object({
  /** Output dimension. */
  nComponents: z.number().int().min(1).default(2),
  /** Scale each output column to unit variance. */
  whiten: z.boolean().default(false),
  /**
   * `exact` (eigen-decomposition of the covariance or the Gram matrix, whichever is smaller),
   * `randomized` (randomized SVD), or `auto`: the cheaper of the two by operation count.
   */
  solver: z.enum(['auto', 'exact', 'randomized']).default('auto'),
  /** Power iterations of the randomized solver (default 4 for PCA; more is more exact). */
  nIter: z.number().int().min(0).default(4),
  /** Oversampling of the randomized solver. */
  nOversamples: z.number().int().min(0).default(10),
  seed: z.number().int().default(DEFAULT_SEED),
});
/** Options of {@link pca} (input type: everything optional). */
export type PcaOptions = z.input<typeof PcaOptionsSchema>;

/**
 * Principal component analysis on typed arrays. After `fit`: `mean`, `components` (`k × d`, one
 * unit principal axis per row, largest-magnitude entry positive), `explainedVariance` (variance
 * along each axis, n − 1 denominator as in scikit-learn), `explainedVarianceRatio` and
 * `singularValues`.
 *
 * @example
 * const model = new PCA({ nComponents: 10 });
 * const y = await model.fit(x);          // x.rows × 10
 * model.explainedVarianceRatio;          // Float64Array(10)
 * const back = model.inverseTransform(y); // ≈ x
 */
export class PCA implements Reducer {
  readonly name = 'pca';
  readonly options: z.output<typeof PcaOptionsSchema>;
  mean: Float64Array | undefined;
  components: Matrix<Float64Array> | undefined;
  explainedVariance: Float64Array | undefined;
  explainedVarianceRatio: Float64Array | undefined;
  singularValues: Float64Array | undefined;
  /** Which solver the last fit used. */
  solverUsed: 'exact-covariance' | 'exact-gram' | 'randomized' | undefined;

  constructor(options: PcaOptions = {}) {
    this.options = parseReducerOptions(PcaOptionsSchema, options, 'pca');
  }

  get nComponents(): number {
    return this.options.nComponents;
  }

  /** Learns the axes from `x` and returns its projection (`x.rows × nComponents`). */
  async fit(x: Matrix, options: ReduceRunOptions = {}): Promise<Matrix> {
    checkInput(x, 'pca', 2);
    const n = x.rows;
    const d = x.cols;
    const k = this.options.nComponents;
    const rank = Math.min(n, d);
    if (k > rank) {
      throw new InputError(`pca: nComponents = ${k} but the data has rank at most min(n, d) = ${rank}.`, {
        code: 'BAD_RANK',
        field: 'nComponents',
        fix: `Use nComponents ≤ ${rank}.`,
      });
    }
    const { signal, onProgress } = options;
    const seed = options.seed ?? this.options.seed;
    const report = (done: number, step: string): void => onProgress?.({ stage: 'reduce', step, done, total: 3 });
    const mean = columnMeans(x);
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const v = x.data[i * d + j]! - mean[j]!;
        total += v * v;
      }
    }
    total /= n - 1;
    report(1, 'mean');
    await checkpoint(signal, 'reduce');
    const exactCost = n * d * rank / 2 + rank ** 3;
    const l = Math.min(rank, k + this.options.nOversamples);
    // The randomized products stride through memory; measured ~3x slower per multiply-add than the
    // blocked scatter matrix, hence the factor.
    const randomCost = 3 * (2 * this.options.nIter + 3) * n * d * l;
    const solver =
      this.options.solver === 'auto' ? (exactCost <= randomCost ? 'exact' : 'randomized') : this.options.solver;
    const components = new Float64Array(k * d);
    const variance = new Float64Array(k);
    const singular = new Float64Array(k);
    if (solver === 'randomized') {
      const svd = randomizedSvd(x, k, {
        seed,
        center: true,
        nIter: this.options.nIter,
        nOversamples: this.options.nOversamples,
      });
      components.set(svd.vt.data);
      for (let c = 0; c < k; c++) {
        singular[c] = svd.s[c]!;
        variance[c] = svd.s[c]! ** 2 / (n - 1);
      }
      this.solverUsed = 'randomized';
    } else if (d <= n) {
      const eig = symmetricEigen({ data: crossProduct(x, mean), rows: d, cols: d });
      for (let c = 0; c < k; c++) {
        const lambda = Math.max(eig.values[c]!, 0);
        singular[c] = Math.sqrt(lambda);
        variance[c] = lambda / (n - 1);
        components.set(eig.vectors.data.subarray(c * d, (c + 1) * d), c * d);
      }
      this.solverUsed = 'exact-covariance';
    } else {
      // Fewer rows than columns: eigenvectors of the n × n Gram matrix give the left singular
      // vectors; the axes are Xcᵀ u / σ.
      const eig = symmetricEigen({ data: gramMatrix(x, mean), rows: n, cols: n });
      const u = new Float64Array(n * k);
      for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) u[i * k + c] = eig.vectors.data[c * n + i]!;
      const v = transposeMultiply(x, u, k, mean);
      for (let c = 0; c < k; c++) {
        const lambda = Math.max(eig.values[c]!, 0);
        const sigma = Math.sqrt(lambda);
        singular[c] = sigma;
        variance[c] = lambda / (n - 1);
        let big = 0;
        let sign = 1;
        for (let j = 0; j < d; j++) {
          const value = sigma > 0 ? v[j * k + c]! / sigma : 0;
          components[c * d + j] = value;
          if (Math.abs(value) > big + 1e-12) {
            big = Math.abs(value);
            sign = value < 0 ? -1 : 1;
          }
        }
        if (sign < 0) for (let j = 0; j < d; j++) components[c * d + j] = -components[c * d + j]!;
      }
      this.solverUsed = 'exact-gram';
    }
    report(2, 'decompose');
    await checkpoint(signal, 'reduce');
    this.mean = mean;
    this.components = { data: components, rows: k, cols: d };
    this.explainedVariance = variance;
    this.singularValues = singular;
    this.explainedVarianceRatio = variance.map((v) => (total > 0 ? v / total : 0));
    const y = this.project(x);
    report(3, 'project');
    return y;
  }

  /** Projects new rows onto the fitted axes. */
  async transform(x: Matrix, options: RunOptions = {}): Promise<Matrix> {
    const y = this.project(x);
    await checkpoint(options.signal, 'reduce');
    return y;
  }

  /**
   * Synchronous projection onto the fitted axes (`x.rows × nComponents`, Float64). Large inputs
   * (n·d·k ≥ 2²⁶) use SIMD float32 dot products (relative error ~1e-6).
   */
  project(x: Matrix): Matrix<Float64Array> {
    const { mean, components, explainedVariance } = this.fitted();
    checkWidth(x, mean.length, 'pca');
    const k = components.rows;
    const d = components.cols;
    const n = x.rows;
    const scale = new Float64Array(k).fill(1);
    if (this.options.whiten) for (let c = 0; c < k; c++) scale[c] = explainedVariance[c]! > 0 ? 1 / Math.sqrt(explainedVariance[c]!) : 0;
    const out = new Float64Array(n * k);
    const row = new Float64Array(d);
    const comp = components.data;
    if (n * d * k >= 2 ** 26) {
      const kern = loadKernels(k * d + d);
      if (kern) {
        // SIMD dot products in float32 (relative error ~1e-6): components at 0, the row after them.
        const floats = kern.floats;
        floats.set(comp);
        const at = k * d;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < d; j++) floats[at + j] = x.data[i * d + j]! - mean[j]!;
          for (let c = 0; c < k; c++) out[i * k + c] = kern.dot(c * d, at, d) * scale[c]!;
        }
        return { data: out, rows: n, cols: k };
      }
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) row[j] = x.data[i * d + j]! - mean[j]!;
      for (let c = 0; c < k; c++) {
        const o = c * d;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let j = 0;
        for (; j < d - 3; j += 4) {
          s0 += row[j]! * comp[o + j]!;
          s1 += row[j + 1]! * comp[o + j + 1]!;
          s2 += row[j + 2]! * comp[o + j + 2]!;
          s3 += row[j + 3]! * comp[o + j + 3]!;
        }
        for (; j < d; j++) s0 += row[j]! * comp[o + j]!;
        out[i * k + c] = (s0 + s1 + (s2 + s3)) * scale[c]!;
      }
    }
    return { data: out, rows: n, cols: k };
  }

  /** Maps projected rows back to the input space (exact when nComponents = d). */
  inverseTransform(y: Matrix): Matrix<Float64Array> {
    const { mean, components, explainedVariance } = this.fitted();
    const k = components.rows;
    const d = components.cols;
    checkWidth(y, k, 'pca.inverse');
    const out = new Float64Array(y.rows * d);
    for (let i = 0; i < y.rows; i++) {
      const o = i * d;
      out.set(mean, o);
      for (let c = 0; c < k; c++) {
        let v = y.data[i * k + c]!;
        if (this.options.whiten) v *= Math.sqrt(explainedVariance[c]!);
        if (v === 0) continue;
        const co = c * d;
        for (let j = 0; j < d; j++) out[o + j] = out[o + j]! + v * components.data[co + j]!;
      }
    }
    return { data: out, rows: y.rows, cols: d };
  }

  private fitted(): { mean: Float64Array; components: Matrix<Float64Array>; explainedVariance: Float64Array } {
    if (!this.mean || !this.components || !this.explainedVariance) {
      throw new ModelError('PCA is not fitted yet.', { code: 'NOT_FITTED', field: 'pca', fix: 'Call fit(x) first.' });
    }
    return { mean: this.mean, components: this.components, explainedVariance: this.explainedVariance };
  }
}

/**
 * Projects `x` onto its first principal components (see {@link PCA} for the fitted model).
 *
 * @example
 * const y = await pca(x, { nComponents: 50 }); // x.rows × 50
 */
export async function pca(x: Matrix, options: PcaOptions & ReduceRunOptions = {}): Promise<Matrix> {
  const { signal, onProgress, ...rest } = options;
  const model = new PCA(rest);
  return model.fit(x, { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) });
}
