import { z } from 'zod';
import { parseOptions } from '../config/validate.js';
import { ConfigError, InputError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { checkpoint, throttledProgress, type RunOptions } from '../core/progress.js';
import { finishDistance, prepareRows, sqEuclidean } from './distance.js';
import { createNeighborHeap, heapPush, sortHeap, type NeighborHeap } from './heap.js';
import { loadKernels } from './kernels.js';

/**
 * The k nearest neighbours of every row: row-major `n × k`, nearest first, the row itself excluded.
 * `indices[i*k + j]` is the j-th nearest neighbour of row `i`, at `distances[i*k + j]`.
 * Slots that could not be filled (fewer than k other points) hold index -1 and distance +Infinity.
 */
export interface KnnResult {
  indices: Int32Array;
  distances: Float64Array;
  /** Neighbours per row. */
  k: number;
}

/** Options of {@link knn} and {@link knnQuery}. */
export const KnnOptionsSchema = z.object({
  /** `euclidean` or `cosine` (distance = 1 − cosine similarity). */
  metric: z.enum(['euclidean', 'cosine']).default('euclidean'),
  /** Rows per cache block; 64 suits 384-d rows. */
  blockSize: z.number().int().positive().default(64),
});
/** Options of {@link knn} (input type; everything optional). */
export type KnnOptions = z.input<typeof KnnOptionsSchema> & RunOptions;

// The library-wide option parser (errors name the key, the bad value and the allowed values).
export { parseOptions };

function checkK(k: number, available: number, field = 'k'): void {
  if (!Number.isInteger(k) || k < 1) {
    throw new ConfigError(`k must be a positive integer, got ${k}.`, {
      code: 'INVALID_OPTION',
      field,
      fix: 'Pass k ≥ 1.',
    });
  }
  if (k > available) {
    throw new InputError(`Asked for ${k} neighbours but only ${available} other points exist.`, {
      code: 'TOO_FEW_POINTS',
      field,
      fix: `Use k ≤ ${available}, or pass more rows.`,
    });
  }
}

function heapToResult(heap: NeighborHeap, metric: 'euclidean' | 'cosine'): KnnResult {
  sortHeap(heap);
  const d = heap.distances;
  for (let s = 0; s < d.length; s++) if (d[s] !== Infinity) d[s] = finishDistance(d[s]!, metric);
  return { indices: heap.indices, distances: d, k: heap.k };
}

/**
 * Exact k-nearest neighbours of every row among the other rows, by a blocked all-pairs scan
 * (each pair's distance is computed once and offered to both rows). O(n² · d): right for up to a
 * few thousand rows; use {@link nearestNeighbors} to switch to NN-descent for larger inputs.
 *
 * @example
 * const { indices, distances } = await knn(x, 15, { metric: 'cosine' });
 * indices[0 * 15 + 0]; // nearest neighbour of row 0
 */
export async function knn(x: Matrix, k: number, options: KnnOptions = {}): Promise<KnnResult> {
  const { signal, onProgress, ...rest } = options;
  const opts = parseOptions(KnnOptionsSchema, rest, 'knn');
  const n = x.rows;
  const d = x.cols;
  checkK(k, n - 1);
  const data = prepareRows(x, opts.metric);
  const heap = createNeighborHeap(n, k);
  const block = opts.blockSize;
  const report = throttledProgress(onProgress, 'neighbors', n, 'exact-knn', 1);
  const kern = loadKernels(n * d);
  kern?.floats.set(data);
  const dist = kern ? (i: number, j: number) => kern.sqdist(i * d, j * d, d) : (i: number, j: number) => sqEuclidean(data, i, data, j, d);
  // Work per row block shrinks (upper triangle): yield every ~2e7 distance·dims.
  let sinceYield = 0;
  for (let ib = 0; ib < n; ib += block) {
    const iEnd = Math.min(n, ib + block);
    for (let jb = ib; jb < n; jb += block) {
      const jEnd = Math.min(n, jb + block);
      for (let i = ib; i < iEnd; i++) {
        const jStart = jb > i ? jb : i + 1;
        for (let j = jStart; j < jEnd; j++) {
          const dij = dist(i, j);
          heapPush(heap, i, dij, j, 0);
          heapPush(heap, j, dij, i, 0);
        }
      }
      sinceYield += (iEnd - ib) * (jEnd - jb) * d;
      if (sinceYield > 2e7) {
        sinceYield = 0;
        await checkpoint(signal, 'neighbors');
      }
    }
    report(iEnd);
  }
  return heapToResult(heap, opts.metric);
}

/**
 * Synchronous {@link knn} for small inputs (no progress, no cancellation).
 * @example knnSync(x, 5).indices
 */
export function knnSync(x: Matrix, k: number, options: Omit<KnnOptions, 'signal' | 'onProgress'> = {}): KnnResult {
  const opts = parseOptions(KnnOptionsSchema, options, 'knn');
  const n = x.rows;
  const d = x.cols;
  checkK(k, n - 1);
  const data = prepareRows(x, opts.metric);
  const heap = createNeighborHeap(n, k);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dist = sqEuclidean(data, i, data, j, d);
      heapPush(heap, i, dist, j, 0);
      heapPush(heap, j, dist, i, 0);
    }
  }
  return heapToResult(heap, opts.metric);
}

/**
 * Exact k nearest rows of `reference` for each row of `queries` (a query is not excluded from its
 * own result, since queries and reference are different sets). Used by `transform` of the reducers
 * and `predict` of the clusterers.
 *
 * @example
 * const r = await knnQuery(train, test, 10);
 * r.indices[q * 10]; // nearest training row of query q
 */
export async function knnQuery(
  reference: Matrix,
  queries: Matrix,
  k: number,
  options: KnnOptions = {},
): Promise<KnnResult> {
  const { signal, onProgress, ...rest } = options;
  const opts = parseOptions(KnnOptionsSchema, rest, 'knnQuery');
  if (reference.cols !== queries.cols) {
    throw new InputError(`Queries have ${queries.cols} columns but the reference has ${reference.cols}.`, {
      code: 'BAD_SHAPE',
      field: 'queries',
      fix: 'Pass queries with the same number of columns as the reference rows.',
    });
  }
  checkK(k, reference.rows);
  const d = reference.cols;
  const ref = prepareRows(reference, opts.metric);
  const qs = prepareRows(queries, opts.metric);
  const m = queries.rows;
  const n = reference.rows;
  const heap = createNeighborHeap(m, k);
  const block = opts.blockSize;
  const report = throttledProgress(onProgress, 'neighbors', m, 'knn-query', 1);
  const kern = loadKernels((n + m) * d);
  kern?.floats.set(ref);
  kern?.floats.set(qs, n * d);
  const dist = kern
    ? (q: number, r: number) => kern.sqdist((n + q) * d, r * d, d)
    : (q: number, r: number) => sqEuclidean(qs, q, ref, r, d);
  for (let qb = 0; qb < m; qb += block) {
    const qEnd = Math.min(m, qb + block);
    for (let rb = 0; rb < n; rb += block) {
      const rEnd = Math.min(n, rb + block);
      for (let q = qb; q < qEnd; q++) {
        for (let r = rb; r < rEnd; r++) heapPush(heap, q, dist(q, r), r, 0);
      }
    }
    report(qEnd);
    await checkpoint(signal, 'neighbors');
  }
  return heapToResult(heap, opts.metric);
}
