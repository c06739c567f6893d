import { z } from 'zod';
import type { ReduceRunOptions, Reducer } from '../core/contracts.js';
import { InputError, ModelError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { checkpoint, type RunOptions } from '../core/progress.js';
import { createRng, DEFAULT_SEED, type Rng } from '../core/random.js';
import { knnQuery, type KnnResult } from '../neighbors/knn.js';
import { nearestNeighbors } from '../neighbors/nndescent.js';
import { findAbParams } from './curve.js';
import { fuzzySimplicialSet, intersectWithLabels, smoothKnnDist, type SparseGraph } from './fuzzy.js';
import { epochsPerSample, optimizeLayout } from './layout.js';
import { checkInput, checkWidth, parseReducerOptions } from './options.js';
import { PCA } from './pca.js';
import { scaleInitialLayout, spectralLayout } from './spectral.js';

/** Options of {@link umap} / {@link UMAP}. Defaults follow umap-learn. */
export const UmapOptionsSchema = z
  .object({
    /** Size of the local neighbourhood (the point itself included, as in umap-learn). */
    nNeighbors: z.number().int().min(2).default(15),
    /** Output dimension. */
    nComponents: z.number().int().min(1).max(50).default(2),
    /** How tightly points may pack in the output (0 … spread). */
    minDist: z.number().min(0).default(0.1),
    /** Scale of the embedded points. */
    spread: z.number().positive().default(1),
    metric: z.enum(['euclidean', 'cosine']).default('euclidean'),
    /** Optimisation epochs; default 500 up to 10 000 rows, 200 beyond (umap-learn's rule). */
    nEpochs: z.number().int().min(1).optional(),
    learningRate: z.number().positive().default(1),
    /** Negative samples per positive sample. */
    negativeSampleRate: z.number().int().min(0).default(5),
    /** Weight of the repulsive force (umap-learn's repulsion_strength). */
    repulsionStrength: z.number().min(0).default(1),
    /** Neighbours assumed fully connected (umap-learn's local_connectivity). */
    localConnectivity: z.number().min(0).default(1),
    /** Initial layout: spectral (falls back to PCA when it cannot be computed), pca or random. */
    init: z.enum(['spectral', 'pca', 'random']).default('spectral'),
    /** How much supervised labels (`y`) shape the graph, 0 … 1. */
    targetWeight: z.number().min(0).max(1).default(0.5),
    /** Neighbour search: exact all-pairs, NN-descent, or auto (exact up to 2048 rows). */
    nnMethod: z.enum(['auto', 'exact', 'nndescent']).default('auto'),
    seed: z.number().int().default(DEFAULT_SEED),
  })
  .refine((o) => o.minDist <= o.spread, { message: 'minDist must not exceed spread', path: ['minDist'] });
/** Options of {@link umap} (input type: everything optional). */
export type UmapOptions = z.input<typeof UmapOptionsSchema>;

/** Run options of {@link UMAP.fit}: the usual ones plus optional supervised labels. */
export interface UmapFitOptions extends ReduceRunOptions {
  /** Class label per row for (semi-)supervised UMAP: integers, −1 for unlabelled rows. */
  y?: ArrayLike<number>;
}

/**
 * Uniform Manifold Approximation and Projection on typed arrays, after umap-learn: k-NN graph
 * (exact or NN-descent), fuzzy simplicial set, spectral initialisation, negative-sampling SGD.
 * Seeded and single-threaded in the optimiser, so the same input and seed give byte-identical
 * output. `transform` places new rows by their neighbours among the training rows and refines
 * them with the training layout held fixed.
 *
 * @example
 * const model = new UMAP({ nNeighbors: 15, minDist: 0.1, seed: 7 });
 * const y = await model.fit(x);                // x.rows × 2, Float32
 * const yNew = await model.transform(xNew);    // same space
 */
export class UMAP implements Reducer {
  readonly name = 'umap';
  readonly options: z.output<typeof UmapOptionsSchema>;
  /** The fitted layout. */
  embedding: Matrix<Float32Array> | undefined;
  /** The fuzzy graph the layout was optimised for. */
  graph: SparseGraph | undefined;
  /** Curve parameters found from minDist and spread. */
  readonly a: number;
  readonly b: number;
  private training: Matrix | undefined;
  private trainingGraph: KnnResult | undefined;

  constructor(options: UmapOptions = {}) {
    this.options = parseReducerOptions(UmapOptionsSchema, options, 'umap');
    const { a, b } = findAbParams(this.options.spread, this.options.minDist);
    this.a = a;
    this.b = b;
  }

  get nComponents(): number {
    return this.options.nComponents;
  }

  /** Learns the layout of `x`; returns it (`x.rows × nComponents`). */
  async fit(x: Matrix, options: UmapFitOptions = {}): Promise<Matrix<Float32Array>> {
    checkInput(x, 'umap');
    const { signal, onProgress } = options;
    const o = this.options;
    const n = x.rows;
    const dim = o.nComponents;
    const rng = createRng(options.seed ?? o.seed);
    if (options.y !== undefined && options.y.length !== n) {
      throw new InputError(`umap: y has ${options.y.length} labels but x has ${n} rows.`, {
        code: 'BAD_SHAPE',
        field: 'y',
        fix: 'Pass one label per row (−1 for unlabelled).',
      });
    }
    this.training = x;
    if (n === 1) {
      this.embedding = { data: new Float32Array(dim), rows: 1, cols: dim };
      return this.embedding;
    }
    // 1. Neighbours (self in column 0, as umap-learn).
    const kSelf = Math.min(o.nNeighbors, n);
    const found = await nearestNeighbors(x, kSelf - 1, {
      metric: o.metric,
      method: o.nnMethod,
      seed: rng.uint32() >>> 1,
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
    this.trainingGraph = found;
    const indices = new Int32Array(n * kSelf);
    const distances = new Float64Array(n * kSelf);
    for (let i = 0; i < n; i++) {
      indices[i * kSelf] = i;
      for (let c = 1; c < kSelf; c++) {
        indices[i * kSelf + c] = found.indices[i * (kSelf - 1) + c - 1]!;
        distances[i * kSelf + c] = found.distances[i * (kSelf - 1) + c - 1]!;
      }
    }
    await checkpoint(signal, 'reduce');
    // 2. Fuzzy simplicial set (optionally intersected with labels).
    let { graph } = fuzzySimplicialSet(indices, distances, n, kSelf, o.localConnectivity);
    if (options.y !== undefined) {
      const labels = Int32Array.from(options.y as ArrayLike<number>, (v) => (Number.isFinite(v) ? v : -1));
      const farDist = o.targetWeight < 1 ? 2.5 * (1 / (1 - o.targetWeight)) : 1e12;
      graph = intersectWithLabels(graph, labels, farDist);
    }
    const nEpochs = o.nEpochs ?? (n <= 10000 ? 500 : 200);
    graph = pruneGraph(graph, nEpochs);
    this.graph = graph;
    onProgress?.({ stage: 'reduce', step: 'graph', done: 1, total: 1 });
    await checkpoint(signal, 'reduce');
    // 3. Initial layout.
    const layout = await this.initialLayout(x, graph, dim, rng);
    await checkpoint(signal, 'reduce');
    // 4. SGD.
    const edges = graphEdges(graph, nEpochs);
    await optimizeLayout(
      layout,
      layout,
      edges,
      {
        dim,
        nEpochs,
        a: this.a,
        b: this.b,
        gamma: o.repulsionStrength,
        initialAlpha: o.learningRate,
        negativeSampleRate: o.negativeSampleRate,
        moveOther: true,
        nTailVertices: n,
      },
      rng,
      { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) },
    );
    this.embedding = { data: layout, rows: n, cols: dim };
    return this.embedding;
  }

  private async initialLayout(x: Matrix, graph: SparseGraph, dim: number, rng: Rng): Promise<Float32Array> {
    const n = x.rows;
    const init = this.options.init;
    if (init === 'spectral') {
      const spectral = spectralLayout(graph, dim, rng.fork());
      if (spectral) return scaleInitialLayout(spectral, n, dim, rng);
    }
    if (init !== 'random' && dim <= Math.min(n, x.cols) && n >= 2) {
      const p = new PCA({ nComponents: dim, seed: rng.uint32() >>> 1 });
      const y = await p.fit(x);
      return scaleInitialLayout(y.data as Float64Array, n, dim, rng);
    }
    const out = new Float32Array(n * dim);
    for (let i = 0; i < out.length; i++) out[i] = rng.next() * 20 - 10;
    return out;
  }

  /**
   * Places new rows in the fitted space: their k nearest training rows (exact search) give fuzzy
   * weights, the start position is the weighted mean of those rows' positions, and a short SGD run
   * (a third of the fit epochs, at least 30) refines it with the training layout fixed.
   */
  async transform(x: Matrix, options: RunOptions & { seed?: number } = {}): Promise<Matrix<Float32Array>> {
    const { embedding, training } = this.fitted();
    checkWidth(x, training.cols, 'umap');
    checkInput(x, 'umap.transform');
    const o = this.options;
    const n = training.rows;
    const m = x.rows;
    const dim = o.nComponents;
    if (n === 1) return { data: new Float32Array(m * dim).fill(embedding.data[0] ?? 0), rows: m, cols: dim };
    const k = Math.min(o.nNeighbors, n);
    const found = await knnQuery(training, x, k, {
      metric: o.metric,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const { sigmas, rhos } = smoothKnnDist(found.distances, m, k, Math.max(0, o.localConnectivity - 1));
    const weights = new Float64Array(m * k);
    for (let i = 0; i < m; i++) {
      for (let c = 0; c < k; c++) {
        const s = i * k + c;
        const dd = found.distances[s]! - rhos[i]!;
        weights[s] = dd <= 0 || sigmas[i] === 0 ? 1 : Math.exp(-dd / sigmas[i]!);
      }
    }
    const out = new Float32Array(m * dim);
    for (let i = 0; i < m; i++) {
      let total = 0;
      for (let c = 0; c < k; c++) total += weights[i * k + c]!;
      for (let c = 0; c < k; c++) {
        const w = total > 0 ? weights[i * k + c]! / total : 1 / k;
        const j = found.indices[i * k + c]!;
        for (let t = 0; t < dim; t++) out[i * dim + t] = out[i * dim + t]! + w * embedding.data[j * dim + t]!;
      }
    }
    const fitEpochs = o.nEpochs ?? (n <= 10000 ? 500 : 200);
    const nEpochs = Math.max(30, Math.floor(fitEpochs / 3));
    let max = 0;
    for (let s = 0; s < weights.length; s++) max = Math.max(max, weights[s]!);
    const head: number[] = [];
    const tail: number[] = [];
    const w: number[] = [];
    for (let i = 0; i < m; i++) {
      for (let c = 0; c < k; c++) {
        const v = weights[i * k + c]!;
        if (v < max / nEpochs) continue;
        head.push(i);
        tail.push(found.indices[i * k + c]!);
        w.push(v);
      }
    }
    const rng = createRng(options.seed ?? o.seed);
    await optimizeLayout(
      out,
      embedding.data,
      {
        head: Int32Array.from(head),
        tail: Int32Array.from(tail),
        epochsPerSample: epochsPerSample(Float64Array.from(w), nEpochs),
      },
      {
        dim,
        nEpochs,
        a: this.a,
        b: this.b,
        gamma: o.repulsionStrength,
        initialAlpha: o.learningRate / 4,
        negativeSampleRate: o.negativeSampleRate,
        moveOther: false,
        nTailVertices: n,
      },
      rng,
      options,
    );
    return { data: out, rows: m, cols: dim };
  }

  /** The k-NN graph of the training rows (self excluded), for reuse by clusterers. */
  get neighbors(): KnnResult | undefined {
    return this.trainingGraph;
  }

  private fitted(): { embedding: Matrix<Float32Array>; training: Matrix } {
    if (!this.embedding || !this.training) {
      throw new ModelError('UMAP is not fitted yet.', { code: 'NOT_FITTED', field: 'umap', fix: 'Call fit(x) first.' });
    }
    return { embedding: this.embedding, training: this.training };
  }
}

/** Drops edges weaker than max / nEpochs (they would never be sampled), as umap-learn. */
function pruneGraph(g: SparseGraph, nEpochs: number): SparseGraph {
  let max = 0;
  for (let e = 0; e < g.vals.length; e++) max = Math.max(max, g.vals[e]!);
  const cut = max / nEpochs;
  const rowPtr = new Int32Array(g.n + 1);
  let count = 0;
  for (let e = 0; e < g.vals.length; e++) if (g.vals[e]! >= cut) count++;
  const cols = new Int32Array(count);
  const vals = new Float64Array(count);
  let w = 0;
  for (let i = 0; i < g.n; i++) {
    rowPtr[i] = w;
    for (let e = g.rowPtr[i]!; e < g.rowPtr[i + 1]!; e++) {
      if (g.vals[e]! < cut) continue;
      cols[w] = g.cols[e]!;
      vals[w++] = g.vals[e]!;
    }
  }
  rowPtr[g.n] = w;
  return { n: g.n, rowPtr, cols, vals };
}

function graphEdges(g: SparseGraph, nEpochs: number): { head: Int32Array; tail: Int32Array; epochsPerSample: Float64Array } {
  const nnz = g.vals.length;
  const head = new Int32Array(nnz);
  for (let i = 0; i < g.n; i++) head.fill(i, g.rowPtr[i]!, g.rowPtr[i + 1]!);
  return { head, tail: g.cols, epochsPerSample: epochsPerSample(g.vals, nEpochs) };
}

/**
 * Embeds `x` with UMAP (see {@link UMAP} for the options and `transform`).
 *
 * @example
 * const y = await umap(x, { nNeighbors: 15, minDist: 0.1, metric: 'cosine', seed: 1 });
 */
export async function umap(x: Matrix, options: UmapOptions & UmapFitOptions = {}): Promise<Matrix<Float32Array>> {
  const { signal, onProgress, y, seed, ...rest } = options;
  const model = new UMAP({ ...rest, ...(seed !== undefined ? { seed } : {}) });
  return model.fit(x, {
    ...(signal ? { signal } : {}),
    ...(onProgress ? { onProgress } : {}),
    ...(y !== undefined ? { y } : {}),
  });
}
