import { describe, expect, it } from 'vitest';
import { matrix } from '../../src/core/matrix.js';
import { createRng } from '../../src/core/random.js';
import { knn, knnQuery, knnSync, nearestNeighbors, nnDescent } from '../../src/neighbors/index.js';
import { useWasmKernels } from '../../src/linalg/index.js';
import { AbortError, InputError } from '../../src/core/errors.js';

function bruteForce(x: Float32Array, n: number, d: number, k: number): Int32Array {
  const out = new Int32Array(n * k);
  for (let i = 0; i < n; i++) {
    const ds: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let t = 0; t < d; t++) s += (x[i * d + t]! - x[j * d + t]!) ** 2;
      ds.push([s, j]);
    }
    ds.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let c = 0; c < k; c++) out[i * k + c] = ds[c]![1];
  }
  return out;
}

function clusters(n: number, d: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const centres = Array.from({ length: 8 }, () => Float64Array.from({ length: d }, () => rng.normal() * 3));
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) x[i * d + j] = centres[i % 8]![j]! + rng.normal();
  return x;
}

describe('knn (exact)', () => {
  it('finds the hand-computed neighbours on a line', async () => {
    const x = matrix(new Float64Array([0, 1, 3, 7]), 4, 1);
    const r = await knn(x, 2);
    expect(Array.from(r.indices)).toEqual([1, 2, 0, 2, 1, 0, 2, 1]);
    expect(Array.from(r.distances)).toEqual([1, 3, 1, 2, 2, 3, 4, 6]);
    expect(r.k).toBe(2);
  });

  it('matches brute force and the synchronous version', async () => {
    const n = 300;
    const d = 16;
    const x = clusters(n, d, 1);
    const r = await knn(matrix(x, n, d), 5, { blockSize: 7 });
    expect(Array.from(r.indices)).toEqual(Array.from(bruteForce(x, n, d, 5)));
    expect(Array.from(knnSync(matrix(x, n, d), 5).indices)).toEqual(Array.from(r.indices));
    for (let i = 0; i < n; i++) for (let c = 1; c < 5; c++) expect(r.distances[i * 5 + c]!).toBeGreaterThanOrEqual(r.distances[i * 5 + c - 1]!);
  });

  it('computes cosine distance as 1 − cos', async () => {
    const x = matrix(new Float64Array([1, 0, 2, 0, 0, 3, 1, 1]), 4, 2);
    const r = await knn(x, 1, { metric: 'cosine' });
    expect(r.indices[0]).toBe(1);
    expect(r.distances[0]).toBeCloseTo(0, 12);
    // (1,1) is 45° from every other row.
    expect(r.distances[3]).toBeCloseTo(1 - Math.SQRT1_2, 6);
  });

  it('answers queries against a reference set', async () => {
    const ref = matrix(new Float64Array([0, 10, 20]), 3, 1);
    const q = matrix(new Float64Array([9, 21]), 2, 1);
    const r = await knnQuery(ref, q, 2);
    expect(Array.from(r.indices)).toEqual([1, 0, 2, 1]);
    expect(Array.from(r.distances)).toEqual([1, 9, 1, 11]);
  });

  it('rejects k ≥ n with a fix', async () => {
    await expect(knn(matrix(new Float64Array(3), 3, 1), 3)).rejects.toBeInstanceOf(InputError);
  });

  it('stops on abort', async () => {
    const controller = new AbortController();
    controller.abort();
    const x = clusters(3000, 32, 2);
    await expect(knn(matrix(x, 3000, 32), 5, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
  });
});

describe('nnDescent', () => {
  it('reaches high recall, is seeded and reports progress', async () => {
    const n = 1500;
    const d = 24;
    const x = clusters(n, d, 3);
    const truth = bruteForce(x, n, d, 10);
    const events: number[] = [];
    const r = await nnDescent(matrix(x, n, d), 10, { seed: 4, onProgress: (e) => events.push(e.done) });
    let hits = 0;
    for (let i = 0; i < n; i++) {
      const s = new Set(truth.subarray(i * 10, i * 10 + 10));
      for (let c = 0; c < 10; c++) if (s.has(r.indices[i * 10 + c]!)) hits++;
    }
    expect(hits / (n * 10)).toBeGreaterThan(0.95);
    expect(events.length).toBeGreaterThan(2);
    const again = await nnDescent(matrix(x, n, d), 10, { seed: 4 });
    expect(Array.from(again.indices)).toEqual(Array.from(r.indices));
    const auto = await nearestNeighbors(matrix(x, n, d), 10, { method: 'exact' });
    expect(Array.from(auto.indices)).toEqual(Array.from(truth));
  });
});

describe('WebAssembly kernels', () => {
  it('give the same neighbours as the JavaScript loops', async () => {
    const n = 400;
    const d = 37; // not a multiple of 8 or 64: exercises the tails
    const m = matrix(clusters(n, d, 9), n, d);
    const withWasm = await nnDescent(m, 8, { seed: 2 });
    const exactWasm = await knn(m, 8);
    useWasmKernels(false);
    try {
      const withJs = await nnDescent(m, 8, { seed: 2 });
      const exactJs = await knn(m, 8);
      expect(Array.from(exactWasm.indices)).toEqual(Array.from(exactJs.indices));
      for (let s = 0; s < exactJs.distances.length; s++) expect(exactWasm.distances[s]!).toBeCloseTo(exactJs.distances[s]!, 3);
      let same = 0;
      for (let s = 0; s < withJs.indices.length; s++) if (withJs.indices[s] === withWasm.indices[s]) same++;
      expect(same / withJs.indices.length).toBeGreaterThan(0.95);
    } finally {
      useWasmKernels(true);
    }
  });
});
