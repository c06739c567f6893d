import { z } from 'zod';
import type { ReduceRunOptions, Reducer } from '../core/contracts.js';
import { ConfigError, ModelError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { checkpoint, type RunOptions } from '../core/progress.js';
import { createRng, DEFAULT_SEED } from '../core/random.js';
import { knnQuery } from '../neighbors/knn.js';
import { nearestNeighbors } from '../neighbors/nndescent.js';
import { csrFromTriples, type SparseGraph } from './fuzzy.js';
import { checkInput, checkWidth, parseReducerOptions } from './options.js';
import { PCA } from './pca.js';
import { QuadTree } from './quadtree.js';

/** Options of {@link tsne} / {@link TSNE}. Defaults follow scikit-learn 1.2. */
export const TsneOptionsSchema = z.object({
  /** Output dimension: 2 with Barnes–Hut; any small value with `method: 'exact'`. */
  nComponents: z.number().int().min(1).max(10).default(2),
  /** Effective number of neighbours (5–50 typical). */
  perplexity: z.number().positive().default(30),
  /** Factor on P during the first `explorationIterations`. */
  earlyExaggeration: z.number().positive().default(12),
  /** Step size, or `auto` = max(n / earlyExaggeration / 4, 50) as scikit-learn. */
  learningRate: z.union([z.number().positive(), z.literal('auto')]).default('auto'),
  /** Total gradient-descent iterations. */
  nIter: z.number().int().min(1).default(1000),
  /** Iterations with early exaggeration and momentum 0.5. */
  explorationIterations: z.number().int().min(0).default(250),
  /** Barnes–Hut accuracy: 0 = exact forces, larger = faster and rougher. */
  theta: z.number().min(0).max(1.5).default(0.5),
  /** `barnes-hut` (O(n log n) per iteration, 2-D) or `exact` (O(n²), any dimension). */
  method: z.enum(['barnes-hut', 'exact']).default('barnes-hut'),
  /** Initial layout: PCA scaled to std 1e-4 (scikit-learn's default), or random. */
  init: z.enum(['pca', 'random']).default('pca'),
  metric: z.enum(['euclidean', 'cosine']).default('euclidean'),
  /** Stop when the gradient norm falls below this. */
  minGradNorm: z.number().min(0).default(1e-7),
  seed: z.number().int().default(DEFAULT_SEED),
});
/** Options of {@link tsne} (input type: everything optional). */
export type TsneOptions = z.input<typeof TsneOptionsSchema>;

/**
 * Conditional probabilities from squared distances by a per-point binary search on the Gaussian
 * precision so each row has the wanted perplexity (scikit-learn's `_binary_search_perplexity`).
 * Rows of `sqDistances` are `k` wide; the result has the same layout and each row sums to 1.
 */
export function perplexityProbabilities(sqDistances: Float64Array, n: number, k: number, perplexity: number): Float64Array {
  const p = new Float64Array(n * k);
  const desired = Math.log(perplexity);
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let beta = 1;
    let betaMin = -Infinity;
    let betaMax = Infinity;
    for (let step = 0; step < 100; step++) {
      let sum = 0;
      for (let j = 0; j < k; j++) {
        const v = Math.exp(-sqDistances[o + j]! * beta);
        p[o + j] = v;
        sum += v;
      }
      if (sum === 0) sum = 1e-8;
      let sumDistP = 0;
      for (let j = 0; j < k; j++) {
        p[o + j] = p[o + j]! / sum;
        sumDistP += sqDistances[o + j]! * p[o + j]!;
      }
      const diff = Math.log(sum) + beta * sumDistP - desired;
      if (Math.abs(diff) <= 1e-5) break;
      if (diff > 0) {
        betaMin = beta;
        beta = betaMax === Infinity ? beta * 2 : (beta + betaMax) / 2;
      } else {
        betaMax = beta;
        beta = betaMin === -Infinity ? beta / 2 : (beta + betaMin) / 2;
      }
    }
  }
  return p;
}

/**
 * t-distributed stochastic neighbour embedding, Barnes–Hut (van der Maaten 2014) on a quad tree,
 * following scikit-learn: sparse P from the ⌊3·perplexity⌋ + 1 nearest neighbours, early
 * exaggeration with momentum 0.5, then momentum 0.8, adaptive gains, PCA initialisation. Seeded.
 *
 * t-SNE learns no mapping, so `transform` places each new row at the perplexity-weighted mean of
 * its nearest training rows' positions (a documented nearest-neighbour placement, not a re-fit).
 *
 * @example
 * const model = new TSNE({ perplexity: 30, seed: 3 });
 * const y = await model.fit(x);  // x.rows × 2
 */
export class TSNE implements Reducer {
  readonly name = 'tsne';
  readonly options: z.output<typeof TsneOptionsSchema>;
  embedding: Matrix<Float64Array> | undefined;
  /** Final Kullback–Leibler divergence estimate is not computed; the last gradient norm is. */
  lastGradientNorm: number | undefined;
  private training: Matrix | undefined;

  constructor(options: TsneOptions = {}) {
    this.options = parseReducerOptions(TsneOptionsSchema, options, 'tsne');
    if (this.options.method === 'barnes-hut' && this.options.nComponents !== 2) {
      throw new ConfigError(`Barnes–Hut t-SNE here supports 2 output dimensions, got ${this.options.nComponents}.`, {
        code: 'INVALID_OPTION',
        field: 'nComponents',
        fix: "Use nComponents: 2, or method: 'exact' for other dimensions (O(n²) per iteration).",
      });
    }
  }

  get nComponents(): number {
    return this.options.nComponents;
  }

  async fit(x: Matrix, options: ReduceRunOptions = {}): Promise<Matrix<Float64Array>> {
    checkInput(x, 'tsne', 2);
    const o = this.options;
    const { signal, onProgress } = options;
    const n = x.rows;
    const dim = o.nComponents;
    const rng = createRng(options.seed ?? o.seed);
    this.training = x;
    // 1. Sparse joint probabilities P.
    const k = Math.min(n - 1, Math.floor(3 * o.perplexity + 1));
    const found = await nearestNeighbors(x, k, {
      metric: o.metric,
      seed: rng.uint32() >>> 1,
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
    const sq = new Float64Array(n * k);
    for (let s = 0; s < n * k; s++) {
      const d = found.distances[s]!;
      sq[s] = o.metric === 'cosine' ? d : d * d;
    }
    const cond = perplexityProbabilities(sq, n, k, o.perplexity);
    const rows = new Int32Array(2 * n * k);
    const cols = new Int32Array(2 * n * k);
    const vals = new Float64Array(2 * n * k);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        const s = i * k + c;
        const j = found.indices[s]!;
        rows[2 * s] = i;
        cols[2 * s] = j;
        vals[2 * s] = cond[s]!;
        rows[2 * s + 1] = j;
        cols[2 * s + 1] = i;
        vals[2 * s + 1] = cond[s]!;
      }
    }
    const P = csrFromTriples(n, rows, cols, vals, 2 * n * k);
    let total = 0;
    for (let e = 0; e < P.vals.length; e++) total += P.vals[e]!;
    for (let e = 0; e < P.vals.length; e++) P.vals[e] = P.vals[e]! / Math.max(total, 1e-300);
    await checkpoint(signal, 'reduce');
    // 2. Initial layout.
    const y = new Float64Array(n * dim);
    if (o.init === 'pca' && dim <= Math.min(n, x.cols)) {
      const init = await new PCA({ nComponents: dim, seed: rng.uint32() >>> 1 }).fit(x);
      let mean = 0;
      for (let i = 0; i < n; i++) mean += init.data[i * dim]!;
      mean /= n;
      let v = 0;
      for (let i = 0; i < n; i++) v += (init.data[i * dim]! - mean) ** 2;
      const std = Math.sqrt(v / n) || 1;
      for (let s = 0; s < n * dim; s++) y[s] = (init.data[s]! / std) * 1e-4;
    } else {
      for (let s = 0; s < n * dim; s++) y[s] = rng.normal() * 1e-4;
    }
    // 3. Gradient descent with momentum and gains.
    const learningRate = o.learningRate === 'auto' ? Math.max(n / o.earlyExaggeration / 4, 50) : o.learningRate;
    const update = new Float64Array(n * dim);
    const gains = new Float64Array(n * dim).fill(1);
    const grad = new Float64Array(n * dim);
    const tree = o.method === 'barnes-hut' ? new QuadTree(n) : undefined;
    let lastYield = Date.now();
    for (let it = 0; it < o.nIter; it++) {
      const exploring = it < o.explorationIterations;
      const exaggeration = exploring ? o.earlyExaggeration : 1;
      const momentum = exploring ? 0.5 : 0.8;
      if (tree) barnesHutGradient(y, n, P, exaggeration, o.theta, tree, grad);
      else exactGradient(y, n, dim, P, exaggeration, grad);
      let norm = 0;
      for (let s = 0; s < n * dim; s++) {
        const g = grad[s]!;
        norm += g * g;
        const u = update[s]!;
        let gain = gains[s]!;
        gain = u * g < 0 ? gain + 0.2 : gain * 0.8;
        if (gain < 0.01) gain = 0.01;
        gains[s] = gain;
        const nu = momentum * u - learningRate * g * gain;
        update[s] = nu;
        y[s] = y[s]! + nu;
      }
      this.lastGradientNorm = Math.sqrt(norm);
      if ((it + 1) % 10 === 0 || it === o.nIter - 1) onProgress?.({ stage: 'reduce', step: 'optimize', done: it + 1, total: o.nIter });
      const now = Date.now();
      if (now - lastYield > 50) {
        lastYield = now;
        await checkpoint(signal, 'reduce');
      }
      if (!exploring && this.lastGradientNorm < o.minGradNorm) break;
    }
    await checkpoint(signal, 'reduce');
    this.embedding = { data: y, rows: n, cols: dim };
    return this.embedding;
  }

  /**
   * Places new rows at the perplexity-weighted mean position of their nearest training rows (t-SNE
   * itself has no out-of-sample mapping; this is a nearest-neighbour placement).
   */
  async transform(x: Matrix, options: RunOptions = {}): Promise<Matrix<Float64Array>> {
    if (!this.embedding || !this.training) {
      throw new ModelError('TSNE is not fitted yet.', { code: 'NOT_FITTED', field: 'tsne', fix: 'Call fit(x) first.' });
    }
    checkWidth(x, this.training.cols, 'tsne');
    checkInput(x, 'tsne.transform');
    const o = this.options;
    const n = this.training.rows;
    const dim = o.nComponents;
    const k = Math.min(n, Math.max(1, Math.floor(3 * o.perplexity + 1)));
    const found = await knnQuery(this.training, x, k, { metric: o.metric, ...options });
    const sq = found.distances.map((d) => (o.metric === 'cosine' ? d : d * d));
    const p = perplexityProbabilities(sq, x.rows, k, Math.min(o.perplexity, k));
    const out = new Float64Array(x.rows * dim);
    for (let i = 0; i < x.rows; i++) {
      for (let c = 0; c < k; c++) {
        const j = found.indices[i * k + c]!;
        const w = p[i * k + c]!;
        for (let t = 0; t < dim; t++) out[i * dim + t] = out[i * dim + t]! + w * this.embedding.data[j * dim + t]!;
      }
    }
    return { data: out, rows: x.rows, cols: dim };
  }
}

function barnesHutGradient(
  y: Float64Array,
  n: number,
  P: SparseGraph,
  exaggeration: number,
  theta: number,
  tree: QuadTree,
  grad: Float64Array,
): void {
  tree.build(y, n);
  const theta2 = theta * theta;
  const { child } = tree;
  const packed = tree.packed;
  const stack = new Int32Array(4 * 64 + 8);
  let sumQ = 0;
  // Repulsive forces (unnormalised) into grad, Z into sumQ.
  for (let i = 0; i < n; i++) {
    const xi = y[2 * i]!;
    const yi = y[2 * i + 1]!;
    let fx = 0;
    let fy = 0;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top]!;
      const o = node * 4;
      const c = packed[o + 3]!;
      const dx = xi - packed[o]!;
      const dy = yi - packed[o + 1]!;
      const d2 = dx * dx + dy * dy;
      const first = child[node]!;
      if (first === -1 || packed[o + 2]! < theta2 * d2) {
        if (d2 === 0) {
          // The point itself (and exact duplicates): no force, duplicates still count in Z.
          if (c > 1) sumQ += c - 1;
          continue;
        }
        const q = 1 / (1 + d2);
        const cq = c * q;
        sumQ += cq;
        fx += cq * q * dx;
        fy += cq * q * dy;
      } else {
        // Only non-empty quadrants go on the stack.
        const f4 = first * 4 + 3;
        if (packed[f4]! > 0) stack[top++] = first;
        if (packed[f4 + 4]! > 0) stack[top++] = first + 1;
        if (packed[f4 + 8]! > 0) stack[top++] = first + 2;
        if (packed[f4 + 12]! > 0) stack[top++] = first + 3;
      }
    }
    grad[2 * i] = fx;
    grad[2 * i + 1] = fy;
  }
  const invZ = sumQ > 0 ? 1 / sumQ : 0;
  for (let i = 0; i < n; i++) {
    const xi = y[2 * i]!;
    const yi = y[2 * i + 1]!;
    let ax = 0;
    let ay = 0;
    for (let e = P.rowPtr[i]!; e < P.rowPtr[i + 1]!; e++) {
      const j = P.cols[e]!;
      const dx = xi - y[2 * j]!;
      const dy = yi - y[2 * j + 1]!;
      const w = (P.vals[e]! * exaggeration) / (1 + dx * dx + dy * dy);
      ax += w * dx;
      ay += w * dy;
    }
    grad[2 * i] = 4 * (ax - grad[2 * i]! * invZ);
    grad[2 * i + 1] = 4 * (ay - grad[2 * i + 1]! * invZ);
  }
}

function exactGradient(y: Float64Array, n: number, dim: number, P: SparseGraph, exaggeration: number, grad: Float64Array): void {
  grad.fill(0);
  let sumQ = 0;
  const rep = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let d2 = 0;
      for (let t = 0; t < dim; t++) d2 += (y[i * dim + t]! - y[j * dim + t]!) ** 2;
      const q = 1 / (1 + d2);
      sumQ += 2 * q;
      const q2 = q * q;
      for (let t = 0; t < dim; t++) {
        const diff = y[i * dim + t]! - y[j * dim + t]!;
        rep[i * dim + t] = rep[i * dim + t]! + q2 * diff;
        rep[j * dim + t] = rep[j * dim + t]! - q2 * diff;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let e = P.rowPtr[i]!; e < P.rowPtr[i + 1]!; e++) {
      const j = P.cols[e]!;
      let d2 = 0;
      for (let t = 0; t < dim; t++) d2 += (y[i * dim + t]! - y[j * dim + t]!) ** 2;
      const w = (P.vals[e]! * exaggeration) / (1 + d2);
      for (let t = 0; t < dim; t++) grad[i * dim + t] = grad[i * dim + t]! + w * (y[i * dim + t]! - y[j * dim + t]!);
    }
    for (let t = 0; t < dim; t++) grad[i * dim + t] = 4 * (grad[i * dim + t]! - rep[i * dim + t]! / sumQ);
  }
}

/**
 * Embeds `x` with t-SNE (see {@link TSNE}).
 * @example const y = await tsne(x, { perplexity: 30, seed: 1 });
 */
export async function tsne(x: Matrix, options: TsneOptions & ReduceRunOptions = {}): Promise<Matrix<Float64Array>> {
  const { signal, onProgress, ...rest } = options;
  return new TSNE(rest).fit(x, { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) });
}
